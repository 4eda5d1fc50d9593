#!/bin/sh
# Regenerates the expected compile errors of tests/compiler/errors: for every NAME.lua, lua5.1
# compiles its bytes with `loadstring` (the chunk named by its own text, as loadstring does)
# from a main chunk, and NAME.err receives the error message, byte for byte. A case that
# compiles is a mistake in the corpus and stops the script.
set -eu
cd "$(dirname "$0")/errors"
driver='
local path, out = ...
local file = assert(io.open(path, "rb"))
local source = file:read("*a")
file:close()
local f, message = loadstring(source)
if f then
  io.stderr:write(path, " compiles: it is not a malformed program\n")
  os.exit(1)
end
local result = assert(io.open(out, "wb"))
result:write(message)
result:close()
'
for source in *.lua; do
  lua5.1 - "$source" "${source%.lua}.err" <<LUA
$driver
LUA
done
