#!/usr/bin/env python3
"""Differential fuzzing of PFADD, PFCOUNT, PFMERGE and PFDEBUG: seeded random command lists on
a few keys, run through `ferrous-lua redis` and through `redis-cli --no-raw` against a private
redis-server 7.0.15; the outputs must be equal. GET shows the stored bytes after the changes.
Scripts add runs of up to tens of thousands of elements in one line, so values grow past the
sparse limit (3000 bytes) into the dense encoding; an element whose hash has a zero run of 33
promotes a sparse value by its register's size. Values are also crafted with SET (sparse
opcodes that do or do not cover 16384 registers, cached cardinalities valid or stale, bad
magic or encoding, short strings) and damaged in place with SETRANGE and APPEND; plain
strings and a list stand for the wrong types.

Usage: fuzz_hyperloglog.py [--seeds FIRST LAST] [--commands N] [--port P] [--binary PATH]
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential import compare, marked, options, run_seeds, seed_range  # noqa: E402

HLL_KEYS = ["h1", "h1", "h2", "h2", "h3", "c", "missing"]
OTHER_KEYS = ["s", "l"]
# Elements whose hashes have zero runs of 33 or 34: the sparse encoding cannot hold them
# (found by a search over 8-byte strings for the run length hyperloglog.c computes).
LONG_RUNS = ['"\\x90\\xc9\\x9b\\xb71000"', '"\\xae\\xa0\\x29\\xae2000"',
             '"1\\x23\\xc5\\xb73000"', '"\\xfd\\xdf\\xd245000"']
# PFDEBUG GETREG's 16384 registers, shortened to the non-zero ones.
REGISTERS_SCRIPT = ("local t = {} for i, v in ipairs(redis.call('pfdebug','getreg',KEYS[1])) do "
                    "if v > 0 then t[#t+1] = (i-1)..'='..v end end return t")
ADD_SCRIPT = ("for i=tonumber(ARGV[1]),tonumber(ARGV[2]) do "
              "redis.call('pfadd',KEYS[1],ARGV[3]..i) end return redis.call('pfcount',KEYS[1])")


def quoted(data):
    return '"' + "".join("\\x%02x" % b for b in data) + '"'


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, items):
        return self.r.choice(items)

    def element(self):
        roll = self.r.random()
        if roll < 0.4:
            return str(self.r.randint(0, 300))
        if roll < 0.7:
            return self.pick(["a", "b", "foo", "bar", "hello", "x", "y", "z", "elem", "12"]) \
                + str(self.r.randint(0, 20))
        if roll < 0.75:
            return '""'
        if roll < 0.8:
            return self.pick(LONG_RUNS)
        return quoted(bytes(self.r.randint(0, 255) for _ in range(self.r.randint(1, 12))))

    def sparse_opcodes(self, valid):
        """Opcode bytes covering 16384 registers (or, corrupt, a different number)."""
        total = 16384 if valid else self.pick([16383, 16385, 100, 20000, 0])
        out = bytearray()
        left = total
        while left > 0:
            roll = self.r.random()
            if roll < 0.3:
                n = min(left, self.r.randint(1, 64))
                out.append(n - 1)
            elif roll < 0.6:
                n = min(left, self.r.randint(1, 16384))
                out += bytes([0x40 | ((n - 1) >> 8), (n - 1) & 0xff])
            else:
                n = min(left, self.r.randint(1, 4))
                out.append(0x80 | ((self.r.randint(1, 32) - 1) << 2) | (n - 1))
            left -= n
        # A trailing junk byte, never the first half of an XZERO: splitting such a cut-off
        # opcode makes Redis write past the string's end, which this sandbox does not copy.
        if not valid and self.r.random() < 0.3:
            out.append(self.pick([0x80, 0x00, 0xff]))
        return bytes(out)

    def crafted(self):
        roll = self.r.random()
        cache = bytes(self.r.randint(0, 255) for _ in range(7)) \
            + bytes([self.pick([0, 0x80, 0x7f, 0xff])])
        if roll < 0.1:
            cache = bytes(8)
        magic = b"HYLL" if self.r.random() < 0.9 else self.pick([b"HYLX", b"hyll", b"HYL"])
        encoding = 1 if self.r.random() < 0.9 else self.pick([0, 2, 255])
        body = self.sparse_opcodes(self.r.random() < 0.6)
        if self.r.random() < 0.05:
            return quoted((magic + bytes([encoding]))[: self.r.randint(0, 15)])
        return quoted(magic + bytes([encoding, 0, 0, 0]) + cache + body)

    def command(self):
        key = self.pick(HLL_KEYS)
        roll = self.r.random()
        if roll < 0.25:
            words = ["PFADD", self.pick(HLL_KEYS + OTHER_KEYS)] \
                + [self.element() for _ in range(self.r.randint(0, 6))]
        elif roll < 0.33:
            start = self.r.randint(0, 50000)
            count = self.pick([10, 100, 500, 1500, 2500, 4000, 8000]) \
                if self.r.random() < 0.9 else 30000
            words = ["EVAL", '"%s"' % ADD_SCRIPT, "1", key, str(start), str(start + count),
                     self.pick(["e", "p", "k:"])]
        elif roll < 0.48:
            words = ["PFCOUNT"] + [self.pick(HLL_KEYS + OTHER_KEYS)
                                   for _ in range(self.pick([1, 1, 1, 2, 3]))]
        elif roll < 0.58:
            words = ["PFMERGE", self.pick(HLL_KEYS + OTHER_KEYS)] \
                + [self.pick(HLL_KEYS + OTHER_KEYS) for _ in range(self.r.randint(0, 3))]
        elif roll < 0.73:
            words = ["GET", key]
        elif roll < 0.78:
            words = ["SET", "c", self.crafted()]
        elif roll < 0.82:
            # Damage goes mostly to the crafted key, so the others stay HyperLogLogs.
            target = "c" if self.r.random() < 0.7 else key
            offset = self.r.randint(0, 40) if self.r.random() < 0.6 else self.r.randint(0, 12400)
            words = ["SETRANGE", target, str(offset),
                     quoted(bytes(self.r.randint(0, 255) for _ in range(self.r.randint(1, 3))))]
        elif roll < 0.84:
            target = "c" if self.r.random() < 0.7 else key
            words = ["APPEND", target, quoted(bytes([self.r.randint(0, 255)]))]
        elif roll < 0.86:
            words = ["COPY", key, self.pick(HLL_KEYS), "REPLACE"]
        elif roll < 0.875:
            words = ["EVAL", '"%s"' % REGISTERS_SCRIPT, "1", self.pick(HLL_KEYS)]
        elif roll < 0.9:
            words = ["PFDEBUG", self.pick(["ENCODING", "DECODE", "TODENSE", "encoding", "nope"]),
                     self.pick(HLL_KEYS + OTHER_KEYS)]
        elif roll < 0.92:
            words = ["SET", "s", self.pick(["hello", "HYLL", "12345678901234567"])]
        elif roll < 0.93:
            words = ["LPUSH", "l", "v"]
        elif roll < 0.96:
            words = ["DEL", self.pick(HLL_KEYS + ["s"])]
        elif roll < 0.98:
            words = ["STRLEN", key]
        else:
            words = ["OBJECT", "ENCODING", key]
        return " ".join(words)


def run_seed(seed, args):
    generator = Generator(seed)
    script = marked([generator.command() for _ in range(args.commands)])
    return compare(script, args.port, args.binary)


def main():
    args = options(port=16408, seeds=30, count_name="commands", count=150)
    run_seeds(args.port, seed_range(args), lambda s: run_seed(s, args))

if __name__ == "__main__":
    main()
