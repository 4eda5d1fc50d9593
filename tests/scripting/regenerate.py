#!/usr/bin/env python3
"""Regenerates golden files for the scripting layer's libraries from the real redis-server.

Starts a private redis-server 7.0.15 on 127.0.0.1:16391 (no persistence), runs every case
through EVAL, and stops the server by its PID. Run from anywhere:
    python3 tests/scripting/regenerate.py
struct.cases: one case a line, tab-separated: `pack FORMAT ARG...` (an ARG is `n<number>` or
`s<hex bytes>`), `unpack FORMAT HEXDATA OFFSET`, or `size FORMAT` (FORMAT in hex).
struct.golden: what the script answered, one line a case: `E <error message>`, or for pack
`P <hex> U <values>`, for unpack `U <values>`, for size `S <n>`, where values are `n<%.17g>` or
`s<hex>` separated by spaces.
"""
import os
import pathlib
import random
import socket
import subprocess
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
PORT = 16391
rng = random.Random(7015)

SCRIPT = r'''
local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
local function unhex(h) return (h:gsub('..', function(x) return string.char(tonumber(x, 16)) end)) end
local function show(list, from, to)
  local out = {}
  for i = from, to do
    local v = list[i]
    out[#out + 1] = type(v) == 'number' and ('n' .. string.format('%.17g', v)) or ('s' .. hex(v))
  end
  return table.concat(out, ' ')
end
local mode, fmt = ARGV[1], unhex(ARGV[2])
if mode == 'pack' then
  local args = {}
  for i = 3, #ARGV do
    local kind, body = ARGV[i]:sub(1, 1), ARGV[i]:sub(2)
    args[i - 2] = kind == 'n' and tonumber(body) or unhex(body)
  end
  local ok, packed = pcall(function() local p = struct.pack(fmt, unpack(args, 1, #ARGV - 2)); return p end)
  if not ok then return 'E ' .. packed end
  local results = { pcall(function() local r = { struct.unpack(fmt, packed) }; return r end) }
  if not results[1] then return 'P ' .. hex(packed) .. ' E ' .. results[2] end
  return 'P ' .. hex(packed) .. ' U ' .. show(results[2], 1, #results[2])
elseif mode == 'unpack' then
  local ok, r = pcall(function() local r = { struct.unpack(fmt, unhex(ARGV[3]), tonumber(ARGV[4])) }; return r end)
  if not ok then return 'E ' .. r end
  return 'U ' .. show(r, 1, #r)
else
  local ok, n = pcall(function() local n = struct.size(fmt); return n end)
  if not ok then return 'E ' .. n end
  return 'S ' .. n
end
'''

ITEMS = ["b", "B", "h", "H", "l", "L", "T", "i", "I", "i1", "I2", "i3", "I5", "i8", "I8", "i12",
         "I16", "i32", "f", "d", "x", "c3", "c1", "s", " ", "<", ">", "!", "!2", "!4", "!16"]
RARE = ["i33", "!3", "y", "c0", "q", "=", "!0", "I99999999999", "%"]
NUMBERS = ["0", "1", "-1", "127", "128", "-128", "255", "256", "65535", "-32769", "3.75", "-3.75",
           "1e10", "-1e10", "4294967296", "9007199254740993", "9.2233720368547758e18",
           "1.8446744073709552e19", "1e300", "-1e300", "0.1", "1e-40", "123456.789"]


def fmt_item():
    return rng.choice(RARE) if rng.random() < 0.05 else rng.choice(ITEMS)


def value_for(item):
    kind = item.lstrip("<>! ")[:1]
    if kind in ("c", "s") or rng.random() < 0.05:
        text = bytes(rng.choice(b"abcXYZ\x00\x01\xff") for _ in range(rng.randint(0, 6)))
        if rng.random() < 0.2:
            text = rng.choice(NUMBERS).encode()
        return "s" + text.hex()
    return "n" + rng.choice(NUMBERS)


def cases():
    out = []
    for _ in range(900):
        items = [fmt_item() for _ in range(rng.randint(1, 6))]
        fmt = "".join(items)
        args = [value_for(i) for i in items if i.lstrip("<>! ")[:1] not in ("", "x", "!")]
        if rng.random() < 0.1 and args:
            args.pop()
        out.append("\t".join(["pack", fmt.encode().hex(), *args]))
    for _ in range(400):
        fmt = "".join(fmt_item() for _ in range(rng.randint(1, 5)))
        data = bytes(rng.randrange(256) if rng.random() < 0.7 else 0 for _ in range(rng.randint(0, 24)))
        if rng.random() < 0.1:
            fmt = "Bc0"
            data = bytes([rng.randint(0, 6)]) + b"hello world"[: rng.randint(0, 8)]
        offset = rng.choice(["1", "1", "1", "2", "3", "0", "-1", "30"])
        out.append("\t".join(["unpack", fmt.encode().hex(), data.hex(), offset]))
    for _ in range(200):
        fmt = "".join(fmt_item() for _ in range(rng.randint(1, 5)))
        out.append("\t".join(["size", fmt.encode().hex()]))
    out.append("\t".join(["unpack", ("b" * 8000).encode().hex(), (b"\x01" * 8000).hex(), "1"]))
    return out


def command(sock, *args):
    payload = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
    sock.sendall(payload)
    reader = sock.makefile("rb")
    header = reader.readline()
    if header[:1] == b"$":
        body = reader.read(int(header[1:]) + 2)[:-2]
        return body
    raise RuntimeError(f"unexpected reply {header!r}")


def main():
    workdir = tempfile.mkdtemp()
    pidfile = os.path.join(workdir, "redis.pid")
    subprocess.run(["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidfile,
                    "--dir", workdir], check=True, stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if os.path.exists(pidfile):
                break
            time.sleep(0.1)
        sock = socket.create_connection(("127.0.0.1", PORT))
        all_cases = cases()
        answers = []
        for case in all_cases:
            fields = case.split("\t")
            answers.append(command(sock, b"EVAL", SCRIPT.encode(), b"0", *(f.encode() for f in fields)))
        (HERE / "struct.cases").write_text("\n".join(all_cases) + "\n")
        (HERE / "struct.golden").write_bytes(b"\n".join(answers) + b"\n")
    finally:
        with open(pidfile) as f:
            os.kill(int(f.read()), 15)


if __name__ == "__main__":
    main()
