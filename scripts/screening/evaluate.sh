#!/usr/bin/env bash
# Evaluate listing screening on a generated, labelled set of titles.
#
# Generates the set with make_eval.py (seed 7) into DIR (default
# .build/screening-eval), screens it with `warden screen`, and scores the
# results with score.py. Needs python3 (3.11, standard library only) and a
# built warden binary: ${WARDEN:-.build/debug/warden}.
#
# Usage: scripts/screening/evaluate.sh [DIR] [extra score.py arguments, e.g. --json]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

dir="${1:-.build/screening-eval}"
shift || true
warden="${WARDEN:-.build/debug/warden}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3

if [ ! -x "$warden" ]; then
    echo "warden binary not found at $warden (build it, or set WARDEN)" >&2
    exit 1
fi

"$python" "$here/make_eval.py" --seed 7 --out "$dir"
"$warden" screen --input "$dir/eval.jsonl" --output "$dir/results.jsonl" >&2
"$python" "$here/score.py" --labels "$dir/labels.jsonl" --results "$dir/results.jsonl" "$@"
