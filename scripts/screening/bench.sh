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
#
# Usage: scripts/screening/bench.sh [DIR] [ROUNDS]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

dir="${1:-.build/screening-bench}"
rounds="${2:-5}"
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

peer="$("$dir/venv/bin/python" "$here/bench_peer.py" --terms "$dir/terms.txt" --titles "$dir/titles.txt" --rounds "$rounds")"
ours="$("$WARDEN" screen-bench --titles "$dir/titles.txt" --rounds "$rounds")"
echo "peer (ahocorasick-rs, raw terms, no normalisation): $peer"
echo "warden (full screening, every normalisation):      $ours"
"$python" - "$peer" "$ours" <<'PY'
import json, sys
peer, ours = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = ours["megabytesPerSecond"] / peer["megabytesPerSecond"]
print(f"ratio (warden MB/s ÷ peer MB/s): {ratio:.3f}  "
      f"[warden {ours['megabytesPerSecond']:.2f} MB/s, {ours['titlesPerSecond']:.0f} titles/s; "
      f"peer {peer['megabytesPerSecond']:.2f} MB/s, {peer['titlesPerSecond']:.0f} titles/s]")
print(f"matcher: built in {ours['buildSeconds']:.3f} s (tables loaded in {ours['tablesSeconds']:.3f} s), "
      f"{ours['matcherMegabytes']:.1f} MB resident")
PY
