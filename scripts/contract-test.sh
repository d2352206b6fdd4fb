#!/usr/bin/env bash
# Contract test: does the served OpenAPI document tell the truth about the server?
#
# Starts a throwaway server (SQLite, demo data) on a free loopback port and fuzzes
# /api/openapi.json against it with schemathesis (pinned, every check), twice: anonymous,
# and signed in as the platform administrator. Fails on any disagreement between the
# document and the server; prints each one with a curl command that reproduces it.
#
#   scripts/contract-test.sh            (the Makefile builds target/debug/domicilia first)
#
# Environment (all optional):
#   DOMICILIA_BIN          server binary                      [target/debug/domicilia]
#   CONTRACT_SEED          generation seed                    [schemathesis.toml: 2026]
#   CONTRACT_MAX_EXAMPLES  examples per operation and phase   [40]
#   CONTRACT_MAX_TIME      seconds per run instead: fuzzing repeats until spent (deeper,
#                          but the number of requests then depends on the machine; under
#                          900, the life of the signed-in run's access token)
#   CONTRACT_RUNS          which runs                         ["anonymous signed-in"]
#   CONTRACT_REPORT_DIR    keep JUnit and NDJSON reports and the server log there
#   CONTRACT_ARGS          more arguments for `schemathesis run` (e.g. --include-path-regex
#                          /me to look at a few operations)
#   CONTRACT_WORKERS       concurrent requests                [1: the same requests in the
#                          same order every time; more also finds races, not always]
#   CONTRACT_TIMEOUT       hard limit per run in seconds      [600: a hang, not a
#                          slow machine; a run takes 3–4 minutes here]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

ST_VERSION=4.32.5
VENV=.tools/schemathesis-venv
REQUIREMENTS=scripts/contract-test-requirements.txt
BIN=${DOMICILIA_BIN:-target/debug/domicilia}
ACCOUNT=piattaforma@demo.domicilia.it
PASSWORD=demo-domicilia-2026

# --- schemathesis, pinned, in a project-local venv: installed only when missing or different
stamp="$VENV/.requirements.sha256"
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/schemathesis" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] \
   || [ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $ST_VERSION" ]; then
  echo "contract test: installing schemathesis $ST_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --no-deps -r "$REQUIREMENTS"
  "$VENV/bin/python" -m pip check >/dev/null
  [ "$("$VENV/bin/schemathesis" --version)" = "schemathesis, version $ST_VERSION" ] \
    || { echo "contract test: $REQUIREMENTS does not pin schemathesis $ST_VERSION" >&2; exit 1; }
  echo "$want" > "$stamp"
fi

[ -x "$BIN" ] || { echo "contract test: $BIN is missing (cargo build -p domicilia)" >&2; exit 1; }

# --- a throwaway server
dir=$(mktemp -d /tmp/domicilia-contract.XXXXXX)
pid=
cleanup() {
  local rc=$?
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "${CONTRACT_REPORT_DIR:-}" ] && [ -f "$dir/server.log" ]; then
    mkdir -p "$CONTRACT_REPORT_DIR" && cp "$dir/server.log" "$CONTRACT_REPORT_DIR/"
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
export DATABASE_URL="sqlite://$dir/c.sqlite?mode=rwc" DOMICILIA_LOG_FORMAT=json \
  DOMICILIA_LOG="${DOMICILIA_LOG:-warn}" DOMICILIA_MAIL_DIR="$dir/mail" DOMICILIA_FILES_DIR="$dir/files" DOMICILIA_INDEX_DIR="$dir/index" \
  DOMICILIA_PUBLIC_URL="$base" DOMICILIA_TRUSTED_PROXIES="127.0.0.1, ::1"
"$BIN" migrate >/dev/null
"$BIN" seed demo >/dev/null
PORT=$port DOMICILIA_HOST=127.0.0.1 "$BIN" serve >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "contract test: the server stopped" >&2; tail -n 30 "$dir/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$base/readyz" || { echo "contract test: the server is not ready" >&2; exit 1; }

# A token of the demo platform administrator, asked from a client address of its own (the
# sign-in rate limit counts per address and per account); after a 429, once more when the
# server says.
login() {
  local code wait
  for _ in 1 2; do
    code=$(curl -sS -D "$dir/login.headers" -o "$dir/login.json" -w '%{http_code}' \
      -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
      -H 'X-Forwarded-For: 192.0.2.1' \
      -d "{\"email\":\"$ACCOUNT\",\"password\":\"$PASSWORD\"}") || true
    if [ "$code" = 200 ]; then
      python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$dir/login.json"
      return
    fi
    [ "$code" = 429 ] || break
    wait=$(awk -F': *' 'tolower($1)=="retry-after"{print $2+0}' "$dir/login.headers")
    sleep "${wait:-60}"
  done
  echo "contract test: signing in as $ACCOUNT failed ($code): $(cat "$dir/login.json" 2>/dev/null)" >&2
  return 1
}

# --- schemathesis, once per identity
examples=${CONTRACT_MAX_EXAMPLES:-40}
bound=(--max-examples "$examples")
[ -n "${CONTRACT_MAX_TIME:-}" ] && bound=(--max-time "$CONTRACT_MAX_TIME")
seed=()
[ -n "${CONTRACT_SEED:-}" ] && seed=(--seed "$CONTRACT_SEED")
read -r -a extra <<< "${CONTRACT_ARGS:-}"

failed=()
run() {  # run NAME CONFIG [schemathesis arguments]
  local name=$1 config=$2; shift 2
  local reports=()
  if [ -n "${CONTRACT_REPORT_DIR:-}" ]; then
    reports=(--report junit,ndjson --report-dir "$CONTRACT_REPORT_DIR/$name")
  fi
  echo
  echo "=== contract test, $name: schemathesis $ST_VERSION against $base/api/openapi.json"
  local rc=0
  timeout --kill-after=10 "${CONTRACT_TIMEOUT:-600}" \
    "$VENV/bin/schemathesis" --config-file "$config" --no-color run \
      "$base/api/openapi.json" --checks all --workers "${CONTRACT_WORKERS:-1}" "${bound[@]}" "${seed[@]}" \
      "${reports[@]}" "$@" "${extra[@]}" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "contract test, $name: stopped after ${CONTRACT_TIMEOUT:-600}s" >&2
  fi
  [ "$rc" = 0 ] || failed+=("$name")
}

token=
for r in ${CONTRACT_RUNS:-anonymous signed-in}; do
  case "$r" in
    anonymous) run anonymous schemathesis.toml ;;
    signed-in)
      # Taken now, not at the start: an access token lives 15 minutes.
      token=$(login)
      # The token goes in through the document's `bearer` scheme, not `--header`: a header
      # given on the command line rides on every request, also on those that check that a
      # missing `Authorization` is refused (ST203 would then fail on every secured route).
      { cat schemathesis.toml; printf '\n[auth.openapi.bearer]\nbearer = "%s"\n' "$token"; } \
        > "$dir/signed-in.toml"
      # Left out: `DELETE /me/sessions/{id}` is handed the ids `GET /me/sessions` lists,
      # the run's own session among them, and ending that would leave the rest of the run
      # signed out (every answer a 401: no failure, nothing tested). The anonymous run still
      # covers it. `DELETE /me` and `POST /me/password` stay: they need the account's
      # password, which the generator cannot guess (and the check below would notice).
      run signed-in "$dir/signed-in.toml" --exclude-name 'DELETE /api/v1/me/sessions/{id}' ;;
    *) echo "contract test: unknown run $r" >&2; exit 2 ;;
  esac
done

# The signed-in run must have stayed signed in, or it tested nothing but 401s.
if [ -n "$token" ]; then
  status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/me")
  if [ "$status" != 200 ]; then
    echo "contract test, signed-in: the session ended during the run (GET /api/v1/me: $status)" >&2
    failed+=("signed-in session")
  fi
fi
kill -0 "$pid" 2>/dev/null || { echo "contract test: the server died" >&2; tail -n 30 "$dir/server.log" >&2; failed+=(server); }

echo
if [ "${#failed[@]}" -gt 0 ]; then
  echo "contract test: FAILED (${failed[*]}): the document and the server disagree (see above)" >&2
  exit 1
fi
echo "contract test: passed"
