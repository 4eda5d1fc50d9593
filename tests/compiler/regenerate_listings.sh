#!/bin/sh
# Regenerates the compiler corpus's golden files with the reference luac5.1: for every
# tests/compiler/corpus/NAME.lua, NAME.luac (the binary chunk, `luac5.1 -o`) and NAME.listing
# (`luac5.1 -l -l -p`). luac runs from the corpus folder so chunk names are the bare file names.
set -eu
cd "$(dirname "$0")/corpus"
for source in *.lua; do
  name=${source%.lua}
  luac5.1 -o "$name.luac" "$source"
  luac5.1 -l -l -p "$source" > "$name.listing"
done
# The luac subcommand's own goldens: several files under luac's synthetic main, a syntax error
# and a missing file (stderr; the test swaps luac5.1's program name for ours).
luac5.1 -l -l -p 001-locals-constants.lua 005-closures.lua 050-shebang.lua > ../luac-several.listing
luac5.1 -l -l -p ../errors/unexpected-symbol.lua 2> ../luac-syntax-error.stderr || true
luac5.1 -l -l -p missing.lua 2> ../luac-missing-file.stderr || true
