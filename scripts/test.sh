#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, builds, and runs every test
# with a throwaway PostgreSQL cluster beside it (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
WARDEN_REQUIRE_POSTGRES=1 scripts/with-postgres.sh swift test --skip-build --parallel
