#!/usr/bin/env bash
# Builds the web app into frontend/dist. Idempotent: installs only what is missing
# (the wasm32 target, wasm-bindgen-cli at exactly the wasm-bindgen crate's version).
set -euo pipefail
cd "$(dirname "$0")/../frontend"
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
cargo build --release --target wasm32-unknown-unknown
rm -rf dist && mkdir -p dist
# wasm-opt from the npm `binaryen` package (Debian's binaryen 108 breaks the output).
TOOLS=.tools
BINARYEN_VERSION=132.0.0
if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] || [ "$(node -p "require('./$TOOLS/node_modules/binaryen/package.json').version" 2>/dev/null)" != "$BINARYEN_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null
fi
# Two bundles (see src/apps.rs): the public catalogue and the reserved area.
for app in frontend reserved; do
  wasm-bindgen --target web --no-typescript --out-dir dist --out-name "$app" \
    "target/wasm32-unknown-unknown/release/$app.wasm"
  "$TOOLS/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
    "dist/${app}_bg.wasm" -o "dist/${app}_bg.wasm"
done
cp index.html boot.js style.css dist/
gz() { local total=0; for f in "$@"; do total=$((total + $(gzip -9 -c "$f" | wc -c))); done; echo $((total / 1024)); }
echo "frontend built in frontend/dist: first load $(gz dist/frontend_bg.wasm dist/frontend.js dist/boot.js dist/style.css dist/index.html) KB gzip (public catalogue: html + boot + css + js + wasm; target ≤ 300 KB), reserved area $(gz dist/reserved_bg.wasm dist/reserved.js dist/boot.js dist/style.css dist/index.html) KB gzip"
