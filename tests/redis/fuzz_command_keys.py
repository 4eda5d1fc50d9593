#!/usr/bin/env python3
"""Differential fuzzing of the COMMAND command: seeded random `COMMAND GETKEYS` and
`COMMAND GETKEYSANDFLAGS` lines over every command of this server's table (and names
none has), with argument words that move keys around (counts, STREAMS, STORE, GET, BY, LIMIT,
bad numbers, NUL-free junk), plus `COMMAND INFO`/`DOCS` of single commands, run through
`ferrous-lua redis` and through `redis-cli --no-raw` against a private redis-server 7.0.15
(its own port, stopped by its PID); the outputs must be equal.

Containers' own entries list their subcommands in the server's hash order, which changes
with every start, so INFO/DOCS are asked only of commands without subcommands.

Usage: fuzz_command_keys.py [--seeds FIRST LAST] [--commands N] [--port P] [--binary PATH]
                            [--resp3]
"""

import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential import compare, marked, options, run_seeds, seed_range  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTAINERS = {"cluster", "command", "function", "object", "script", "xgroup", "xinfo"}
# Names neither server has (the commands redis-server has and this one lacks are unknown
# here: their keys are not compared), and odd forms of names both have.
ODD_NAMES = ["nosuch", "", "get|x", "object|encoding", "OBJECT", "get|", "|get", "x|y|z"]
SUBWORDS = ["encoding", "freq", "help", "refcount", "create", "setid", "stream",
            "groups", "consumers", "load", "exists", "flush", "delete", "list", "getkeys",
            "info", "count", "countkeysinslot", "getkeysinslot", "nosuch"]
WORDS = ["k", "a", "b", "c", "0", "1", "2", "3", "4", "-1", "2x", " 2", "+1", "01", "x",
         "4294967297", "9223372036854775807", "STREAMS", "streams", "STORE", "store",
         "STOREDIST", "storedist", "GET",
         "get", "GEt", "BY", "LIMIT", "COUNT", "BLOCK", "GROUP", "NOACK", "LEFT", "RIGHT",
         "MIN", "MAX", "WEIGHTS", "AGGREGATE", "SUM", "EX", "10", "NX", "ALPHA", "ASC", "$",
         ">", "*", "-", "+", "keys", ""]


def command_names():
    source = open(os.path.join(ROOT, "src/keyspace/command.rs")).read()
    table = source[source.index("pub const COMMANDS"):]
    return re.findall(r'(?:command|scripting|container)\(\s*"([a-z_|]+)"', table)


def quoted(word):
    return '"%s"' % word if word == "" or " " in word else word


class Generator:
    def __init__(self, seed, names):
        self.r = random.Random(seed)
        self.names = names

    def word(self):
        if self.r.random() < 0.3:
            return str(self.r.randint(-2, 6))
        return self.r.choice(WORDS)

    def target(self):
        name = self.r.choice(self.names) if self.r.random() < 0.9 else self.r.choice(ODD_NAMES)
        if self.r.random() < 0.2:
            name = name.upper()
        words = [name]
        if name.lower() in CONTAINERS and self.r.random() < 0.8:
            words.append(self.r.choice(SUBWORDS))
        words += [self.word() for _ in range(self.r.randint(0, 8))]
        return words

    def command(self):
        roll = self.r.random()
        if roll < 0.45:
            return "COMMAND GETKEYS " + " ".join(map(quoted, self.target()))
        if roll < 0.9:
            return "COMMAND GETKEYSANDFLAGS " + " ".join(map(quoted, self.target()))
        plain = [n for n in self.names + ODD_NAMES if n.lower() not in CONTAINERS]
        names = [self.r.choice(plain) for _ in range(self.r.randint(1, 3))]
        return "COMMAND %s %s" % (self.r.choice(["INFO", "DOCS"]), " ".join(map(quoted, names)))


def run_seed(seed, args, names):
    generator = Generator(seed, names)
    script = marked([generator.command() for _ in range(args.commands)])
    return compare(script, args.port, args.binary, ["-3"] if args.resp3 else [])


def main():
    args = options(port=16403, seeds=50, count_name="commands", count=500, resp3=True)
    names = command_names()
    run_seeds(args.port, seed_range(args), lambda seed: run_seed(seed, args, names))

if __name__ == "__main__":
    main()
