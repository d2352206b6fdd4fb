#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite and benchmarks.
#   scripts/pg-test.sh start DIR PORT   → prints the connection URL
#   scripts/pg-test.sh stop DIR
#   scripts/pg-test.sh pause DIR        → stops the server, keeps the cluster (a lost database)
#   scripts/pg-test.sh resume DIR       → starts it again on the same port
# initdb refuses to run as root, so the cluster runs as the image's `postgres` user.
# fsync=off: test data only; production keeps PostgreSQL's durable defaults.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
PG_BIN=${PG_BIN:-/usr/local/bin}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?port}
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -U app --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 ${PG_EXTRA_OPTS:-}" >"$dir/options"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$(cat "$dir/options")" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://app@127.0.0.1:$port/postgres"
    ;;
  pause)
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$(cat "$dir/options")" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR | pause DIR | resume DIR" >&2; exit 2 ;;
esac
