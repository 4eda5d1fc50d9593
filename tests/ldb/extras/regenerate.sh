#!/bin/sh
# Regenerates tests/ldb/extras/*.luac: the `luac5.1 -l -p` listing of each script, which the
# `bytecode` command of `ferrous-lua ldb` must show function by function.
set -eu
cd "$(dirname "$0")"
for script in *.lua; do
  luac5.1 -l -p "$script" > "${script%.lua}.luac"
done
