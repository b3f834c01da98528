#!/usr/bin/env bash
# Regenerate Sources/WardenScreening/Resources/tables/*.tsv.
#
# Creates a virtual environment in .venv-screening (git-ignored) with the
# pinned, hash-checked data packages from requirements.txt and runs
# generate_tables.py. Also needs Debian's unicode-data package
# (/usr/share/unicode, UCD/Unihan 15.0.0); it is installed with apt-get when
# missing and this runs as root.
#
# Usage: scripts/screening/generate.sh [extra generate_tables.py arguments]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${SCREENING_VENV:-$repo/.venv-screening}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3

if [ ! -f /usr/share/unicode/CJKRadicals.txt ] || [ ! -f /usr/share/unicode/Unihan_Variants.txt.bz2 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unicode-data
    else
        echo "Debian's unicode-data package is required: sudo apt-get install unicode-data" >&2
        exit 1
    fi
fi
if command -v dpkg-query >/dev/null; then
    echo "unicode-data $(dpkg-query -W -f='${Version}' unicode-data 2>/dev/null || echo '?')"
fi

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-deps --require-hashes -r "$here/requirements.txt"
"$venv/bin/python" "$here/generate_tables.py" "$@"
