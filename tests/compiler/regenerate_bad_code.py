#!/usr/bin/env python3
"""Regenerates tests/compiler/bad_code.cases: mutated instruction words in the corpus's
luac5.1 binaries, with what lua5.1's loadstring says of each chunk (`ok`, or its error
message, e.g. `bad code in precompiled chunk`). Each line is
`FILE OFFSET NEWWORD(hex) RESULT(hex)`: the 4 bytes at OFFSET of tests/compiler/corpus/FILE
are replaced by NEWWORD (little endian). The mutations target code words only (found by
parsing the chunk), and mostly change one field, so they probe the bytecode verifier rather
than the reader. Run: python3 tests/compiler/regenerate_bad_code.py
"""
import pathlib
import random
import struct
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
rng = random.Random(5150)


def code_offsets(data):
    """Byte offsets of every instruction word in a 5.1 chunk (x86-64 luac header)."""
    pos = 12
    offsets = []

    def read_string():
        nonlocal pos
        (size,) = struct.unpack_from("<Q", data, pos)
        pos += 8 + size

    def function():
        nonlocal pos
        read_string()
        pos += 4 + 4 + 4  # lines, nups/params/vararg/maxstack
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4
        offsets.extend(pos + 4 * i for i in range(n))
        pos += 4 * n
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4
        for _ in range(n):
            t = data[pos]
            pos += 1
            if t == 1:
                pos += 1
            elif t == 3:
                pos += 8
            elif t == 4:
                read_string()
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4
        for _ in range(n):
            function()
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4 + 4 * n
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4
        for _ in range(n):
            read_string()
            pos += 8
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4
        for _ in range(n):
            read_string()

    function()
    return offsets


def mutate(word):
    kind = rng.randrange(7)
    if kind == 0:
        return (word & ~0x3F) | rng.randrange(40)  # opcode (38, 39 are invalid)
    if kind == 1:
        return (word & ~(0xFF << 6)) | (rng.choice([0, 1, 2, 200, 249, 250, 255]) << 6)
    if kind == 2:
        return (word & ~(0x1FF << 23)) | (rng.choice([0, 1, 2, 255, 256, 300, 511]) << 23)
    if kind == 3:
        return (word & ~(0x1FF << 14)) | (rng.choice([0, 1, 2, 255, 256, 300, 511]) << 14)
    if kind == 4:
        return (word & 0x3FFF) | (rng.randrange(1 << 18) << 14)  # Bx / sBx
    if kind == 5:
        return (word & 0x3FFF) | ((131071 + rng.randrange(-6, 7)) << 14)  # short jumps
    return rng.randrange(1 << 32)


DRIVER = r'''
local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
for line in io.lines(...) do
  local f, err = loadstring(unhex(line), "=bin")
  print(f and "ok" or hex(err))
end
'''


def main():
    binaries = sorted(p for p in CORPUS.glob("*.luac") if p.stat().st_size < 20000)
    cases = []
    for path in binaries:
        data = path.read_bytes()
        offsets = code_offsets(data)
        for _ in range(12):
            at = rng.choice(offsets)
            (old,) = struct.unpack_from("<I", data, at)
            cases.append((path.name, at, mutate(old) & 0xFFFFFFFF))
    chunks = HERE / "bad_code.chunks.tmp"
    with chunks.open("w") as f:
        for name, at, word in cases:
            data = bytearray((CORPUS / name).read_bytes())
            struct.pack_into("<I", data, at, word)
            f.write(data.hex() + "\n")
    out = subprocess.run(["lua5.1", "-", str(chunks)], input=DRIVER, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    chunks.unlink()
    with (HERE / "bad_code.cases").open("w") as f:
        for (name, at, word), result in zip(cases, out):
            f.write(f"{name} {at} {word:08x} {result}\n")
    print(len(cases), "cases,", sum(1 for r in out[:len(cases)] if r != "ok"), "rejected")


main()
