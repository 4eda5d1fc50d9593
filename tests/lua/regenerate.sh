#!/bin/sh
# Regenerates the expected outputs of the Lua corpus with the reference lua5.1.
# For each tests/lua/{vm,stdlib}/NNN-topic.lua: NNN-topic.out holds stdout exactly; NNN-topic.err
# (only when stderr is non-empty or the exit status is non-zero) holds stderr followed by a line
# "exit status N". Programs run from their own directory with a fixed environment and stdin from
# /dev/null so chunk names read "NNN-topic.lua:LINE:". Then the generated cases are rebuilt.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# Run by name so an uncaught error reads "lua5.1: message" as it does for a user.
lua=${LUA:-lua5.1}

for dir in "$here/vm" "$here/stdlib"; do
  for prog in "$dir"/*.lua; do
    [ -e "$prog" ] || continue
    base=${prog%.lua}
    name=$(basename "$prog")
    status=0
    (cd "$dir" && env -i PATH=/usr/bin:/bin HOME=/root LANG=C "$lua" "$name" \
      </dev/null >"$base.out" 2>"$base.err.tmp") || status=$?
    if [ -s "$base.err.tmp" ] || [ "$status" -ne 0 ]; then
      { cat "$base.err.tmp"; echo "exit status $status"; } >"$base.err"
    else
      rm -f "$base.err"
    fi
    rm -f "$base.err.tmp"
  done
done

(cd "$here/generated" && env -i PATH=/usr/bin:/bin HOME=/root LANG=C python3 generate.py "$(command -v "$lua")")
