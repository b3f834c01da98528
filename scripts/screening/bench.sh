#!/usr/bin/env bash
# Screening throughput beside a plain Aho-Corasick peer, in one run (issue 5).
#
# 1. Generates the labelled titles with make_eval.py (seed 7) and writes their titles, one per
#    line, to DIR/titles.txt; writes the raw dictionary terms (no exceptions, no normalisation)
#    to DIR/terms.txt.
# 2. Installs the peer, ahocorasick-rs from PyPI, into a virtual environment in DIR/venv.
# 3. Builds warden in release mode (unless WARDEN is set) and runs, on the same titles and
#    dictionary, first the peer (raw matching, one call per title), then `warden screen-bench`
#    (full screening, every normalisation on), and prints both and the ratio of their MB/s.
#    It does so PAIRS times in turn (default 5) and ends with the median ratio and its range:
#    the peer's own speed moves by half between runs on a shared machine, and a pair run back
#    to back sees the same machine.
#
# Usage: scripts/screening/bench.sh [DIR] [ROUNDS] [PAIRS]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

dir="${1:-.build/screening-bench}"
rounds="${2:-5}"
pairs="${3:-5}"
python="${PYTHON:-python3}"
mkdir -p "$dir"

"$python" "$here/make_eval.py" --seed 7 --out "$dir" >/dev/null
"$python" - "$dir" <<'PY'
import json, re, sys
out = sys.argv[1]
with open(f"{out}/eval.jsonl", encoding="utf-8") as source, open(f"{out}/titles.txt", "w", encoding="utf-8") as titles:
    for line in source:
        titles.write(json.loads(line)["title"].replace("\n", " ") + "\n")
text = open("Sources/WardenScreening/Resources/screening-terms.yaml", encoding="utf-8").read()
terms = sorted(set(re.findall(r"\{term: ([^,}]+)", text)))
open(f"{out}/terms.txt", "w", encoding="utf-8").write("\n".join(terms) + "\n")
print(f"{len(terms)} terms", file=sys.stderr)
PY

if [ ! -x "$dir/venv/bin/python" ]; then
    "$python" -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet "ahocorasick-rs==1.0.3"
fi

if [ -z "${WARDEN:-}" ]; then
    swift build -c release --product warden >&2
    WARDEN="$(swift build -c release --show-bin-path)/warden"
fi

results=()
for pair in $(seq "$pairs"); do
    peer="$("$dir/venv/bin/python" "$here/bench_peer.py" --terms "$dir/terms.txt" --titles "$dir/titles.txt" --rounds "$rounds")"
    ours="$("$WARDEN" screen-bench --titles "$dir/titles.txt" --rounds "$rounds")"
    if [ "$pairs" -eq 1 ]; then
        echo "peer (ahocorasick-rs, raw terms, no normalisation): $peer"
        echo "warden (full screening, every normalisation):      $ours"
    fi
    results+=("$peer" "$ours")
done
"$python" - "${results[@]}" <<'PY'
import json, statistics, sys
values = [json.loads(value) for value in sys.argv[1:]]
pairs = list(zip(values[0::2], values[1::2]))
ratios = []
for number, (peer, ours) in enumerate(pairs, 1):
    ratio = ours["megabytesPerSecond"] / peer["megabytesPerSecond"]
    ratios.append(ratio)
    print(f"pair {number}: ratio (warden MB/s ÷ peer MB/s) {ratio:.3f}  "
          f"[warden {ours['megabytesPerSecond']:.2f} MB/s, {ours['titlesPerSecond']:.0f} titles/s; "
          f"peer {peer['megabytesPerSecond']:.2f} MB/s, {peer['titlesPerSecond']:.0f} titles/s]")
ours = [pair[1] for pair in pairs]
print(f"ratio: median {statistics.median(ratios):.3f} over {len(ratios)} pairs "
      f"(min {min(ratios):.3f}, max {max(ratios):.3f}; {sum(r >= 1 for r in ratios)} of {len(ratios)} at 1.0 or more)")
print(f"matcher: built in {statistics.median(o['buildSeconds'] for o in ours):.3f} s "
      f"(tables loaded in {statistics.median(o['tablesSeconds'] for o in ours):.3f} s), "
      f"{max(o['matcherMegabytes'] for o in ours):.1f} MB resident (median build, largest memory)")
PY
