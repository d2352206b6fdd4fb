#!/usr/bin/env bash
# make bench: (1) the server's memory under 1,000 sign-ups and 1,000 sign-ins on the demo
# SQLite database; (2) 100,000 synthetic cards on a throwaway PostgreSQL, an open-loop
# search load with its baselines (direct search, trivial endpoint), and the SPA's
# transfer size; (3) issue 11's contact load on another throwaway PostgreSQL: the same
# cards plus 1,000,000 messages in 200,000 threads (`domicilia seed contact`, seeding
# times printed), then requests to 10 providers, messages and the two 5,000-thread
# inboxes at 50 requests/s each, open loop, alone and all at once, with the trivial
# endpoint's figures (e2e/src/bin/contactload.rs); (4) issue 12's matching on another
# throwaway PostgreSQL: the same cards plus 20,000 listed carers and 50,000 open needs
# (`domicilia seed registry`), one need ranked, a carer's fitting needs and one need's
# pooling candidates at BENCH_MATCH_RATE requests/s, open loop, each phase after 5 s of
# the same load not counted (a warm server), with the trivial endpoint's figures
# (e2e/src/bin/matchload.rs). Figures and ratios are printed; docs/benchmarks.md records
# the last measured ones. BENCH_ONLY=auth, search, contact or matching runs one part;
# BENCH_THREADS, BENCH_MESSAGES and BENCH_CONTACT_RATE size the third, BENCH_CARERS,
# BENCH_DEMANDS and BENCH_MATCH_RATE the fourth.
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY=${BENCH_ONLY:-all}
CARDS=${BENCH_CARDS:-100000}
RATE=${BENCH_RATE:-200}
SECONDS_=${BENCH_SECONDS:-20}
AUTH_COUNT=${BENCH_AUTH_COUNT:-1000}
THREADS=${BENCH_THREADS:-200000}
MESSAGES=${BENCH_MESSAGES:-1000000}
CONTACT_RATE=${BENCH_CONTACT_RATE:-50}
CARERS=${BENCH_CARERS:-20000}
DEMANDS=${BENCH_DEMANDS:-50000}
MATCH_RATE=${BENCH_MATCH_RATE:-20}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$1/readyz" && return 0; sleep 0.2; done; return 1; }
case "$ONLY" in all|auth|search|contact|matching) ;; *) echo "BENCH_ONLY: all, auth, search, contact or matching" >&2; exit 2;; esac

cargo build --release -p domicilia -p e2e
bin=${CARGO_TARGET_DIR:-target}/release
dir=$(mktemp -d /tmp/domicilia-bench.XXXXXX)
pgdir=""
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  if [ -n "$pgdir" ]; then bash scripts/pg-test.sh stop "$pgdir"; fi
  rm -rf "$dir"
}
trap cleanup EXIT

if [ "$ONLY" = all ] || [ "$ONLY" = auth ]; then
  # The demo database on SQLite, the release server believing X-Forwarded-For from
  # 127.0.0.1 so each request is its own client for the rate limits.
  echo "== auth: server memory under sign-ups and sign-ins =="
  (
    export DATABASE_URL="sqlite://$dir/auth.sqlite?mode=rwc" DOMICILIA_LOG=warn \
      DOMICILIA_MAIL_DIR="$dir/mail" DOMICILIA_TRUSTED_PROXIES=127.0.0.1
    "$bin"/domicilia migrate >/dev/null
    "$bin"/domicilia seed demo >/dev/null
  )
  port=$(free_port)
  DATABASE_URL="sqlite://$dir/auth.sqlite?mode=rwc" DOMICILIA_LOG=warn DOMICILIA_MAIL_DIR="$dir/mail" \
    DOMICILIA_TRUSTED_PROXIES=127.0.0.1 PORT=$port DOMICILIA_HOST=127.0.0.1 \
    "$bin"/domicilia serve >"$dir/auth-server.log" 2>&1 &
  pid=$!
  wait_ready "$port" || { tail -n 50 "$dir/auth-server.log"; exit 1; }
  "$bin"/authload --base-url "http://127.0.0.1:$port" --pid "$pid" --count "$AUTH_COUNT" --concurrency 20
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
fi

if [ "$ONLY" = all ] || [ "$ONLY" = search ]; then
  echo "== search: $CARDS cards on PostgreSQL, open-loop load =="
  pgdir=$(mktemp -u /tmp/domicilia-bench-pg.XXXXXX)   # created by pg-test.sh, readable by postgres
  url=$(PG_EXTRA_OPTS="-c shared_buffers=512MB -c work_mem=16MB" bash scripts/pg-test.sh start "$pgdir" "$(free_port)")
  export DATABASE_URL="$url" DOMICILIA_LOG=warn
  "$bin"/domicilia migrate
  echo "seeding $CARDS synthetic cards…"
  t0=$(date +%s)
  "$bin"/domicilia seed synthetic --cards "$CARDS"
  echo "seeded in $(( $(date +%s) - t0 )) s"
  psql "$url" -qc "VACUUM ANALYZE" >/dev/null
  port=$(free_port)
  PORT=$port DOMICILIA_HOST=127.0.0.1 DOMICILIA_MAX_CONNECTIONS=32 "$bin"/domicilia serve >"$dir/server.log" 2>&1 &
  pid=$!
  wait_ready "$port" || true
  "$bin"/loadgen --base-url "http://127.0.0.1:$port" --database-url "$url" --rate "$RATE" --seconds "$SECONDS_" --pid "$pid"

  if [ -f frontend/dist/index.html ] && [ -f frontend/target/bundle/budget.txt ]; then
    # What the first page of each app loads (frontend/src/apps.rs): the gzip -9 figures the
    # build checks against the budgets, then what a browser that accepts brotli receives
    # (the precompressed .br files the server sends as they are).
    echo "SPA first load, gzip -9 (the build fails above the budget):"
    cat frontend/target/bundle/budget.txt
    html=$(gzip -9 -c frontend/dist/index.html | wc -c)
    for app in frontend reserved; do
      total=$html
      for f in frontend/dist/assets/{icon,boot,style,$app}-*.br; do
        [ -f "$f" ] && total=$((total + $(wc -c < "$f")))
      done
      echo "  $app: $(awk -v b="$total" 'BEGIN { printf "%.1f", b / 1024 }') KB with brotli (html gzip + .br files)"
    done
  else
    echo "SPA not built (make frontend) — transfer size not measured"
  fi
fi

if [ "$ONLY" = all ] || [ "$ONLY" = contact ]; then
  # Its own cluster: the search part's server and database end first.
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  if [ -n "$pgdir" ]; then bash scripts/pg-test.sh stop "$pgdir"; pgdir=""; fi
  echo "== contact: $CARDS cards, $MESSAGES messages in $THREADS threads on PostgreSQL, open-loop load =="
  pgdir=$(mktemp -u /tmp/domicilia-bench-pg.XXXXXX)
  url=$(PG_EXTRA_OPTS="-c shared_buffers=512MB -c work_mem=16MB" bash scripts/pg-test.sh start "$pgdir" "$(free_port)")
  export DATABASE_URL="$url" DOMICILIA_LOG=warn
  "$bin"/domicilia migrate
  t0=$(date +%s)
  "$bin"/domicilia seed synthetic --cards "$CARDS"
  t1=$(date +%s)
  "$bin"/domicilia seed contact --threads "$THREADS" --messages "$MESSAGES"
  t2=$(date +%s)
  psql "$url" -qc "VACUUM ANALYZE" >/dev/null
  t3=$(date +%s)
  echo "seeded $CARDS cards in $((t1 - t0)) s, the contact history in $((t2 - t1)) s (VACUUM ANALYZE $((t3 - t2)) s)"
  psql "$url" -Atc "SELECT 'database: ' || pg_size_pretty(pg_database_size(current_database()))"
  port=$(free_port)
  # X-Forwarded-For believed from 127.0.0.1: each sign-in of the bench families is its
  # own client for the sign-in rate limit.
  PORT=$port DOMICILIA_HOST=127.0.0.1 DOMICILIA_MAX_CONNECTIONS=32 DOMICILIA_TRUSTED_PROXIES=127.0.0.1 \
    DOMICILIA_MAIL_DIR="$dir/mail" DOMICILIA_INDEX_DIR="$dir/contact-index" DOMICILIA_FILES_DIR="$dir/files" \
    "$bin"/domicilia serve >"$dir/contact-server.log" 2>&1 &
  pid=$!
  wait_ready "$port" || { tail -n 50 "$dir/contact-server.log"; exit 1; }
  "$bin"/contactload --base-url "http://127.0.0.1:$port" --database-url "$url" \
    --rate "$CONTACT_RATE" --seconds "$SECONDS_" --pid "$pid" \
    || { echo "contact load: failed requests (server log: last lines)"; tail -n 20 "$dir/contact-server.log"; exit 1; }
fi

if [ "$ONLY" = all ] || [ "$ONLY" = matching ]; then
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  if [ -n "$pgdir" ]; then bash scripts/pg-test.sh stop "$pgdir"; pgdir=""; fi
  echo "== matching: $CARDS cards, $CARERS listed carers, $DEMANDS open needs on PostgreSQL, open-loop load =="
  pgdir=$(mktemp -u /tmp/domicilia-bench-pg.XXXXXX)
  url=$(PG_EXTRA_OPTS="-c shared_buffers=512MB -c work_mem=16MB" bash scripts/pg-test.sh start "$pgdir" "$(free_port)")
  export DATABASE_URL="$url" DOMICILIA_LOG=warn
  "$bin"/domicilia migrate
  t0=$(date +%s)
  "$bin"/domicilia seed synthetic --cards "$CARDS"
  t1=$(date +%s)
  "$bin"/domicilia seed registry --carers "$CARERS" --demands "$DEMANDS"
  t2=$(date +%s)
  psql "$url" -qc "VACUUM ANALYZE" >/dev/null
  echo "seeded $CARDS cards in $((t1 - t0)) s, the registry and the needs in $((t2 - t1)) s"
  port=$(free_port)
  PORT=$port DOMICILIA_HOST=127.0.0.1 DOMICILIA_MAX_CONNECTIONS=32 DOMICILIA_TRUSTED_PROXIES=127.0.0.1 \
    DOMICILIA_MAIL_DIR="$dir/mail" DOMICILIA_INDEX_DIR="$dir/matching-index" DOMICILIA_FILES_DIR="$dir/files" \
    "$bin"/domicilia serve >"$dir/matching-server.log" 2>&1 &
  pid=$!
  wait_ready "$port" || { tail -n 50 "$dir/matching-server.log"; exit 1; }
  "$bin"/matchload --base-url "http://127.0.0.1:$port" --database-url "$url" \
    --rate "$MATCH_RATE" --seconds "$SECONDS_" --pid "$pid" \
    || { echo "matching load: failed requests (server log: last lines)"; tail -n 20 "$dir/matching-server.log"; exit 1; }
fi
