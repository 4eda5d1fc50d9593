#!/usr/bin/env python3
"""Differential fuzzing of the stream commands: seeded random command sequences run through
`ferrous-lua redis` and through `redis-cli --no-raw` against a private redis-server 7.0.15
(its own port, no persistence, stopped by its PID at the end); the outputs must be equal.

Absolute times (XINFO STREAM FULL's seen-time and delivery times) follow the server's wall
clock, so 13-digit integers and XINFO CONSUMERS's idle figures are masked before comparing;
XPENDING's extended form is generated only with a huge IDLE filter.

Usage: fuzz_streams.py [--seeds FIRST LAST] [--commands N] [--port P] [--binary PATH]
                       [--extra-adds N] [--soup] [--resp3] [--eval]
"""

import argparse
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential import first_difference, marked, run_seeds  # noqa: E402

KEYS = ["s", "s", "s", "t", "t", "str"]
GROUPS = ["g", "h"]
CONSUMERS = ["a", "b", "c"]
ODD_IDS = ["0", "1-0", "2", "(1-0", "(2", "-", "+", "$", ">", "x", "-1", "0-1", "1-*",
           "18446744073709551615-18446744073709551615", "(+", "(-"]
NUMBERS = ["0", "1", "2", "3", "5", "10", "-1", "x", "100", "9223372036854775807"]
VALUES = ["1", "v", "-5", "12345678901", "9223372036854775808", "-4096", "x"]


class Generator:
    """One seeded command sequence; IDs mostly grow so streams get long enough to span
    several listpack nodes."""

    def __init__(self, seed, adds):
        self.r = random.Random(seed)
        self.top = 1
        self.adds = adds

    def pick(self, items):
        return self.r.choice(items)

    def key(self):
        return self.pick(KEYS)

    def stream_id(self):
        if self.r.random() < 0.5:
            return self.pick(ODD_IDS)
        return "%d-%d" % (self.r.randint(0, self.top + 1), self.r.randint(0, 2))

    def fresh_id(self):
        if self.r.random() < 0.8:
            self.top += self.r.randint(0, 2)
            return "%d-%d" % (self.top, self.r.randint(0, 2))
        return self.pick(["%d-*" % self.top, self.stream_id()])

    def fields(self):
        pairs = []
        for _ in range(self.r.randint(1, 3)):
            value = self.pick(VALUES + ["a" * self.r.randint(1, 70),
                                        "b" * self.pick([100, 300, 600, 1200])])
            pairs += [self.pick(["f", "f", "f", "g", "h"]), value]
        return " ".join(pairs)

    def trim(self):
        if self.r.random() < 0.5:
            rule = "MAXLEN %s %s" % (self.pick(["", "=", "~"]), self.pick(NUMBERS))
        else:
            rule = "MINID %s %s" % (self.pick(["", "=", "~"]), self.stream_id())
        if self.r.random() < 0.3:
            rule += " LIMIT " + self.pick(NUMBERS)
        return rule

    def maybe(self, p, text):
        return text if self.r.random() < p else ""

    def command(self):
        k, g, c, i = self.key(), self.pick(GROUPS), self.pick(CONSUMERS), self.stream_id
        kind = self.r.randint(0, 26 + self.adds)
        if kind <= 8 or kind > 26:
            return "XADD %s %s %s %s %s" % (k, self.maybe(0.1, "NOMKSTREAM"),
                                            self.maybe(0.05, self.trim()), self.fresh_id(),
                                            self.fields())
        forms = {
            9: lambda: "XDEL %s %s %d-%d" % (k, i(), self.r.randint(1, self.top),
                                             self.r.randint(0, 2)),
            10: lambda: "XTRIM %s %s" % (k, self.trim()),
            11: lambda: "XRANGE %s %s %s %s" % (k, i(), i(),
                                                self.maybe(0.4, "COUNT " + self.pick(NUMBERS))),
            12: lambda: "XREVRANGE %s %s %s %s" % (k, i(), i(),
                                                   self.maybe(0.4, "COUNT " + self.pick(NUMBERS))),
            13: lambda: "XREAD %s STREAMS %s %s %s %s" % (
                self.maybe(0.4, "COUNT " + self.pick(NUMBERS)), k, self.key(), i(), i()),
            14: lambda: "XGROUP CREATE %s %s %s %s %s" % (
                k, g, i(), self.maybe(0.3, "MKSTREAM"),
                self.maybe(0.3, "ENTRIESREAD " + self.pick(NUMBERS))),
            15: lambda: "XGROUP SETID %s %s %s %s" % (
                k, g, i(), self.maybe(0.3, "ENTRIESREAD " + self.pick(NUMBERS))),
            16: lambda: self.pick(["XGROUP DESTROY %s %s" % (k, g),
                                   "XGROUP CREATECONSUMER %s %s %s" % (k, g, c),
                                   "XGROUP DELCONSUMER %s %s %s" % (k, g, c)]),
            17: lambda: "XREADGROUP GROUP %s %s %s %s STREAMS %s %s" % (
                g, c, self.maybe(0.4, "COUNT " + self.pick(NUMBERS)), self.maybe(0.2, "NOACK"),
                k, self.pick([">", ">", ">", i()])),
            18: lambda: "XREADGROUP GROUP %s %s STREAMS %s %s %s %s" % (
                g, c, k, self.key(), self.pick([">", "0", i()]), self.pick([">", "0", i()])),
            19: lambda: "XACK %s %s %s %s" % (k, g, i(), i()),
            20: lambda: self.pick(["XPENDING %s %s" % (k, g),
                                   "XPENDING %s %s IDLE 99999999999 %s %s %s" % (
                                       k, g, i(), i(), self.pick(NUMBERS))]),
            21: lambda: "XCLAIM %s %s %s %s %s %s %s" % (
                k, g, c, self.pick(["0", "0", "99999999999", "x"]), i(), i(),
                self.pick(["", "JUSTID", "FORCE", "FORCE JUSTID", "LASTID " + i(),
                           "RETRYCOUNT " + self.pick(NUMBERS), "IDLE 0", "TIME 0",
                           "IDLE 99999999999", "FORCE IDLE 5000"])),
            22: lambda: "XAUTOCLAIM %s %s %s %s %s %s %s" % (
                k, g, c, self.pick(["0", "1000000", "99999999999"]), i(),
                self.maybe(0.5, "COUNT " + self.pick(["1", "2", "100", "0", "x"])),
                self.maybe(0.3, "JUSTID")),
            23: lambda: "XSETID %s %s %s %s" % (
                k, self.pick([i(), "%d-%d" % (self.top - self.r.randint(0, 3),
                                              self.r.randint(0, 2))]),
                self.maybe(0.3, "ENTRIESADDED " + self.pick(NUMBERS)),
                self.maybe(0.3, "MAXDELETEDID " + i())),
            24: lambda: "XINFO STREAM %s %s" % (
                k, self.maybe(0.4, "FULL " + self.pick(["", "COUNT 0", "COUNT 1", "COUNT 3"]))),
            25: lambda: self.pick(["XINFO GROUPS %s", "XLEN %s", "TYPE %s"]) % k,
        }
        if kind in forms:
            return forms[kind]()
        return self.pick(["DEL %s", "SET %s x", "COPY %s u", "RENAME %s t"]) % k


SOUP_HEADS = ["XADD", "XLEN", "XRANGE", "XREVRANGE", "XDEL", "XTRIM", "XREAD", "XREADGROUP",
              "XACK", "XPENDING", "XCLAIM", "XAUTOCLAIM", "XSETID", "XGROUP CREATE",
              "XGROUP SETID", "XGROUP DESTROY", "XGROUP CREATECONSUMER",
              "XGROUP DELCONSUMER", "XGROUP HELP", "XGROUP", "XINFO STREAM", "XINFO GROUPS",
              "XINFO CONSUMERS", "XINFO HELP", "XINFO"]
SOUP_WORDS = ["s", "t", "str", "g", "h", "c", "0", "1", "-1", "1-0", "2-0", "1-*", "$", ">",
              "-", "+", "(1", "x", '""', "MAXLEN", "MINID", "~", "=", "LIMIT", "NOMKSTREAM",
              "COUNT", "BLOCK", "STREAMS", "GROUP", "NOACK", "IDLE", "TIME", "RETRYCOUNT",
              "FORCE", "JUSTID", "LASTID", "MKSTREAM", "ENTRIESREAD", "ENTRIESADDED",
              "MAXDELETEDID", "FULL", "9223372036854775807", "18446744073709551615-0", "f",
              "v"]


class Soup(Generator):
    """Command names followed by random option words, for the order in which Redis checks
    arguments; a small stream with a group and a pending entry is set up first."""

    def __init__(self, seed, adds):
        super().__init__(seed, adds)
        self.setup = ["XADD s 1-0 f v", "XADD s 2-0 f v", "XGROUP CREATE s g 0",
                      "XREADGROUP GROUP g c STREAMS s >", "SET str x"]

    def command(self):
        if self.setup:
            return self.setup.pop(0)
        words = [self.pick(SOUP_WORDS) for _ in range(self.r.randint(0, 9))]
        return " ".join([self.pick(SOUP_HEADS)] + words)


TIMESTAMP = re.compile(rb"\(integer\) \d{13}$", re.M)
IDLE = re.compile(rb'("idle"(?:\n[ \d]*\)| =>) \(integer\) )\d+$', re.M)


def masked(output):
    """The output without wall-clock figures: absolute times and XINFO CONSUMERS's idle."""
    return IDLE.sub(rb"\1T", TIMESTAMP.sub(b"(integer) T", output))


def run_seed(seed, args):
    generator = (Soup if args.soup else Generator)(seed, args.extra_adds)
    commands = [generator.command() for _ in range(args.commands)]
    if args.eval:
        commands = ['EVAL "return redis.pcall(unpack(ARGV))" 0 ' + c for c in commands]
    script = marked(commands)
    port, binary = args.port, args.binary
    subprocess.run(["redis-cli", "-p", str(port), "FLUSHALL"], capture_output=True, check=True)
    protocol = ["-3"] if args.resp3 else []
    theirs = subprocess.run(["redis-cli", "-p", str(port), "--no-raw"] + protocol, input=script,
                            capture_output=True).stdout
    ours = subprocess.run([binary, "redis"] + protocol, input=script, capture_output=True)
    if ours.returncode != 0:
        return "ferrous-lua exited with %d: %s" % (ours.returncode, ours.stderr[-300:])
    ours_out, theirs_out = masked(ours.stdout), masked(theirs)
    return None if ours_out == theirs_out else first_difference(ours_out, theirs_out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", nargs=2, type=int, default=[1, 50])
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--port", type=int, default=16398)
    parser.add_argument("--extra-adds", type=int, default=0,
                        help="more XADD among the commands, for longer streams")
    parser.add_argument("--resp3", action="store_true",
                        help="both clients speak RESP3 (redis-cli -3, ferrous-lua redis -3)")
    parser.add_argument("--eval", action="store_true",
                        help="each command through a script's redis.pcall")
    parser.add_argument("--soup", action="store_true",
                        help="random option words instead of well-formed commands")
    parser.add_argument("--binary",
                        default=os.path.join(here, "..", "..", "target", "debug", "ferrous-lua"))
    args = parser.parse_args()
    seeds = range(args.seeds[0], args.seeds[1] + 1)
    run_seeds(args.port, seeds, lambda seed: run_seed(seed, args))


if __name__ == "__main__":
    main()
