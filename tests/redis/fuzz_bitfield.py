#!/usr/bin/env python3
"""Differential fuzzing of BITFIELD and BITFIELD_RO: seeded random operation lists (every
type width, signed and unsigned, plain and `#` offsets, values and increments near the limits
of each width, the three OVERFLOW rules, malformed words; writes stay within this sandbox's
memory budget) on a few keys that other commands
also write (SET, SETBIT, APPEND, LPUSH for a wrong type), run through `ferrous-lua redis` and
through `redis-cli --no-raw` against a private redis-server 7.0.15; the outputs must be equal.

Usage: fuzz_bitfield.py [--seeds FIRST LAST] [--commands N] [--port P] [--binary PATH]
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential import compare, marked, options, run_seeds, seed_range  # noqa: E402

KEYS = ["b", "b", "b", "c", "list"]
ODD_WORDS = ["", "x", "i", "u", "i0", "u64", "i65", "I8", "u-1", "#", "#x", "-1", "1.5",
             "9223372036854775808", "#9223372036854775807", "4294967296", "wrap",
             "sat", "fail", "nope", "get", "overflow"]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, items):
        return self.r.choice(items)

    def type(self):
        if self.r.random() < 0.05:
            return self.pick(ODD_WORDS)
        signed = self.r.random() < 0.5
        bits = self.r.choice([1, 2, 3, 7, 8, 9, 15, 16, 31, 32, 33, 62, 63, 64]) \
            if self.r.random() < 0.7 else self.r.randint(1, 64)
        if not signed and bits == 64:
            bits = 63
        return ("i" if signed else "u") + str(bits)

    def offset(self):
        roll = self.r.random()
        if roll < 0.05:
            return self.pick(ODD_WORDS)
        if roll < 0.25:
            return "#%d" % self.r.randint(0, 12)
        return str(self.r.choice([0, 1, 5, 7, 8, 13, 31, 63, 64, 100]) if roll < 0.7
                   else self.r.randint(0, 200))

    def number(self):
        roll = self.r.random()
        if roll < 0.05:
            return self.pick(ODD_WORDS)
        if roll < 0.4:
            b = self.r.randint(0, 64)
            edge = 2 ** b
            return str(self.pick([edge, edge - 1, -edge, -edge + 1, -edge - 1, edge + 1]) if b < 63
                       else self.pick(["9223372036854775807", "-9223372036854775808",
                                       "9223372036854775806"]))
        return str(self.r.randint(-300, 300))

    def operations(self):
        words = []
        for _ in range(self.r.randint(0, 5)):
            roll = self.r.random()
            if roll < 0.3:
                # The last bit a string may have: reading it is fine, growing a string that
                # far passes this sandbox's memory budget (OOM here, 512 MB in Redis).
                offset = "4294967295" if self.r.random() < 0.05 else self.offset()
                words += ["GET", self.type(), offset]
            elif roll < 0.55:
                words += ["SET", self.type(), self.offset(), self.number()]
            elif roll < 0.8:
                words += ["INCRBY", self.type(), self.offset(), self.number()]
            elif roll < 0.95:
                words += ["OVERFLOW", self.pick(["WRAP", "SAT", "FAIL", "wrap", "sat", "fail",
                                                 "nope"])]
            else:
                words += [self.pick(ODD_WORDS)] * self.r.randint(1, 3)
        return words

    def command(self):
        key = self.pick(KEYS)
        roll = self.r.random()
        if roll < 0.6:
            name = "BITFIELD" if self.r.random() < 0.8 else "BITFIELD_RO"
            words = [name, key] + self.operations()
        elif roll < 0.7:
            words = ["GET", key]
        elif roll < 0.75:
            words = ["SETBIT", key, str(self.r.randint(0, 100)), self.pick(["0", "1"])]
        elif roll < 0.8:
            words = ["SET", key, self.pick(["12345", "-7", "abc", "\\xff\\x00\\x80"])]
        elif roll < 0.85:
            words = ["APPEND", key, self.pick(["x", "\\x01\\x02"])]
        elif roll < 0.9:
            words = ["LPUSH", "list", "v"]
        elif roll < 0.95:
            words = ["DEL", key]
        else:
            words = ["STRLEN", key]
        return " ".join('"%s"' % w if w == "" or "\\" in w else w for w in words)


def run_seed(seed, args):
    generator = Generator(seed)
    script = marked([generator.command() for _ in range(args.commands)])
    return compare(script, args.port, args.binary)


def main():
    args = options(port=16404, seeds=50, count_name="commands", count=400)
    run_seeds(args.port, seed_range(args), lambda s: run_seed(s, args))

if __name__ == "__main__":
    main()
