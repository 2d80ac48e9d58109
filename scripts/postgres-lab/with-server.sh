#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary directory,
# the server on a free port of 127.0.0.1, IXAUDIT_POSTGRES_URL set to its superuser's URL.
# The cluster is stopped and removed when the command ends, whatever its outcome. Installs
# Debian's postgresql when missing (as root). Needs root or the postgres user's rights:
# the server runs as `postgres`, never as root.
#
#   scripts/postgres-lab/with-server.sh swift test --filter HistoryTests
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "postgresql is not installed; run: sudo apt-get install -y postgresql" >&2; exit 1; fi
  echo "installing postgresql" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

run_as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

dir=$(mktemp -d /tmp/ixaudit-postgres.XXXXXX)
chown postgres: "$dir"
chmod 700 "$dir"

cleanup() {
  run_as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap "exit 130" INT TERM

run_as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# The role ixaudit_password logs in with a password over TCP (the tests' refused-login
# case); every other role is trusted, on this throwaway cluster only.
cat >"$dir/data/pg_hba.conf" <<HBA
host all ixaudit_password 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
local all all trust
HBA
# A free port: a random one nothing listens on; another program may take it first, so the
# start is tried on a few.
started=""
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
  if run_as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
    started=yes
    break
  fi
done
[ -n "$started" ] || { echo "the PostgreSQL server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)" >&2

export IXAUDIT_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
