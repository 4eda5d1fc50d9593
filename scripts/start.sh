#!/usr/bin/env bash
# Builds the wasm package and the playground, then serves it on http://127.0.0.1:$PORT/
# (default 8080) until interrupted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs dist "${PORT:-8080}"
