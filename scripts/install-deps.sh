#!/usr/bin/env bash
# Installs the system packages Warden needs to build and test, if any is missing.
# Debian packages only: SQLite headers (GRDB links the system SQLite), the PostgreSQL server the
# tests start a throwaway cluster of, and curl for the scripts.
set -euo pipefail
need=()
for package in libsqlite3-dev postgresql curl python3; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
