#!/usr/bin/env bash
# A throwaway S3-compatible object store (moto's S3 server, on loopback) for the tests of
# the file storage (src/storage.rs):
#   scripts/s3-test.sh start DIR PORT   → prints `export` lines: TEST_S3_URL and the AWS_*
#                                          variables that point object_store at it
#   scripts/s3-test.sh stop DIR
# Installed (pinned, in .tools/s3-venv) only when missing or different.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:?start|stop}; dir=${2:?directory}
VENV=.tools/s3-venv
REQUIREMENTS=scripts/s3-test-requirements.txt
BUCKET=domicilia-test
case "$cmd" in
  start)
    port=${3:?port}
    stamp="$VENV/.requirements.sha256"
    want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
      rm -rf "$VENV"
      python3 -m venv "$VENV"
      "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQUIREMENTS" >&2
      echo "$want" > "$stamp"
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    "$VENV/bin/python" -m moto.server -H 127.0.0.1 -p "$port" >"$dir/server.log" 2>&1 &
    echo $! > "$dir/pid"
    for _ in $(seq 1 100); do
      curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
      sleep 0.1
    done
    curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$port/$BUCKET" \
      || { cat "$dir/server.log" >&2; exit 1; }
    cat <<VARS
export TEST_S3_URL=s3://$BUCKET/tests
export AWS_ENDPOINT=http://127.0.0.1:$port
export AWS_ALLOW_HTTP=true
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
VARS
    ;;
  stop)
    [ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
