#!/usr/bin/env bash
# Runs the browser journeys against BASE_URL. Installs, only if missing, Debian's
# Chromium and the pinned npm packages (playwright-core drives /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")"
: "${BASE_URL:?BASE_URL is the running app, e.g. http://127.0.0.1:8080}"
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/lighthouse ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
mkdir -p artifacts
# BROWSER_TESTS="contact.test.mjs …" runs some of them (while working on one feature).
all="delivery.test.mjs journey.test.mjs carers.test.mjs search.test.mjs accounts.test.mjs admin.test.mjs cards.test.mjs profile.test.mjs register.test.mjs ssr.test.mjs contact.test.mjs lighthouse.test.mjs"
# shellcheck disable=SC2086
node --test --test-concurrency=1 ${BROWSER_TESTS:-$all}
