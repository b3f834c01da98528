#!/usr/bin/env python3
"""Score `warden screen` results against the labels written by make_eval.py.

  recall per technique  a positive is found when its decision is not "pass" and
                        some finding's term equals the labelled term
  precision             positives found / all non-pass decisions
  false-positive rate   non-pass / count, for hard negatives and for ordinary titles

Brand titles (counterfeit signals), when the set has them, are scored apart:
  brand recall per disguise   a "brand" title is found when its decision is not
                              "pass" and some finding's category is brand:<code>
  brand false positives       non-pass / count, for titles of authorised shops
                              ("brand-authorised") and for everyday words and
                              compatible accessories ("brand-negative")

A labelled id with no result line counts as "pass" and is reported.
Titles for the miss and false-positive lists come from --eval (default:
eval.jsonl next to the labels).

Usage: scripts/screening/score.py --labels DIR/labels.jsonl --results DIR/results.jsonl [--json]
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

GOAL_RECALL = 0.97
GOAL_FP_HARD = 0.005
GOAL_FP_ORDINARY = 0.001
BRAND_KINDS = ("brand", "brand-authorised", "brand-negative")
TECHNIQUE_ORDER = ["exact", "separated", "traditional", "split", "repeated", "pinyin", "initials", "mixed", "homophone"]
LIST_LIMIT = 15


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: {e}")
    return rows


def round_robin(groups: dict[str, list], limit: int) -> list:
    """Up to `limit` items taken in turn from each group, so every group shows."""
    out, queues = [], [list(v) for _, v in sorted(groups.items())]
    while len(out) < limit and any(queues):
        for q in queues:
            if q and len(out) < limit:
                out.append(q.pop(0))
    return out


def shown(title: str) -> str:
    # Make invisible characters visible in the lists.
    return title.replace("\u200b", "<U+200B>")


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{x * 100:.2f} %" if pct else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True, type=Path)
    ap.add_argument("--results", required=True, type=Path)
    ap.add_argument("--eval", type=Path, help="the titles (default: eval.jsonl beside --labels)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    labels = read_jsonl(args.labels)
    results = {r["id"]: r for r in read_jsonl(args.results)}
    eval_path = args.eval or args.labels.with_name("eval.jsonl")
    titles = {r["id"]: r.get("title", "") for r in read_jsonl(eval_path)} if eval_path.exists() else {}

    missing_results = [l["id"] for l in labels if l["id"] not in results]
    per_tech: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # found, total
    kind_count: Counter = Counter()
    kind_flagged: Counter = Counter()
    positives_found = 0
    flagged_total = 0
    misses: dict[str, list[dict]] = defaultdict(list)
    false_pos: dict[str, list[dict]] = defaultdict(list)
    fp_by_term: Counter = Counter()
    miss_by_term: Counter = Counter()
    brand_tech: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # found, total

    for label in labels:
        result = results.get(label["id"], {"decision": "pass", "findings": []})
        decision = result.get("decision", "pass")
        findings = result.get("findings", [])
        flagged = decision != "pass"
        kind = label["kind"]
        kind_count[kind] += 1
        if flagged:
            kind_flagged[kind] += 1
            if kind not in BRAND_KINDS:
                flagged_total += 1
        brief = [f"{f.get('term')}/{f.get('technique')}" for f in findings]
        if kind == "brand":
            tech = label["technique"]
            brand_tech[tech][1] += 1
            if flagged and any(f.get("category") == f"brand:{label['brand']}" for f in findings):
                brand_tech[tech][0] += 1
            else:
                miss_by_term[label["term"]] += 1
                misses[f"brand/{tech}"].append({"id": label["id"], "technique": f"brand/{tech}", "term": label["term"],
                                                "title": titles.get(label["id"], ""), "decision": decision, "findings": brief})
        elif kind == "positive":
            tech = label["technique"]
            per_tech[tech][1] += 1
            found = flagged and any(f.get("term") == label["term"] for f in findings)
            if found:
                per_tech[tech][0] += 1
                positives_found += 1
            else:
                miss_by_term[label["term"]] += 1
                misses[tech].append({"id": label["id"], "technique": label.get("disguise") or tech,
                                     "term": label["term"], "title": titles.get(label["id"], ""),
                                     "decision": decision, "findings": brief})
        elif flagged:
            for f in findings:
                fp_by_term[f"{f.get('term')}/{f.get('technique')}"] += 1
            false_pos[kind].append({"id": label["id"], "kind": kind, "title": titles.get(label["id"], ""),
                                    "decision": decision, "findings": brief,
                                    "phrase": label.get("disguise") if kind in ("hard-negative", "brand-negative") else None})

    techniques = [t for t in TECHNIQUE_ORDER if t in per_tech] + sorted(t for t in per_tech if t not in TECHNIQUE_ORDER)
    recall = {t: ratio(*per_tech[t]) for t in techniques}
    precision = ratio(positives_found, flagged_total)
    fp_hard = ratio(kind_flagged["hard-negative"], kind_count["hard-negative"])
    fp_ord = ratio(kind_flagged["ordinary"], kind_count["ordinary"])
    brand_recall = {t: ratio(*brand_tech[t]) for t in sorted(brand_tech)}
    fp_authorised = ratio(kind_flagged["brand-authorised"], kind_count["brand-authorised"])
    fp_brand_negative = ratio(kind_flagged["brand-negative"], kind_count["brand-negative"])
    goals = {
        "recall_per_technique": {t: (r is not None and r >= GOAL_RECALL) for t, r in recall.items()},
        "fp_hard_negative": fp_hard is not None and fp_hard <= GOAL_FP_HARD,
        "fp_ordinary": fp_ord is not None and fp_ord <= GOAL_FP_ORDINARY,
    }
    if brand_tech:
        goals["brand_recall_per_disguise"] = {t: (r is not None and r >= GOAL_RECALL) for t, r in brand_recall.items()}
        goals["fp_brand_authorised"] = fp_authorised is not None and fp_authorised <= GOAL_FP_HARD
        goals["fp_brand_negative"] = fp_brand_negative is not None and fp_brand_negative <= GOAL_FP_HARD

    if args.json:
        print(json.dumps({
            "counts": {"positive": kind_count["positive"], "hard-negative": kind_count["hard-negative"],
                       "ordinary": kind_count["ordinary"], "flagged": flagged_total,
                       "positives_found": positives_found, "missing_results": len(missing_results)},
            "recall": {t: {"found": per_tech[t][0], "total": per_tech[t][1], "recall": recall[t]} for t in techniques},
            "recall_overall": ratio(positives_found, kind_count["positive"]),
            "precision": precision,
            "fp_rate_hard_negative": fp_hard,
            "fp_rate_ordinary": fp_ord,
            "flagged_hard_negative": kind_flagged["hard-negative"],
            "flagged_ordinary": kind_flagged["ordinary"],
            "brand_recall": {t: {"found": brand_tech[t][0], "total": brand_tech[t][1], "recall": brand_recall[t]}
                             for t in brand_recall},
            "fp_rate_brand_authorised": fp_authorised,
            "fp_rate_brand_negative": fp_brand_negative,
            "goals": goals,
        }, ensure_ascii=False, indent=2))
        return 0

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    brand_note = (f"; brand titles {sum(kind_count[k] for k in BRAND_KINDS)} scored apart"
                  if any(kind_count[k] for k in BRAND_KINDS) else "")
    print(f"Titles: {len(labels)} ({kind_count['positive']} positive, {kind_count['hard-negative']} hard-negative, "
          f"{kind_count['ordinary']} ordinary); flagged {flagged_total}{brand_note}")
    if missing_results:
        print(f"WARNING: {len(missing_results)} labelled ids have no result (counted as pass), e.g. {missing_results[:5]}")
    print()
    print(f"Recall per technique (goal >= {GOAL_RECALL:.2f}):")
    for t in techniques:
        found, total = per_tech[t]
        print(f"  {t:<12} {found:>3}/{total:<3} {fmt(recall[t])}  {mark(goals['recall_per_technique'][t])}")
    print(f"  {'overall':<12} {positives_found:>3}/{kind_count['positive']:<3} {fmt(ratio(positives_found, kind_count['positive']))}")
    print()
    print(f"Precision: {positives_found}/{flagged_total} = {fmt(precision)}")
    print(f"False positives, hard negatives: {kind_flagged['hard-negative']}/{kind_count['hard-negative']} = "
          f"{fmt(fp_hard, True)} (goal <= {GOAL_FP_HARD * 100:.1f} %)  {mark(goals['fp_hard_negative'])}")
    print(f"False positives, ordinary: {kind_flagged['ordinary']}/{kind_count['ordinary']} = "
          f"{fmt(fp_ord, True)} (goal <= {GOAL_FP_ORDINARY * 100:.1f} %)  {mark(goals['fp_ordinary'])}")

    if brand_tech:
        print()
        print(f"Brands (counterfeit signals), recall per disguise (goal >= {GOAL_RECALL:.2f}):")
        for t in brand_recall:
            found, total = brand_tech[t]
            print(f"  {t:<12} {found:>3}/{total:<3} {fmt(brand_recall[t])}  {mark(goals['brand_recall_per_disguise'][t])}")
        print(f"False positives, authorised shops: {kind_flagged['brand-authorised']}/{kind_count['brand-authorised']} = "
              f"{fmt(fp_authorised, True)} (goal <= {GOAL_FP_HARD * 100:.1f} %)  {mark(goals['fp_brand_authorised'])}")
        print(f"False positives, everyday words and accessories: {kind_flagged['brand-negative']}/{kind_count['brand-negative']} = "
              f"{fmt(fp_brand_negative, True)} (goal <= {GOAL_FP_HARD * 100:.1f} %)  {mark(goals['fp_brand_negative'])}")

    n_miss = sum(len(v) for v in misses.values())
    print()
    print(f"Misses ({n_miss}; up to {LIST_LIMIT} shown, taken in turn from each technique):")
    for m in round_robin(misses, LIST_LIMIT):
        got = f"{m['decision']} {', '.join(m['findings'])}" if m["findings"] else m["decision"]
        print(f"  {m['id']} [{m['technique']}] {m['term']}: {shown(m['title'])}  -> {got}")
    if miss_by_term:
        print("  by term: " + ", ".join(f"{t} {n}" for t, n in miss_by_term.most_common()))

    n_fp = sum(len(v) for v in false_pos.values())
    print()
    print(f"False positives ({n_fp}; up to {LIST_LIMIT} shown, taken in turn from each kind):")
    for f in round_robin(false_pos, LIST_LIMIT):
        phrase = f" ({f['phrase']})" if f["phrase"] else ""
        print(f"  {f['id']} [{f['kind']}{phrase}] {shown(f['title'])}  -> {f['decision']} {', '.join(f['findings'])}")
    if fp_by_term:
        print("  by finding: " + ", ".join(f"{t} {n}" for t, n in fp_by_term.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
