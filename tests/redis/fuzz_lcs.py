#!/usr/bin/env python3
"""Differential fuzzing of LCS: seeded random pairs of short strings over small alphabets (so
matches are many and ranges break often), asked with random mixes of LEN, IDX, MINMATCHLEN
and WITHMATCHLEN, through `ferrous-lua redis` and through `redis-cli --no-raw` against a
private redis-server 7.0.15; the outputs must be equal.

Usage: fuzz_lcs.py [--seeds FIRST LAST] [--commands N] [--port P] [--binary PATH] [--resp3]
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential import compare, marked, options, run_seeds, seed_range  # noqa: E402


def command(r):
    roll = r.random()
    if roll < 0.3:
        alphabet = r.choice(["ab", "abc", "acgt", "abcdefgh"])
        text = "".join(r.choice(alphabet) for _ in range(r.randint(0, 30)))
        return "SET %s \"%s\"" % (r.choice("xy"), text)
    if roll < 0.32:
        return "RPUSH l v"
    words = ["LCS", r.choice(["x", "y", "missing", "l"]), r.choice(["x", "y", "missing"])]
    for _ in range(r.randint(0, 4)):
        option = r.choice(["IDX", "IDX", "LEN", "WITHMATCHLEN", "MINMATCHLEN", "idx", "bad"])
        words.append(option)
        if option == "MINMATCHLEN":
            words.append(r.choice(["0", "1", "2", "3", "5", "-1", "x", ""]))
    return " ".join('""' if w == "" else w for w in words)


def run_seed(seed, args):
    r = random.Random(seed)
    script = marked([command(r) for _ in range(args.commands)])
    return compare(script, args.port, args.binary, ["-3"] if args.resp3 else [])


def main():
    args = options(port=16404, seeds=50, count_name="commands", count=300, resp3=True)
    run_seeds(args.port, seed_range(args), lambda s: run_seed(s, args))

if __name__ == "__main__":
    main()
