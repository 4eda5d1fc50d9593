#!/bin/sh
# Regenerates NAME.lines: the line events lua5.1's line hook reports for NAME.lua (hook.lua).
set -eu
cd "$(dirname "$0")"
for f in [0-9]*.lua; do
  lua5.1 hook.lua "$f" > "${f%.lua}.lines"
done
