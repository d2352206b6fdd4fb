#!/usr/bin/env bash
# make bench: 100,000 synthetic cards on a throwaway PostgreSQL, an open-loop search load
# with its baselines (direct search, trivial endpoint), and the SPA's transfer size.
# Figures and ratios are printed; docs/benchmarks.md records the last measured ones.
set -euo pipefail
cd "$(dirname "$0")/.."
CARDS=${BENCH_CARDS:-100000}
RATE=${BENCH_RATE:-200}
SECONDS_=${BENCH_SECONDS:-20}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cargo build --release -p domicilia -p e2e
dir=$(mktemp -d /tmp/domicilia-bench.XXXXXX)
pgdir=$(mktemp -u /tmp/domicilia-bench-pg.XXXXXX)   # created by pg-test.sh, readable by postgres
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; bash scripts/pg-test.sh stop "$pgdir"; rm -rf "$dir"; }
trap cleanup EXIT

url=$(PG_EXTRA_OPTS="-c shared_buffers=512MB -c work_mem=16MB" bash scripts/pg-test.sh start "$pgdir" "$(free_port)")
export DATABASE_URL="$url" DOMICILIA_LOG=warn
target/release/domicilia migrate
echo "seeding $CARDS synthetic cards…"
t0=$(date +%s)
target/release/domicilia seed synthetic --cards "$CARDS"
echo "seeded in $(( $(date +%s) - t0 )) s"
psql "$url" -qc "VACUUM ANALYZE" >/dev/null
port=$(free_port)
PORT=$port DOMICILIA_HOST=127.0.0.1 DOMICILIA_MAX_CONNECTIONS=32 target/release/domicilia serve >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.2; done
target/release/loadgen --base-url "http://127.0.0.1:$port" --database-url "$url" --rate "$RATE" --seconds "$SECONDS_"

if [ -f frontend/dist/index.html ]; then
  # Two bundles (frontend/src/apps.rs): what a visitor of the catalogue loads first, and
  # what the reserved area (sign-in, account, administration) loads.
  for app in frontend reserved; do
    total=0
    for f in index.html boot.js style.css "$app.js" "${app}_bg.wasm"; do
      s=$(gzip -9 -c "frontend/dist/$f" | wc -c); total=$((total + s))
      printf '  %-40s %8d bytes gzip\n' "$f" "$s"
    done
    label=$([ "$app" = frontend ] && echo "public catalogue, first load" || echo "reserved area")
    echo "SPA $label: $((total / 1024)) KB gzip (target ≤ 300 KB)"
  done
else
  echo "SPA not built (make frontend) — transfer size not measured"
fi
