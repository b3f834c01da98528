#!/usr/bin/env bash
# Builds Warden and serves the demo marketplace on the embedded SQLite default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product warden
exec .build/debug/warden serve --demo "$@"
