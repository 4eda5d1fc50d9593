#!/usr/bin/env bash
# Compile speed against luac5.1: builds a large Lua file (every compiler corpus program wrapped
# in its own global function, repeated until the file passes 50 000 lines), then times, best of 5,
# `luac5.1 -l -l -p` against `ferrous-lua luac` (both compile and print the full listing to
# /dev/null), and `luac5.1 -p` against `ferrous-lua luac -p` (compile only). Usage: scripts/bench-compile.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
big="$work/big.lua"
n=0
: > "$big"
while [ "$(wc -l < "$big" 2>/dev/null || echo 0)" -lt 50000 ]; do
  for source in tests/compiler/corpus/*.lua; do
    case "$source" in *shebang* | *200-locals*) continue ;; esac
    n=$((n + 1))
    { echo "function chunk$n(...)"; cat "$source"; echo; echo "end"; } >> "$big"
  done
done
best() {
  local best=""
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
lines=$(wc -l < "$big")
ours=$(best target/release/ferrous-lua luac "$big")
theirs=$(best luac5.1 -l -l -p "$big")
parse=$(best luac5.1 -p "$big")
ours_parse=$(best target/release/ferrous-lua luac -p "$big")
echo "file: $lines lines, $(wc -c < "$big") bytes"
echo "ferrous-lua luac (compile + listing): ${ours} ms"
echo "luac5.1 -l -l -p (compile + listing): ${theirs} ms"
echo "luac5.1 -p       (compile only):      ${parse} ms"
echo "ferrous-lua luac -p (compile only):   ${ours_parse} ms"
awk -v a="$ours" -v b="$theirs" -v c="$ours_parse" -v d="$parse" 'BEGIN {
  if (b > 0) printf "ratio ferrous-lua / luac5.1, compile + listing: %.2f\n", a / b
  if (d > 0) printf "ratio ferrous-lua / luac5.1, compile only: %.2f\n", c / d
}'
