#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster.
#
# Starts a new cluster in a temporary directory as the ordinary user `postgres` (initdb refuses
# root) on a free loopback port, exports WARDEN_TEST_POSTGRES_URL=postgres://warden@127.0.0.1:PORT/warden
# for the command, and stops and deletes the cluster afterwards, whatever the command's outcome.
#
#   scripts/with-postgres.sh swift test
set -euo pipefail
bin=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
dir=$(mktemp -d /tmp/warden-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
as_postgres "$bin/initdb" -D "$dir/data" -U warden --auth=trust -E UTF8 --locale=C >/dev/null
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 ${WARDEN_PG_OPTIONS:--c fsync=off -c synchronous_commit=off}" \
  start >/dev/null
as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U warden warden
export WARDEN_TEST_POSTGRES_URL="postgres://warden@127.0.0.1:$port/warden"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
