#!/usr/bin/env bash
# Builds the release wasm once and packages it twice with wasm-pack (web target for the
# playground in pkg/web, nodejs target for the Node package in pkg/node), then bundles the
# playground with Vite into dist/. Expects the PATH that setup.sh exports (npm's wasm-opt first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

wasm-pack --log-level warn build --release --target web --out-dir pkg/web --out-name ferrous_lua
wasm-pack --log-level warn build --release --target nodejs --out-dir pkg/node --out-name ferrous_lua
vite build www --logLevel warn
