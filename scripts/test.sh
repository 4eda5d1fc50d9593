#!/usr/bin/env bash
# Runs every test, stopping at the first failure: formatting, clippy (native and wasm32), the
# Rust tests, the release wasm build, the Node tests and the browser tests. Sets up the machine
# first (skipped when already done).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

section() { printf '\n=== %s\n' "$*"; }

section "cargo fmt --check"
cargo fmt --check
section "cargo clippy"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
section "cargo test"
cargo test --quiet
section "release wasm build"
bash scripts/build.sh
section "node --test tests/node/"
node --test tests/node/
section "browser tests"
# Chromium leaves profile folders in TMPDIR: keep them inside the checkout and remove them after.
mkdir -p .tmp
TMPDIR="$PWD/.tmp" node --test tests/browser/
rm -rf .tmp
