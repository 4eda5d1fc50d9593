#!/bin/sh
# Regenerates NAME.locals: at each line event lua5.1's line hook reports, the line, the
# locals, the upvalues, the function's name and the callers (hook.lua), for this folder's
# programs and ../line_events's.
set -eu
cd "$(dirname "$0")"
for f in [0-9]*.lua ../line_events/[0-9]*.lua; do
  name=$(basename "$f" .lua)
  case "$f" in ../*) name="line-events-$name" ;; esac
  (cd "$(dirname "$f")" && lua5.1 "$OLDPWD/hook.lua" "$(basename "$f")") > "$name.locals"
done
