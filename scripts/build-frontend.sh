#!/usr/bin/env bash
# Builds the web app into frontend/dist (see docs/web-app-delivery.md):
#   dist/index.html                      not hashed, revalidated on every visit (no-cache)
#   dist/assets/<name>-<hash>.<ext>      everything else, cached for a year (immutable)
# <hash> is the first 16 hex digits of the file's SHA-256, taken after wasm-opt and after
# the names of the other files are written in, so a changed byte gives a new name.
# Fails when a bundle is over its budget (gzip -9 of the first load of a page: html +
# icon + boot + css + js + wasm): 300 KB for the public catalogue (an islands bundle: it
# hydrates only the interactive parts of the pages the server renders; see
# docs/web-app-delivery.md), 350 KB for every other app.
# Idempotent: installs only what is missing (the wasm32 target, binaryen's wasm-opt from
# npm). The JS glue comes from tools/bindgen (wasm-bindgen's library at exactly the
# version of the wasm-bindgen crate in frontend/Cargo.lock, built with the workspace: a
# fresh machine no longer builds the whole wasm-bindgen-cli, test runner included).
set -euo pipefail
cd "$(dirname "$0")/../frontend"
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
TOOL_VERSION=$(awk '/^name = "wasm-bindgen-cli-support"$/{getline; gsub(/[^0-9.]/,""); print; exit}' ../Cargo.lock)
if [ "$TOOL_VERSION" != "$WASM_BINDGEN_VERSION" ]; then
  echo "build-frontend: wasm-bindgen $WASM_BINDGEN_VERSION (frontend/Cargo.lock) but wasm-bindgen-cli-support $TOOL_VERSION (tools/bindgen): pin them to the same version" >&2
  exit 1
fi
cargo build -q --manifest-path ../Cargo.toml -p bindgen-tool
# CARGO_TARGET_DIR, when set, holds both builds (the workspace's and this crate's).
BINDGEN=${CARGO_TARGET_DIR:-../target}/debug/domicilia-bindgen
WASM_DIR=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release
# The public catalogue hydrates server-rendered pages (feature `hydrate`); the reserved
# area stays client-rendered (`csr`, the default). Two builds: features are per build.
# Never through clippy's driver (`make test` sets it as RUSTC_WRAPPER to lint while
# building): it turns MIR optimisations off, and the bundles grow (the catalogue's by
# 10 KB gzip, measured). `make test` lints these apps with `make lint-wasm` instead.
release() { env -u RUSTC_WRAPPER -u CLIPPY_ARGS cargo build --release --target wasm32-unknown-unknown "$@"; }
release --bin frontend --no-default-features --features hydrate
# One build for the client-rendered apps: cargo links them in parallel.
release --bin reserved --bin workspace --bin review --bin city --bin contact --bin feedback --bin matching --bin needs --bin matches --bin groups
# wasm-opt from the npm `binaryen` package (Debian's binaryen 108 breaks the output).
TOOLS=.tools
BINARYEN_VERSION=132.0.0
if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] || [ "$(node -p "require('./$TOOLS/node_modules/binaryen/package.json').version" 2>/dev/null)" != "$BINARYEN_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# The apps (src/apps.rs): the public catalogue (`frontend`, src/main.rs) first, then one
# bundle per src/bin/<app>.rs. A new app is a new entry here, in boot.js and in BUDGET_KB.
APPS=(frontend reserved workspace review city contact feedback matching needs matches groups)
declare -A BUDGET_KB=([frontend]=300 [reserved]=350 [workspace]=350 [review]=350 [city]=350 [contact]=350 [feedback]=350 [matching]=350 [needs]=350 [matches]=350 [groups]=350)

STAGE=target/bundle
rm -rf "$STAGE" && mkdir -p "$STAGE"
# Two apps at a time (wasm-opt uses one core): a failure of any fails the build.
# An app's bindings and optimised wasm are kept in target/bundle-cache under the hash of
# its compiled wasm and the tools' versions and flags: a build whose wasm did not change
# (`make test` builds the apps, then the browser tests ask again) copies them instead of
# running wasm-opt again (about a minute an app on 2 cores). A fresh clone has no cache.
OPT_FLAGS=(-Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --strip-debug --strip-producers)
CACHE=target/bundle-cache
optimise() {
  local key dir
  key=$( { sha256sum "$WASM_DIR/$1.wasm"; echo "$WASM_BINDGEN_VERSION $BINARYEN_VERSION ${OPT_FLAGS[*]}"; } \
    | sha256sum | cut -c1-32)
  dir="$CACHE/$1-$key"
  if [ -f "$dir/done" ]; then
    cp "$dir/$1.js" "$dir/${1}_bg.wasm" "$STAGE/"
    return
  fi
  "$BINDGEN" "$WASM_DIR/$1.wasm" "$STAGE" "$1"
  "$TOOLS/node_modules/.bin/wasm-opt" "${OPT_FLAGS[@]}" "$STAGE/${1}_bg.wasm" -o "$STAGE/${1}_bg.wasm"
  rm -rf "$CACHE/$1-"* && mkdir -p "$dir"
  cp "$STAGE/$1.js" "$STAGE/${1}_bg.wasm" "$dir/" && touch "$dir/done"
}
pids=()
for app in "${APPS[@]}"; do
  optimise "$app" & pids+=($!)
  if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
if [ -e "$STAGE/snippets" ]; then
  # JS snippets (`#[wasm_bindgen(module = …)]`, `inline_js`) would be imported by
  # unhashed relative names, which a year-long cache must not hold.
  echo "build-frontend: wasm-bindgen wrote JS snippets ($STAGE/snippets); hash them before using them" >&2
  exit 1
fi

rm -rf dist && mkdir -p dist/assets
# hashed <file> <name> <ext>: copies the file to dist/assets/<name>-<hash>.<ext>, prints its URL.
hashed() {
  local h
  h=$(sha256sum "$1" | cut -c1-16)
  cp "$1" "dist/assets/$2-$h.$3"
  echo "/assets/$2-$h.$3"
}
# fill <template> <out>: writes the template with every @MARK@ replaced by its URL.
declare -A URL
fill() {
  local args=() mark
  for mark in "${!URL[@]}"; do args+=(-e "s|@${mark}@|${URL[$mark]}|g"); done
  sed "${args[@]}" "$1" > "$2"
  if grep -o '@[A-Z_]*@' "$2"; then
    echo "build-frontend: marks left unfilled in $1" >&2
    exit 1
  fi
}
for app in "${APPS[@]}"; do
  up=${app^^}
  URL[${up}_JS]=$(hashed "$STAGE/$app.js" "$app" js)
  URL[${up}_WASM]=$(hashed "$STAGE/${app}_bg.wasm" "$app" wasm)
done
URL[STYLE_CSS]=$(hashed style.css style css)
URL[ICON_SVG]=$(hashed icon.svg icon svg)
# boot.js without its comment lines (they are for the source).
sed '/^[[:space:]]*\/\//d' boot.js > "$STAGE/boot.src.js"
fill "$STAGE/boot.src.js" "$STAGE/boot.js"
URL[BOOT_JS]=$(hashed "$STAGE/boot.js" boot js)
fill index.html dist/index.html
# The document around server-rendered pages (backend/src/ssr/mod.rs fills @LANG@, @DATA@ and
# the head and body marks per request; the others are filled here).
# No preload of the wasm there (index.html has one): the page's content is in the HTML, and
# a high-priority 340 KB download would compete with it on a slow connection.
sed -e "s|@ICON_SVG@|${URL[ICON_SVG]}|g" -e "s|@STYLE_CSS@|${URL[STYLE_CSS]}|g" \
  -e "s|@BOOT_JS@|${URL[BOOT_JS]}|g" page.html > dist/page.html

# Precompressed copies of every hashed file, served as they are (the server's on-the-fly
# gzip is fast but weaker): gzip -9 (.gz) and brotli at quality 11 (.br, Node's zlib).
for f in dist/assets/*; do
  gzip -9 -n -c "$f" > "$f.gz"
done
node -e '
const fs = require("fs"), zlib = require("zlib");
for (const name of fs.readdirSync("dist/assets")) {
  if (name.endsWith(".gz")) continue;
  const file = "dist/assets/" + name;
  fs.writeFileSync(file + ".br", zlib.brotliCompressSync(fs.readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(file).size } }));
}'

# Budgets: the gzip -9 size of what the first page of each app loads (the icon too).
gz() { local total=0 f; for f in "$@"; do total=$((total + $(gzip -9 -c "$f" | wc -c))); done; echo "$total"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
over=0
report=""
for app in "${APPS[@]}"; do
  up=${app^^}
  bytes=$(gz dist/index.html "dist${URL[ICON_SVG]}" "dist${URL[BOOT_JS]}" "dist${URL[STYLE_CSS]}" "dist${URL[${up}_JS]}" "dist${URL[${up}_WASM]}")
  budget=${BUDGET_KB[$app]:?no budget for $app}
  report+="  $app: $(kb "$bytes") KB gzip (html + icon + boot + css + js + wasm; budget $budget KB)"$'\n'
  if [ "$bytes" -gt $((budget * 1024)) ]; then
    report+="  ^ OVER BUDGET by $(kb $((bytes - budget * 1024))) KB"$'\n'
    over=1
  fi
done
echo "frontend built in frontend/dist (hashed files in dist/assets):"
printf '%s' "$report"
# The same lines for other tools (scripts/bench.sh), outside dist (which is served).
printf '%s' "$report" > "$STAGE/budget.txt"
if [ "$over" = 1 ]; then
  echo "build-frontend: a bundle is over its budget (see docs/web-app-delivery.md)" >&2
  exit 1
fi
