#!/usr/bin/env python3
"""Build a labelled evaluation set for `warden screen`.

Writes DIR/eval.jsonl ({"id", "title", "brand"?, "authorisedBrands"?} per
line) and DIR/labels.jsonl ({"id", "kind", "term", "technique", "disguise",
"brand"?} per line). The output is a function of --seed only: same seed,
byte-identical files.

  kind       "positive" | "hard-negative" | "ordinary", and for counterfeit
             signals "brand" (a brand named, the shop not authorised: should go
             to review with a brand:<code> finding), "brand-authorised" (the
             same kind of title from an authorised shop: should pass) and
             "brand-negative" (everyday words that share a brand's name, and
             compatible accessories: should pass)
  term       the prohibited term a positive hides (null otherwise)
  technique  the disguise, named as the screener reports it (null otherwise):
             exact, separated, traditional, split, repeated, pinyin,
             initials, mixed, homophone. Combined disguises
             ("separated+traditional", "pinyin+separated") are labelled with
             their first technique; `disguise` keeps the full name (for hard
             negatives it names the benign phrase).

Prohibited terms come from Sources/WardenScreening/Resources/screening-terms.yaml
(the `- {term: X, ...}` lines of `categories`; terms of 2+ characters only).
Terms with Latin letters (K粉, GPS干扰, VPN) get only the character disguises.
Readings not in the hand table come from the committed tables
(Resources/tables/pinyin.tsv, first reading, and phrases.tsv for two-character
words), read as plain files.

Usage: scripts/screening/make_eval.py --seed 7 --out DIR
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TERMS_YAML = REPO / "Sources/WardenScreening/Resources/screening-terms.yaml"
TABLES = REPO / "Sources/WardenScreening/Resources/tables"

POSITIVES_PER_TECHNIQUE = 100
POSITIVES_PER_COMBINATION = 20
HARD_NEGATIVES = 1500
ORDINARY = 5000
BRAND_PER_TECHNIQUE = 30
BRAND_AUTHORISED = 200
BRAND_NEGATIVES = 400

TECHNIQUES = ["exact", "separated", "traditional", "split", "repeated", "pinyin", "initials", "mixed", "homophone"]
COMBINATIONS = ["separated+traditional", "pinyin+separated"]

# --- hand tables for the characters of the terms ----------------------------

# Traditional forms. The brief's map, plus 獵 氣 竊 頭 鹼 單 (also standard
# traditional forms of term characters). 刀, 匕 and the others have none.
TRADITIONAL = {
    "枪": "槍", "弹": "彈", "药": "藥", "听": "聽", "摄": "攝", "针": "針",
    "踪": "蹤", "复": "複", "制": "製",
    "猎": "獵", "气": "氣", "窃": "竊", "头": "頭", "碱": "鹼", "单": "單",
    # Characters of the terms added with the full RULES.md §8 dictionary.
    "证": "證", "币": "幣", "钞": "鈔", "烟": "煙", "罂": "罌", "鸦": "鴉", "军": "軍",
    "衔": "銜", "赌": "賭", "击": "擊", "电": "電", "镖": "鏢", "礼": "禮", "剧": "劇",
    "险": "險", "学": "學", "钾": "鉀", "钠": "鈉", "锰": "錳", "麦": "麥", "兴": "興",
    "奋": "奮", "剂": "劑", "伪": "偽", "设": "設", "备": "備", "银": "銀", "个": "個",
    "资": "資", "间": "間", "谍": "諜", "软": "軟", "机": "機", "监": "監", "视": "視",
    "镜": "鏡", "遥": "遙", "转": "轉", "车": "車", "隐": "隱", "挡": "擋", "喷": "噴",
    "雾": "霧", "扰": "擾", "测": "測", "胆": "膽", "鱼": "魚", "猫": "貓", "国": "國",
    "护": "護", "动": "動", "级": "級", "体": "體", "肾": "腎", "遗": "遺", "类": "類",
    "传": "傳", "话": "話", "网": "網", "裤": "褲", "丝": "絲", "袜": "襪", "书": "書",
    "轮": "輪", "墙": "牆", "点": "點", "罚": "罰", "没": "沒", "赃": "贓", "卷": "捲",
    "叶": "葉", "办": "辦", "开": "開", "发": "發", "录": "錄", "户": "戶", "龟": "龜",
    "弩": "弩", "枯": "枯", "杀": "殺", "门": "門",
}

# Component splits: a character written as its two parts side by side.
SPLIT = {
    "枪": "木仓", "炸": "火乍", "张": "弓长", "烟": "火因", "炮": "火包", "棍": "木昆", "粉": "米分",
    "镖": "金票", "证": "言正", "钞": "金少", "钾": "金甲", "钠": "金内", "胆": "月旦", "吗": "口马",
    "啡": "口非", "针": "金十", "狗": "犬句", "猫": "犬苗", "镜": "金竟", "赌": "贝者",
}

# Toneless readings. 弹 reads dan in 子弹/炸弹 and tan in 弹簧刀 (see reading()).
PINYIN = {
    "仿": "fang", "真": "zhen", "枪": "qiang", "支": "zhi", "气": "qi", "猎": "lie",
    "手": "shou", "子": "zi", "弹": "dan", "管": "guan", "制": "zhi", "刀": "dao",
    "具": "ju", "簧": "huang", "三": "san", "棱": "leng", "匕": "bi", "首": "shou",
    "炸": "zha", "药": "yao", "雷": "lei", "冰": "bing", "毒": "du", "大": "da",
    "麻": "ma", "摇": "yao", "头": "tou", "丸": "wan", "黄": "huang", "碱": "jian",
    "窃": "qie", "听": "ting", "器": "qi", "针": "zhen", "孔": "kong", "摄": "she",
    "像": "xiang", "定": "ding", "位": "wei", "跟": "gen", "踪": "zong", "高": "gao",
    "原": "yuan", "单": "dan", "复": "fu", "刻": "ke",
}
READING_OVERRIDES = {("弹簧刀", 0): "tan"}

# Same-sound substitutes, keyed by character, each with the reading it shares.
HOMOPHONES = {
    "枪": ("qiang", ["抢", "呛"]), "支": ("zhi", ["只", "之"]), "药": ("yao", ["要", "耀"]),
    "毒": ("du", ["独", "读"]), "弹": ("dan", ["单"]), "器": ("qi", ["气"]),
    "听": ("ting", ["厅"]), "刀": ("dao", ["导"]), "麻": ("ma", ["马"]),
    "首": ("shou", ["手"]), "雷": ("lei", ["蕾"]), "炸": ("zha", ["渣"]),
    "烟": ("yan", ["焉", "燕"]), "证": ("zheng", ["正"]), "币": ("bi", ["必"]), "钞": ("chao", ["超"]),
    "票": ("piao", ["缥"]), "镖": ("biao", ["彪"]), "军": ("jun", ["君"]), "服": ("fu", ["福"]),
    "牙": ("ya", ["芽"]), "胆": ("dan", ["旦"]), "翅": ("chi", ["赤"]), "拍": ("pai", ["排"]),
    "赌": ("du", ["堵"]), "片": ("pian", ["骗"]), "墙": ("qiang", ["强"]), "卡": ("ka", ["咖"]),
}

SEPARATORS = [" ", " ", "·", "*", "-", "_", ".", "/", "|", "~", "⭐", "🔥", "❤", "\u200b", "\u200b", "  "]

# --- title furniture --------------------------------------------------------

PREFIXES = ["正品", "包邮", "现货", "批发", "新款", "2024新款", "限时特价", "厂家直销", "热卖", "爆款",
            "【现货】", "【包邮】", "【正品】", "【限时特价】", "【新款】", "【2024新款】", "【批发】", "【收藏】"]
SUFFIXES = ["模型", "配件", "收藏", "包邮", "现货", "批发", "正品", "新款", "限时特价", "速发", "一件代发",
            "【包邮】", "【现货】", "【收藏级】", "【顺丰】", "套装", "全套", "秒发", "可验货"]
# Context words by category of the term, so that titles read like listings.
CONTEXT = {
    "firearms": ["金属", "全金属", "1:1", "合金", "户外", "军迷", "老式", "进口", "大威力"],
    "controlled-knives": ["户外", "折叠", "便携", "锋利", "大马士革钢", "开刃", "军迷", "随身"],
    "explosives": ["工业", "矿用", "爆破", "大威力", "定制", "成品"],
    "drugs": ["纯度高", "原装", "进口", "成品", "散装", "高纯", "渠道货"],
    "surveillance": ["无线", "远程", "微型", "隐藏式", "高清", "手机远程", "超长待机", "迷你"],
    "counterfeit-tell-tales": ["大牌", "名牌", "奢侈品", "专柜", "同款", "女包", "手表", "球鞋", "卫衣", "香水"],
    "fireworks": ["过年", "春节", "婚庆", "大型", "整箱", "批发价"],
    "toxic-chemicals": ["工业级", "分析纯", "实验室", "高纯度", "500g", "试剂"],
    "precursors": ["工业级", "分析纯", "试剂", "高纯", "桶装"],
    "psychotropic-drugs": ["无需处方", "进口", "强效", "原装", "速效"],
    "forgery": ["高质量", "可过验钞机", "全套", "加急", "包过", "真实可查"],
    "personal-data": ["最新", "精准", "实时", "全国", "批量"],
    "gambling-cheating": ["高科技", "隐形", "必赢", "扑克", "麻将"],
    "traffic-evasion": ["汽车", "电子眼", "防拍", "车载", "遥控"],
    "wildlife": ["野生", "老料", "收藏级", "原支", "天然", "珍品"],
    "human-organs": ["真实", "急需", "医院", "私下"],
    "adult-knockout": ["无色无味", "男女", "速效", "私密发货", "成人"],
    "subversive": ["海外版", "禁书", "原版", "内部资料"],
    "circumvention": ["稳定", "高速", "不限流量", "永久", "手机电脑"],
    "illegal-gains": ["低价", "海关", "清仓", "来路", "一手货源"],
    "tobacco": ["整条", "正品", "口粮", "批发", "免税"],
    "military-police": ["正品", "新式", "全套", "配发", "制式"],
    "restricted-weapons": ["户外", "狩猎", "专业", "精准", "金属"],
}
GENERIC_CONTEXT = ["正品", "现货", "批发", "进口", "全新"]


def parse_terms(path: Path) -> list[tuple[str, str]]:
    """(term, category code) for every `- {term: X ...}` line under `categories`."""
    terms: list[tuple[str, str]] = []
    category = None
    in_categories = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not raw.startswith(" "):
            in_categories = line.startswith("categories:")
            continue
        if not in_categories:
            continue
        m = re.match(r"\s*-\s*code:\s*(\S+)", line)
        if m:
            category = m.group(1)
            continue
        m = re.match(r"\s*-\s*\{\s*term:\s*([^,}\s]+)", line)
        if m and category:
            terms.append((m.group(1), category))
    return terms


def load_readings() -> tuple[dict[str, str], dict[str, list[str]]]:
    """First readings per character (pinyin.tsv) and two-character word readings
    (phrases.tsv) from the committed tables."""
    chars: dict[str, str] = {}
    words: dict[str, list[str]] = {}
    for line in (TABLES / "pinyin.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        ch, readings = line.split("\t")[:2]
        chars[ch] = readings.split(",")[0]
    for line in (TABLES / "phrases.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        word, reading_ = line.split("\t")[:2]
        words[word] = reading_.split(" ")
    return chars, words


TABLE_CHARS, TABLE_WORDS = load_readings()


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def reading(term: str, index: int) -> str:
    if (term, index) in READING_OVERRIDES:
        return READING_OVERRIDES[(term, index)]
    if term[index] in PINYIN:
        return PINYIN[term[index]]
    for start in (index - 1, index):
        pair = term[start:start + 2] if start >= 0 else ""
        if len(pair) == 2 and pair in TABLE_WORDS:
            return TABLE_WORDS[pair][index - start]
    return TABLE_CHARS[term[index]]


def all_han(term: str) -> bool:
    return all(is_han(c) for c in term)


def title_case(rng: random.Random, syllables: list[str]) -> list[str]:
    style = rng.choice(["lower", "lower", "upper", "capital"])
    if style == "upper":
        return [s.upper() for s in syllables]
    if style == "capital":
        return [s.capitalize() for s in syllables]
    return syllables


# --- disguises: each returns the disguised term, or None when it does not apply ---

def d_exact(rng, term):
    return term


def d_separated(rng, term):
    sep = rng.choice(SEPARATORS)
    if rng.random() < 0.3:  # a different separator at each gap
        return term[0] + "".join(rng.choice(SEPARATORS) + c for c in term[1:])
    return sep.join(term)


def d_traditional(rng, term):
    if not any(c in TRADITIONAL for c in term):
        return None
    return "".join(TRADITIONAL.get(c, c) for c in term)


def d_split(rng, term):
    if not any(c in SPLIT for c in term):
        return None
    return "".join(SPLIT.get(c, c) for c in term)


def d_repeated(rng, term):
    i = rng.randrange(len(term))
    return term[:i] + term[i] * rng.choice([2, 2, 3]) + term[i + 1:]


def d_pinyin(rng, term):
    if not all_han(term):
        return None
    syllables = title_case(rng, [reading(term, i) for i in range(len(term))])
    return rng.choice([" ", ""]).join(syllables)


def d_initials(rng, term):
    if len(term) < 3 or not all_han(term):
        return None
    letters = "".join(reading(term, i)[0] for i in range(len(term)))
    return letters.upper() if rng.random() < 0.4 else letters


def d_mixed(rng, term):
    if not all_han(term):
        return None
    n = rng.randrange(1, len(term))  # replace 1..len-1 characters, keep at least one
    chosen = set(rng.sample(range(len(term)), n))
    parts = []
    upper = rng.random() < 0.25
    for i, c in enumerate(term):
        if i in chosen:
            p = reading(term, i)
            parts.append(p.upper() if upper else p)
        else:
            parts.append(c)
    return "".join(parts)


def d_homophone(rng, term):
    options = []
    for i, c in enumerate(term):
        if c in HOMOPHONES:
            sound, subs = HOMOPHONES[c]
            if sound == reading(term, i):
                options += [(i, s) for s in subs]
    if not options:
        return None
    i, s = rng.choice(options)
    return term[:i] + s + term[i + 1:]


def d_separated_traditional(rng, term):
    t = d_traditional(rng, term)
    return None if t is None else d_separated(rng, t)


def d_pinyin_separated(rng, term):
    if not all_han(term):
        return None
    syllables = title_case(rng, [reading(term, i) for i in range(len(term))])
    sep = rng.choice(["·", "-", "_", ".", "⭐", "🔥", "\u200b", "/", "*"])
    return sep.join(syllables)


DISGUISES = {
    "exact": d_exact, "separated": d_separated, "traditional": d_traditional, "split": d_split,
    "repeated": d_repeated, "pinyin": d_pinyin, "initials": d_initials, "mixed": d_mixed,
    "homophone": d_homophone, "separated+traditional": d_separated_traditional,
    "pinyin+separated": d_pinyin_separated,
}


def is_latin_edge(s: str, at_start: bool) -> bool:
    c = s[0] if at_start else s[-1]
    return c.isascii() and c.isalnum()


def join_parts(rng: random.Random, parts: list[str]) -> str:
    """Join title parts the way sellers do: mostly spaces, sometimes nothing; never
    glue two Latin/digit runs together (that would change the disguise)."""
    out = parts[0]
    for p in parts[1:]:
        glue = rng.choice([" ", " ", " ", ""])
        if out.endswith("】") or p.startswith("【"):
            glue = rng.choice(["", " "])
        if not glue and is_latin_edge(out, False) and is_latin_edge(p, True):
            glue = " "
        out += glue + p
    return out


def positive_title(rng: random.Random, disguised: str, category: str) -> str:
    parts: list[str] = []
    if rng.random() < 0.75:
        parts.append(rng.choice(PREFIXES))
    if rng.random() < 0.6:
        parts.append(rng.choice(CONTEXT.get(category, GENERIC_CONTEXT)))
    parts.append(disguised)
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        s = rng.choice(SUFFIXES)
        if s.strip("【】") not in {p.strip("【】") for p in parts}:
            parts.append(s)
    return join_parts(rng, parts)


def make_positives(rng: random.Random, terms: list[tuple[str, str]]) -> list[tuple[str, dict]]:
    items = []
    for name in TECHNIQUES + COMBINATIONS:
        fn = DISGUISES[name]
        eligible = sorted({t for t in terms if fn(random.Random(0), t[0]) is not None})
        want = POSITIVES_PER_COMBINATION if "+" in name else POSITIVES_PER_TECHNIQUE
        seen: set[str] = set()
        # Cycle through the eligible terms so that every term gets its share.
        order: list[tuple[str, str]] = []
        while len(order) < want * 3:
            batch = eligible[:]
            rng.shuffle(batch)
            order += batch
        for term, category in order:
            if len(seen) >= want:
                break
            disguised = fn(rng, term)
            if disguised is None:
                continue
            title = positive_title(rng, disguised, category)
            if title in seen:
                continue
            seen.add(title)
            technique = name.split("+")[0]
            items.append((title, {"kind": "positive", "term": term, "technique": technique, "disguise": name}))
    return items


# --- hard negatives ------------------------------------------------------------

# benign phrase -> (lead-ins, tails) that make a realistic listing around it
HARD = {
    "水枪": (["儿童", "大号", "夏季", "背包式", "抽拉式", "沙滩"], ["戏水玩具", "大容量", "男孩女孩", "漂流打水仗", "高压远射程"]),
    "玩具枪": (["儿童", "软弹", "声光", "宝宝", "电动"], ["男孩玩具", "3-6岁", "生日礼物", "安全无毒", "带音乐"]),
    "泡泡枪": (["全自动", "加特林", "网红", "儿童", "手持"], ["泡泡机", "带泡泡水", "户外玩具", "电动吹泡泡"]),
    "喷枪": (["卡式炉", "烧烤", "高温", "户外", "厨房"], ["点火器", "焊接", "烘焙炙烤", "便携"]),
    "热熔胶枪": (["家用", "手工", "DIY", "小号", "大功率"], ["送胶棒", "20W", "手工制作", "电热熔胶"]),
    "焊枪": (["电烙铁", "二保", "氩弧", "家用", "数显调温"], ["焊接工具", "焊锡", "套装", "维修"]),
    "筋膜枪": (["迷你", "专业", "肌肉", "便携", "静音"], ["按摩器", "健身放松", "颈部放松", "充电款"]),
    "按摩枪": (["家用", "深层", "肌肉放松", "多档位", "筋膜"], ["按摩器", "颈部", "送礼", "智能"]),
    "测温枪": (["红外", "工业", "厨房", "高精度", "手持"], ["温度计", "油温", "电子测温仪", "非接触"]),
    "枪色": (["复古", "金属", "北欧", "轻奢"], ["水龙头", "门把手", "拉手", "挂钩", "五金"]),
    "枪灰色": (["工业风", "金属", "防水", "磨砂"], ["机箱", "行李箱", "拉杆箱", "卫浴五金", "花洒套装"]),
    "洗车枪": (["高压", "家用", "伸缩", "多功能"], ["水管", "浇花", "洗车神器", "喷头"]),
    "沐浴炸弹": (["泡澡", "精油", "玫瑰", "气泡", "礼盒装"], ["浴球", "泡泡浴", "香氛", "女生礼物"]),
    "炸弹面包": (["网红", "爆浆", "奶酪", "早餐", "手撕"], ["糕点", "零食", "整箱", "下午茶"]),
    "子弹头包": (["潮牌", "胸包", "斜挎", "运动", "腰包"], ["男士", "女士", "小众设计", "大容量"]),
    "子弹杯": (["玻璃", "烈酒", "一口杯", "家用", "创意"], ["白酒杯", "套装", "6只装", "酒具"]),
    "大麻籽油": (["冷榨", "食用", "巴马", "火麻"], ["500ml", "植物油", "礼盒", "孕妇可用"]),
    "工业大麻": (["云南", "纤维", "汉麻"], ["面料", "纺织", "衬衫", "凉席", "床品"]),
    "强制": (["国家", "3C", "通过"], ["3C认证", "性产品认证", "插线板", "儿童安全座椅", "电动车头盔"]),
    "抢购": (["限时", "秒杀", "火爆", "今日"], ["纸巾", "洗衣液", "大米", "整箱", "福利"]),
    "冰箱": (["家用", "小型", "双开门", "宿舍", "车载"], ["一级能效", "冷藏冷冻", "节能", "静音"]),
    "冰糖": (["老冰糖", "单晶", "黄", "云南", "土"], ["500g", "煲汤", "泡茶", "散装"]),
    "毒液": (["漫威", "电影", "正版"], ["手办", "周边", "T恤", "模型摆件", "钥匙扣", "海报"]),
    "手枪钻": (["充电式", "锂电", "家用", "多功能", "小型"], ["电钻", "电动螺丝刀", "套装", "工具箱"]),
    "手枪式握把": (["相机", "云台", "铝合金", "稳定器"], ["手柄", "配件", "快装板", "摄影"]),
    "气球": (["生日", "铝膜", "加厚", "婚礼", "字母"], ["派对装饰", "布置", "套装", "100个装"]),
    "弹簧": (["压缩", "拉伸", "不锈钢", "减震", "扭力"], ["五金", "弹簧片", "定制", "一盒"]),
    "刀叉餐具": (["西餐", "不锈钢", "牛排", "家用", "便携"], ["套装", "勺子", "礼盒", "学生"]),
    "水果刀": (["家用", "不锈钢", "陶瓷", "削皮", "折叠"], ["厨房", "小刀", "带刀套", "宿舍"]),
    # Look-alikes of the terms of the full RULES.md §8 dictionary: same characters...
    "冰壶运动": (["儿童", "桌面", "陆地", "室内"], ["玩具", "亲子游戏", "套装", "冬奥同款"]),
    "象牙白": (["奶油风", "北欧", "纯色", "哑光"], ["衣柜", "床头柜", "瓷砖", "衬衫", "乳胶漆"]),
    "象牙果": (["天然", "手工", "雕刻"], ["手串", "纽扣", "摆件", "DIY材料"]),
    "虎皮鹦鹉": (["活体", "手养", "宠物"], ["鸟笼", "饲料", "鸟粮", "玩具"]),
    "虎皮凤爪": (["卤味", "网红", "香辣", "即食"], ["零食", "整箱", "小包装", "下酒菜"]),
    "虎皮蛋糕": (["早餐", "网红", "手撕", "夹心"], ["整箱", "糕点", "下午茶", "零食"]),
    "鱼翅瓜": (["云南", "新鲜", "农家"], ["蔬菜", "金丝瓜", "5斤", "产地直发"]),
    "玳瑁色": (["复古", "板材", "韩版"], ["眼镜框", "发夹", "抓夹", "墨镜"]),
    "香烟盒": (["金属", "超薄", "防压", "创意"], ["男士", "便携", "20支装", "礼物"]),
    "雪茄剪": (["不锈钢", "双刃", "便携"], ["雪茄配件", "礼盒", "男士礼物"]),
    "卷烟器": (["手动", "家用", "小型"], ["配件", "便携", "工具"]),
    "电子鞭炮": (["过年", "新年", "婚庆", "无烟"], ["装饰", "挂件", "带遥控", "环保"]),
    "烟花烫": (["羊毛卷", "网红", "蛋卷"], ["卷发棒", "假发", "发型工具"]),
    "仿真烟花": (["LED", "电子", "新年"], ["灯串", "装饰灯", "布置", "氛围灯"]),
    "可开发票": (["正品", "企业采购", "办公"], ["打印纸", "A4", "整箱", "包邮"]),
    "发票夹": (["财务", "办公", "加厚"], ["收纳", "文件夹", "票据夹", "A4"]),
    "身份证卡套": (["透明", "防消磁", "硅胶"], ["证件套", "保护套", "学生", "挂绳"]),
    "银行卡套": (["防消磁", "皮质", "超薄"], ["卡包", "证件套", "多卡位"]),
    "防偷拍": (["酒店", "便携", "出差"], ["检测器", "探测仪", "安全", "红外"]),
    "反窃听器": (["办公室", "便携", "专业"], ["检测仪", "探测器", "防定位"]),
    "人体器官模型": (["医学", "教学", "儿童"], ["解剖", "科普", "教具", "STEM"]),
    "羊胎盘": (["新西兰", "进口"], ["胶囊", "精华", "礼盒"]),
    "防翻墙": (["围墙", "庭院", "不锈钢"], ["防盗刺", "钉子", "安全", "防攀爬"]),
    "反邪教": (["社区", "宣传", "普法"], ["挂图", "海报", "展板", "宣传册"]),
    "鸦片香水": (["女士", "浓香", "经典"], ["50ml", "礼盒", "持久"]),
    "鸦片战争": (["中国近代史", "历史", "正版"], ["书籍", "图书", "纪录片", "读物"]),
    "危险化学品柜": (["实验室", "防爆", "工业"], ["安全柜", "储存柜", "加厚", "双门"]),
    "高锰酸钾外用片": (["药房", "正品"], ["消毒", "坐浴", "100片"]),
    "红色情侣装": (["新年", "本命年", "结婚"], ["卫衣", "T恤", "套装", "一男一女"]),
    "弹药箱": (["军绿", "户外", "铁皮", "收纳"], ["工具箱", "储物箱", "露营", "复古"]),
    "吃鸡扳机": (["手游", "手机", "六指"], ["辅助", "按键", "神器", "游戏手柄"]),
    "飞镖盘": (["家用", "磁性", "安全"], ["套装", "儿童", "室内游戏", "标靶"]),
    "茅台镇酱香酒": (["贵州", "纯粮", "53度"], ["白酒", "整箱", "礼盒", "坤沙"]),
    "三星堆": (["文创", "博物馆", "青铜"], ["面具", "冰箱贴", "盲盒", "摆件"]),
    "狗狗肉干": (["宠物", "鸡肉", "鸭肉"], ["零食", "磨牙", "训练奖励", "500g"]),
    "狗皮膏药": (["传统", "老式"], ["膏贴", "艾草", "颈椎", "热敷"]),
    "象牙塔": (["青春", "校园", "文学"], ["书籍", "小说", "正版", "读物"]),
    "安眠眼罩": (["遮光", "真丝", "3D"], ["睡眠", "男女", "透气"]),
    "烟灰色": (["高级", "冷淡风", "纯色"], ["卫衣", "窗帘", "沙发", "西裤"]),
    # ... and same sounds: everyday words that sound like a term.
    "墙纸": (["自粘", "卧室", "3D", "防水"], ["贴纸", "墙贴", "壁纸", "翻新"]),
    "压片糖果": (["维生素C", "益生菌", "儿童"], ["咀嚼片", "60片", "零食"]),
    "青灰色": (["高级", "复古", "水泥"], ["瓷砖", "外套", "地板", "乳胶漆"]),
    "板正": (["挺括", "垂感", "西装"], ["衬衫", "外套", "男士", "免烫"]),
    "毛坯房": (["装修", "出租"], ["改造", "墙面漆", "施工"]),
    "去脏污": (["强力", "多功能", "家用"], ["清洁剂", "泡沫", "厨房", "浴室"]),
    "鲜蛋": (["农家", "土鸡", "散养"], ["30枚", "新鲜", "整箱", "草鸡蛋"]),
    "激活密钥": (["正版", "永久", "官方"], ["软件", "win10", "office"]),
    "电子眼": (["小区", "监控", "高清"], ["摄像头", "夜视", "户外"]),
    "钾肥": (["硫酸钾", "农用", "水溶"], ["化肥", "花肥", "25kg", "果树"]),
    "浴池": (["折叠", "家用", "成人"], ["泡澡桶", "浴缸", "加厚"]),
    "骨科": (["医用", "术后"], ["护具", "固定支具", "护膝", "康复"]),
    "狐皮": (["真皮草", "整皮", "女士"], ["围巾", "帽子", "领子", "外套"]),
    "滴眼液": (["缓解疲劳", "护眼", "人工泪液"], ["10ml", "正品", "药房"]),
    "斜角": (["45度", "木工", "铝合金"], ["锯", "尺", "夹具", "工具"]),
    "手控": (["电动", "无线"], ["开关", "遥控器", "调光"]),
    "头牌": (["夜店", "音乐"], ["海报", "灯牌"]),
    "肥瘦": (["五花肉", "猪肉", "新鲜"], ["相间", "2斤", "冷冻"]),
    "石药": (["正品", "药房"], ["维生素", "钙片", "保健品"]),
    "补强": (["车身", "汽车", "底盘"], ["拉杆", "改装", "配件"]),
    "均线": (["股票", "炒股"], ["书籍", "入门", "教程"]),
    "平湖": (["浙江", "特产"], ["糟蛋", "礼盒"]),
    "密钥": (["软件", "正版"], ["激活", "邮箱发货"]),
    "带帽": (["连帽", "宽松", "加绒"], ["卫衣", "外套", "羽绒服"]),
}


def make_hard_negatives(rng: random.Random) -> list[tuple[str, dict]]:
    items = []
    seen: set[str] = set()
    phrases = sorted(HARD)
    per = -(-HARD_NEGATIVES // len(phrases))
    for phrase in phrases:
        leads, tails = HARD[phrase]
        made, attempts = 0, 0
        while made < per and attempts < per * 50:
            attempts += 1
            parts = []
            if rng.random() < 0.4:
                parts.append(rng.choice(PREFIXES))
            if rng.random() < 0.8:
                parts.append(rng.choice(leads))
            parts.append(phrase)
            for t in rng.sample(tails, min(len(tails), rng.choice([1, 2, 2, 3]))):
                parts.append(t)
            if rng.random() < 0.4:
                parts.append(rng.choice(["包邮", "现货", "速发", "正品", "新款", "【包邮】"]))
            title = join_parts(rng, parts)
            if title in seen:
                continue
            seen.add(title)
            items.append((title, {"kind": "hard-negative", "term": None, "technique": None, "disguise": phrase}))
            made += 1
    rng.shuffle(items)
    return items[:HARD_NEGATIVES]


# --- ordinary titles -------------------------------------------------------------

ORDINARY_CATALOGUE = {
    "服装": (["T恤", "连衣裙", "牛仔裤", "卫衣", "羽绒服", "衬衫", "半身裙", "针织开衫", "风衣", "休闲裤", "运动套装", "毛衣", "打底衫", "西装外套", "睡衣"],
           ["女士", "男士", "情侣", "大码", "学生"], ["纯棉", "宽松", "修身", "加绒", "冰丝", "法式", "韩版", "复古", "高腰", "oversize"],
           ["夏季", "秋冬", "百搭", "显瘦", "上衣", "透气", "S-XXL", "多色可选"]),
    "美妆": (["口红", "粉底液", "面膜", "精华液", "防晒霜", "眼影盘", "卸妆水", "洗面奶", "爽肤水", "气垫BB霜", "眉笔", "身体乳", "护手霜"],
           ["女士", "男士", "学生党", "敏感肌", "孕妇"], ["保湿", "补水", "控油", "美白", "持久", "哑光", "滋润", "清爽", "温和"],
           ["不脱妆", "50ml", "套装", "小样", "旅行装", "提亮肤色", "官方", "礼盒"]),
    "食品": (["坚果礼盒", "牛肉干", "螺蛳粉", "辣条", "饼干", "咖啡豆", "绿茶", "蜂蜜", "大米", "挂面", "水饺", "酸奶", "巧克力", "薯片", "枸杞"],
           ["儿童", "办公室", "家庭装", "独立包装"], ["香辣", "原味", "低脂", "无添加", "手工", "新鲜", "有机", "即食", "五香"],
           ["500g", "整箱", "休闲零食", "早餐", "下午茶", "囤货", "量贩装", "产地直发"]),
    "家居": (["四件套", "收纳箱", "抱枕", "地毯", "窗帘", "衣架", "拖把", "垃圾桶", "台灯", "沙发垫", "毛巾", "保温杯", "置物架", "晾衣架", "床垫"],
           ["家用", "卧室", "客厅", "宿舍", "浴室"], ["北欧", "简约", "加厚", "防滑", "折叠", "ins风", "纯色", "大容量", "免打孔"],
           ["耐用", "易清洗", "多功能", "1.8m", "套装", "可水洗", "静音", "省空间"]),
    "数码": (["蓝牙耳机", "充电宝", "数据线", "手机壳", "键盘", "鼠标", "移动硬盘", "U盘", "智能手表", "平板支架", "路由器", "音箱", "充电器", "钢化膜"],
           ["苹果", "安卓", "笔记本", "电竞", "学生"], ["无线", "快充", "降噪", "超薄", "静音", "机械", "磁吸", "高速", "Type-C"],
           ["20000毫安", "65W", "1米", "防摔", "长续航", "通用", "透明", "128G"]),
    "母婴": (["纸尿裤", "奶瓶", "婴儿车", "辅食机", "安抚奶嘴", "宝宝湿巾", "儿童餐椅", "爬行垫", "学步鞋", "婴儿连体衣", "吸奶器", "儿童牙刷"],
           ["新生儿", "婴儿", "宝宝", "儿童", "孕妇"], ["防胀气", "轻便", "柔软", "加厚", "透气", "宽口径", "电动", "折叠", "A类"],
           ["0-3岁", "S码", "L码", "XL码", "一岁", "礼盒", "套装", "大包装"]),
    "运动户外": (["瑜伽垫", "跳绳", "哑铃", "登山鞋", "帐篷", "骑行服", "运动水壶", "护膝", "跑步鞋", "露营椅", "泳镜", "羽毛球拍"],
             ["男女", "成人", "儿童", "专业"], ["防滑", "加厚", "轻量", "速干", "防水", "折叠", "减震", "耐磨", "透气"],
             ["健身", "家用", "户外", "初学者", "套装", "送收纳袋", "便携"]),
    "宠物": (["猫粮", "狗粮", "猫砂", "宠物窝", "逗猫棒", "牵引绳", "宠物零食", "猫抓板", "狗狗衣服", "宠物梳子", "自动喂食器"],
           ["成猫", "幼犬", "中大型犬", "小型犬", "全阶段"], ["无谷", "除臭", "冻干", "四季通用", "耐咬", "可水洗", "天然", "结团"],
           ["10kg", "2.5kg", "营养", "送试吃", "整袋", "实惠装"]),
    "图书文具": (["笔记本", "中性笔", "绘本", "练字帖", "书包", "文件夹", "便利贴", "台历", "彩铅", "错题本", "钢笔"],
             ["小学生", "初中生", "办公", "儿童", "考研"], ["加厚", "简约", "可爱", "大容量", "速干", "护脊", "A5", "B5"],
             ["套装", "12色", "10本装", "正版", "开学必备", "办公用品"]),
    "家电": (["电饭煲", "空气炸锅", "吹风机", "电热水壶", "加湿器", "扫地机器人", "破壁机", "电风扇", "微波炉", "洗碗机", "取暖器", "榨汁杯"],
           ["家用", "宿舍", "小型", "大容量"], ["智能", "静音", "负离子", "多功能", "节能", "迷你", "无线", "触控"],
           ["4L", "3L", "一级能效", "预约定时", "上门安装", "全国联保", "恒温"]),
}
ORDINARY_PREFIXES = ["", "", "", "2024新款", "新款", "【包邮】", "【现货】", "官方正品", "热卖", "限时特价", "【新品】", "厂家直销", "特价"]
ORDINARY_SUFFIXES = ["", "", "", "包邮", "现货速发", "送礼", "顺丰发货", "7天无理由", "品质保障", "【爆款】", "官方旗舰"]


def make_ordinary(rng: random.Random, terms: list[str]) -> list[tuple[str, dict]]:
    items = []
    seen: set[str] = set()
    cats = sorted(ORDINARY_CATALOGUE)
    while len(items) < ORDINARY:
        cat = cats[len(items) % len(cats)]
        nouns, audiences, descs, attrs = ORDINARY_CATALOGUE[cat]
        parts = []
        p = rng.choice(ORDINARY_PREFIXES)
        if p:
            parts.append(p)
        if rng.random() < 0.5:
            parts.append(rng.choice(audiences))
        parts += rng.sample(descs, rng.choice([1, 2, 2, 3]))
        parts.append(rng.choice(nouns))
        parts += rng.sample(attrs, rng.choice([1, 1, 2, 3]))
        s = rng.choice(ORDINARY_SUFFIXES)
        if s:
            parts.append(s)
        title = join_parts(rng, parts)
        if title in seen or any(t in title for t in terms):
            continue
        seen.add(title)
        items.append((title, {"kind": "ordinary", "term": None, "technique": None, "disguise": None}))
    return items


# --- brands (counterfeit signals) ------------------------------------------------

# code, Chinese name, English name, pinyin, traditional form (None: same), goods.
# Written here, apart from Resources/brands.yaml, so that the set checks the table.
BRANDS = [
    ("nike", "耐克", "Nike", "nai ke", None, ["运动鞋", "卫衣", "跑步鞋"]),
    ("adidas", "阿迪达斯", "Adidas", "a di da si", "阿迪達斯", ["运动裤", "板鞋"]),
    ("gucci", "古驰", "Gucci", "gu chi", "古馳", ["腰带", "女包"]),
    ("louis-vuitton", "路易威登", "Louis Vuitton", "lu yi wei deng", None, ["老花包", "钱包"]),
    ("chanel", "香奈儿", "Chanel", "xiang nai er", "香奈兒", ["香水", "口红"]),
    ("hermes", "爱马仕", "Hermes", "ai ma shi", "愛馬仕", ["丝巾", "皮带"]),
    ("dior", "迪奥", "Dior", "di ao", "迪奧", ["口红", "香水"]),
    ("rolex", "劳力士", "Rolex", "lao li shi", "勞力士", ["手表", "机械表"]),
    ("estee-lauder", "雅诗兰黛", "Estee Lauder", "ya shi lan dai", "雅詩蘭黛", ["小棕瓶", "精华"]),
    ("lancome", "兰蔻", "Lancome", "lan kou", "蘭蔻", ["粉水", "精华"]),
    ("huawei", "华为", "Huawei", "hua wei", "華為", ["手机", "平板"]),
    ("sony", "索尼", "Sony", "suo ni", None, ["耳机", "相机"]),
    ("dyson", "戴森", "Dyson", "dai sen", None, ["吹风机", "吸尘器"]),
    ("moutai", "茅台", "Moutai", "mao tai", None, ["飞天 53度", "酱香型白酒"]),
    ("wuliangye", "五粮液", "Wuliangye", "wu liang ye", "五糧液", ["52度", "浓香型白酒"]),
    ("hennessy", "轩尼诗", "Hennessy", "xuan ni shi", "軒尼詩", ["干邑", "XO 700ml"]),
    ("li-ning", "李宁", "Li-Ning", "li ning", "李寧", ["运动鞋", "卫衣"]),
    ("uniqlo", "优衣库", "Uniqlo", "you yi ku", "優衣庫", ["T恤", "羽绒服"]),
    ("prada", "普拉达", "Prada", "pu la da", "普拉達", ["双肩包", "墨镜"]),
    ("cartier", "卡地亚", "Cartier", "ka di ya", "卡地亞", ["手镯", "戒指"]),
]
BRAND_TECHNIQUES = ["exact", "english", "case", "width", "separated", "pinyin", "traditional"]
# Everyday words that share a brand's name, and compatible accessories: benign.
BRAND_HARD = {
    "苹果": (["新鲜", "烟台", "红富士", "丑"], ["5斤", "水果", "脆甜", "整箱", "当季"]),
    "苹果醋": (["饮料", "发酵"], ["整箱", "6瓶"]),
    "苹果树苗": (["嫁接", "矮化"], ["盆栽", "当年结果"]),
    "小米": (["黄", "新", "农家", "沁州"], ["5斤", "小米粥", "杂粮", "月子米"]),
    "小米辣": (["新鲜", "云南"], ["500g", "朝天椒"]),
    "大众款": (["宽松", "百搭"], ["休闲裤", "T恤", "卫衣"]),
    "大众点评": (["推荐", "网红"], ["餐厅代金券", "好评"]),
    "茅台镇": (["贵州", "纯粮"], ["酱香酒", "53度", "坤沙", "整箱"]),
    "拉菲草": (["彩色", "礼盒"], ["填充物", "包装", "纸丝"]),
    "三星堆": (["文创", "青铜"], ["面具", "冰箱贴", "盲盒"]),
    "联想记忆": (["儿童", "早教"], ["卡片", "训练", "益智"]),
    "适用苹果": (["快充", "编织"], ["数据线", "充电头", "手机壳"]),
    "适用华为": (["超薄", "防摔"], ["手机壳", "钢化膜", "表带"]),
    "适用戴森": (["吹风机"], ["收纳架", "支架", "配件"]),
    "适用小米": (["运动"], ["手环表带", "钢化膜"]),
    "神仙": (["网红"], ["零食", "好物"]),
    "北面": (["房子", "楼房"], ["窗户贴", "挡风"]),
}


def brand_disguise(rng: random.Random, technique: str, zh: str, en: str, pinyin: str, trad: str | None) -> str | None:
    if technique == "exact":
        return zh
    if technique == "english":
        return en
    if technique == "case":
        return rng.choice([en.upper(), en.lower()])
    if technique == "width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in en)
    if technique == "separated":
        return rng.choice([" ", "·", "*", "-", "\u200b"]).join(zh)
    if technique == "pinyin":
        return rng.choice([pinyin, pinyin.replace(" ", ""), pinyin.upper(), pinyin.title()])
    if technique == "traditional":
        return trad
    return None


def brand_title(rng: random.Random, mention: str, goods: list[str]) -> str:
    parts = []
    if rng.random() < 0.4:
        parts.append(rng.choice(["新款", "2024新款", "热卖", "【现货】", "官方", "限时特价"]))
    parts.append(mention)
    parts.append(rng.choice(goods))
    if rng.random() < 0.5:
        parts.append(rng.choice(["男女同款", "经典款", "礼盒装", "送礼", "顺丰包邮", "现货速发"]))
    return join_parts(rng, parts)


def make_brands(rng: random.Random) -> list[tuple[str, dict, dict]]:
    """(title, extra eval fields, label) for brand mentions, authorised shops and everyday words."""
    items = []
    seen: set[str] = set()
    for technique in BRAND_TECHNIQUES:
        made, attempts = 0, 0
        while made < BRAND_PER_TECHNIQUE and attempts < 1000:
            attempts += 1
            code, zh, en, pinyin, trad, goods = rng.choice(BRANDS)
            mention = brand_disguise(rng, technique, zh, en, pinyin, trad)
            if mention is None:
                continue
            title = brand_title(rng, mention, goods)
            if title in seen:
                continue
            seen.add(title)
            items.append((title, {}, {"kind": "brand", "term": zh, "technique": technique, "disguise": technique, "brand": code}))
            made += 1
    made = 0
    while made < BRAND_AUTHORISED:
        code, zh, en, pinyin, trad, goods = rng.choice(BRANDS)
        technique = rng.choice(BRAND_TECHNIQUES)
        mention = brand_disguise(rng, technique, zh, en, pinyin, trad)
        if mention is None:
            continue
        title = brand_title(rng, mention, goods)
        if title in seen:
            continue
        seen.add(title)
        extra = {"authorisedBrands": [code]}
        if rng.random() < 0.5:
            extra["brand"] = rng.choice([zh, en])
        items.append((title, extra, {"kind": "brand-authorised", "term": None, "technique": None, "disguise": technique, "brand": code}))
        made += 1
    phrases = sorted(BRAND_HARD)
    per = -(-BRAND_NEGATIVES // len(phrases))
    negatives = []
    for phrase in phrases:
        leads, tails = BRAND_HARD[phrase]
        made, attempts = 0, 0
        while made < per and attempts < per * 50:
            attempts += 1
            parts = []
            if rng.random() < 0.7:
                parts.append(rng.choice(leads))
            parts.append(phrase)
            parts += rng.sample(tails, min(len(tails), rng.choice([1, 2])))
            if rng.random() < 0.3:
                parts.append(rng.choice(["包邮", "现货", "正品", "【包邮】"]))
            title = join_parts(rng, parts)
            if title in seen:
                continue
            seen.add(title)
            negatives.append((title, {}, {"kind": "brand-negative", "term": None, "technique": None, "disguise": phrase}))
            made += 1
    rng.shuffle(negatives)
    return items + negatives[:BRAND_NEGATIVES]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--terms", type=Path, default=TERMS_YAML, help="screening dictionary YAML")
    ap.add_argument("--no-brands", action="store_true", help="leave out the brand titles")
    args = ap.parse_args(argv)

    all_terms = parse_terms(args.terms)
    terms = [(t, c) for t, c in all_terms if len(t) >= 2]
    if not terms:
        print(f"no terms found in {args.terms}", file=sys.stderr)
        return 1
    missing = sorted({c for t, _ in terms if all_han(t) for c in t if c not in PINYIN and c not in TABLE_CHARS})
    if missing:
        print(f"no reading for {''.join(missing)}; add them to PINYIN", file=sys.stderr)
        return 1

    rng = random.Random(args.seed)
    items = make_positives(rng, terms)
    items += make_hard_negatives(rng)
    items += make_ordinary(rng, [t for t, _ in all_terms])
    items = [(title, {}, label) for title, label in items]
    if not args.no_brands:
        items += make_brands(rng)
    rng.shuffle(items)

    args.out.mkdir(parents=True, exist_ok=True)
    width = len(str(len(items)))
    with open(args.out / "eval.jsonl", "w", encoding="utf-8", newline="\n") as ev, \
         open(args.out / "labels.jsonl", "w", encoding="utf-8", newline="\n") as lb:
        for n, (title, extra, label) in enumerate(items, 1):
            ident = f"t{n:0{width}d}"
            ev.write(json.dumps({"id": ident, "title": title, **extra}, ensure_ascii=False, sort_keys=True) + "\n")
            lb.write(json.dumps({"id": ident, **label}, ensure_ascii=False, sort_keys=True) + "\n")

    counts: dict[str, int] = {}
    for _, _, label in items:
        key = f"{label['kind']}/{label['technique']}" if label["kind"] in ("positive", "brand") else label["kind"]
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"wrote {len(items)} titles to {args.out}/eval.jsonl ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
