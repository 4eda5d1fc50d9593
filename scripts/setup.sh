#!/usr/bin/env bash
# Installs what building and testing ferrous-lua needs on a fresh Debian machine with Rust and
# Node: the wasm target, wasm-bindgen-cli (the exact version Cargo.lock pins), wasm-pack, Debian's
# chromium + chromium-driver (browser tests) and lua5.1 + redis-server (the references the golden
# tests were generated from), then the npm packages. Every step checks first and is skipped when
# already done, so a warm run costs a second or two. Sourced by test.sh and start.sh so that the
# PATH it sets carries over; also runnable on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

WASM_PACK_VERSION=0.15.1
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Not --locked: the registry mirror lags behind the crate's own lock file (toolchain.md).
bindgen_version=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  step "cargo install wasm-bindgen-cli $bindgen_version"
  cargo install --quiet wasm-bindgen-cli --version "$bindgen_version"
fi

if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  step "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install --quiet --locked wasm-pack --version "$WASM_PACK_VERSION"
fi

missing=()
for pair in chromium:chromium chromedriver:chromium-driver lua5.1:lua5.1 luac5.1:lua5.1 \
            redis-server:redis-server redis-cli:redis-tools; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  # Debian's binaryen is deliberately absent: its wasm-opt 108 breaks the module (toolchain.md).
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

# npm ci only when package-lock.json changed since the last install.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.setup-lock-sum
fi
