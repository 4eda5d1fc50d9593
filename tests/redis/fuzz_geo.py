#!/usr/bin/env python3
"""Differential fuzzing of the GEO commands: per seed, random GEOADDs (clusters, whole-globe
spreads, points by the poles and the antimeridian, range limits, repeated members; every
third seed also a few hundred points, past the listpack limit, so that COUNT sorts many), a few
non-geo scores and wrong-type keys, then random GEOPOS, GEODIST, GEOHASH, GEOSEARCH,
GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER (and _RO) lines with every option, a share of
bad arguments, and some of them called from EVAL. Each seed's lines run through
`ferrous-lua redis` and through `redis-cli --no-raw` against a private redis-server 7.0.15
(its own port, stopped by its PID, FLUSHALL first); the outputs must be equal.

With --wasm, the lines go through the wasm build's Sandbox.exec under Node instead (pkg/node,
from `wasm-pack build --release --target nodejs --out-dir pkg/node --out-name ferrous_lua`),
whose sin/cos/asin are not glibc's: distances may differ in their last digits there.

Usage: fuzz_geo.py [--seeds FIRST LAST] [--commands N] [--port P] [--binary PATH] [--resp3]
                   [--wasm]
"""

import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from differential import first_difference, marked, run_seeds  # noqa: E402

LAT_MAX = 85.05112878
KEYS = ["g", "g", "g", "h", "nokey", "str"]
UNITS = ["m", "km", "mi", "ft", "M", "KM", "Mi"]
MEMBERS = ["m%d" % i for i in range(40)] + ["", "Palermo", "x y"]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.center = (self.r.uniform(-180, 180), self.r.uniform(-LAT_MAX, LAT_MAX))
        self.added = []
        self.dense = seed % 3 == 0

    def number(self, value):
        """A coordinate or size written in one of the ways a client might write it."""
        style = self.r.random()
        if style < 0.5:
            return repr(value)
        if style < 0.8:
            return "%.*f" % (self.r.randint(0, 8), value)
        if style < 0.9:
            return "%.3e" % value
        return str(int(value))

    def point(self):
        r = self.r
        roll = r.random()
        if roll < 0.4:
            spread = 10 ** r.uniform(-5, 1)
            lon = self.center[0] + r.uniform(-spread, spread)
            lat = self.center[1] + r.uniform(-spread, spread)
        elif roll < 0.6:
            lon, lat = r.uniform(-180, 180), r.uniform(-LAT_MAX, LAT_MAX)
        elif roll < 0.7:
            lon, lat = r.uniform(-180, 180), r.choice([-1, 1]) * r.uniform(75, LAT_MAX)
        elif roll < 0.8:
            lon, lat = r.choice([-1, 1]) * r.uniform(170, 180), r.uniform(-60, 60)
        elif roll < 0.9:
            lon = r.choice([-180, 180, 0, -0.0, 179.99999, -179.99999])
            lat = r.choice([LAT_MAX, -LAT_MAX, 0, 85.05, -85.05])
        else:
            lon, lat = float(r.randint(-180, 180)), float(r.randint(-85, 85))
        lon = max(-180.0, min(180.0, lon))
        lat = max(-LAT_MAX, min(LAT_MAX, lat))
        return lon, lat

    def member(self, adding=False):
        """A member name: mostly one added already, when looking one up."""
        if self.added and not adding and self.r.random() < 0.85:
            name = self.r.choice(self.added)
        elif adding and self.dense:
            name = "n%d" % self.r.randint(0, 999)
        else:
            name = self.r.choice(MEMBERS)
        if adding:
            self.added.append(name)
        return '"%s"' % name if name == "" or " " in name else name

    def geoadd(self, points=None):
        key = self.r.choice(["g", "g", "h"])
        triples = []
        for _ in range(points or self.r.randint(1, 6)):
            lon, lat = self.point()
            member = self.member(adding=True)
            triples.append("%s %s %s" % (self.number(lon), self.number(lat), member))
        return "GEOADD %s %s" % (key, " ".join(triples))

    def size(self):
        r = self.r
        roll = r.random()
        if roll < 0.05:
            return "0"
        if roll < 0.08:
            return r.choice(["-1", "abc", "inf", "1e400", "", "1e-300", "5e-324", "1e300",
                             "20037726.37", "-0"])
        return self.number(10 ** r.uniform(-2, 4.5))

    def unit(self):
        return self.r.choice(UNITS) if self.r.random() < 0.98 else "yd"

    def center_words(self, search):
        r = self.r
        if r.random() < 0.5:
            member = self.member() if r.random() < 0.9 else "nosuch"
            return ["FROMMEMBER", member] if search else [member]
        lon, lat = self.point()
        if r.random() < 0.03:
            lon = r.choice([181, -200, 1e300])
        words = [self.number(lon), self.number(lat)]
        return ["FROMLONLAT"] + words if search else words

    def options(self, search, store):
        r = self.r
        words = []
        for _ in range(r.randint(0, 4)):
            roll = r.random()
            if roll < 0.4 and not store:
                words.append(r.choice(["WITHDIST", "WITHHASH", "WITHCOORD", "withdist"]))
            elif roll < 0.6:
                words.append(r.choice(["ASC", "DESC", "asc"]))
            elif roll < 0.85:
                count = str(r.randint(1, 8) if r.random() < 0.7 else r.randint(1, 300))
                if r.random() < 0.1:
                    count = r.choice(["0", "-1", "x"])
                words += ["COUNT", count] + (["ANY"] if r.random() < 0.3 else [])
            elif roll < 0.9:
                words.append("ANY")
            elif roll < 0.95 and search:
                words += ["BYRADIUS", self.size(), self.unit()]
            else:
                words.append(r.choice(["BOGUS", "STORE", "FROMLONLAT"]))
        return words

    def shape_words(self):
        if self.r.random() < 0.6:
            return ["BYRADIUS", self.size(), self.unit()]
        return ["BYBOX", self.size(), self.size(), self.unit()]

    def search(self):
        r = self.r
        key = r.choice(KEYS)
        roll = r.random()
        if roll < 0.35:
            name = "GEOSEARCH"
            parts = [self.center_words(True), self.shape_words()]
            if r.random() < 0.05:
                parts.pop(r.randint(0, 1))
            r.shuffle(parts)
            words = [name, key] + sum(parts, []) + self.options(True, False)
            return words
        if roll < 0.5:
            parts = [self.center_words(True), self.shape_words()]
            r.shuffle(parts)
            words = ["GEOSEARCHSTORE", "dst", key] + sum(parts, [])
            words += self.options(True, True)
            if r.random() < 0.4:
                words.append("STOREDIST")
            return words
        by_member = r.random() < 0.4
        name = "GEORADIUSBYMEMBER" if by_member else "GEORADIUS"
        read_only = r.random() < 0.25
        if read_only:
            name += "_RO"
        store = not read_only and r.random() < 0.3
        words = [name, key] + self.center_words(False) + [self.size(), self.unit()]
        words += self.options(False, store)
        if store:
            words += [r.choice(["STORE", "STOREDIST"]), "dst"]
        return words

    def lookup(self):
        r = self.r
        key = r.choice(KEYS)
        roll = r.random()
        if roll < 0.35:
            return ["GEOPOS", key] + [self.member() for _ in range(r.randint(1, 4))]
        if roll < 0.7:
            words = ["GEODIST", key, self.member(), self.member()]
            if r.random() < 0.6:
                words.append(self.unit())
            if r.random() < 0.03:
                words.append("extra")
            return words
        return ["GEOHASH", key] + [self.member() for _ in range(r.randint(1, 4))]

    def in_script(self, words):
        """The command called from EVAL, its words as Lua string literals."""
        quoted = ", ".join("'%s'" % w.strip('"') for w in words)
        return 'EVAL "return redis.pcall(%s)" 0' % quoted

    def commands(self):
        """One command, and a ZRANGE of the destination after one that may store."""
        r = self.r
        roll = r.random()
        if roll < 0.25:
            return [self.geoadd()]
        if roll < 0.28:
            score = r.choice(["-5", "1e30", "inf", "0.5", "4503599627370496"])
            return ["ZADD g %s z%d" % (score, r.randint(0, 3))]
        words = self.search() if roll < 0.75 else self.lookup()
        line = self.in_script(words) if r.random() < 0.1 else " ".join(words)
        if words[0] == "GEOSEARCHSTORE" or "STORE" in words or "STOREDIST" in words:
            return [line, "ZRANGE dst 0 -1 WITHSCORES", "OBJECT ENCODING dst"]
        return [line]


# Runs stdin's lines through Sandbox.exec and prints what redis-cli would have printed.
WASM_RUNNER = """
const engine = require(process.argv[1]);
const lines = require('fs').readFileSync(0, 'latin1').split('\\n').filter((l) => l);
const sandbox = new engine.Sandbox({ time: 1700000000000 });
let out = '';
for (const line of lines) out += sandbox.exec(line);
process.stdout.write(Buffer.from(out, 'latin1'));
"""


def ours(args, script, protocol):
    if args.wasm:
        package = os.path.join(ROOT, "pkg", "node", "ferrous_lua.js")
        return subprocess.run(["node", "-e", WASM_RUNNER, package], input=script,
                              capture_output=True)
    return subprocess.run([args.binary, "redis"] + protocol, input=script, capture_output=True)


def run_seed(seed, args):
    generator = Generator(seed)
    setup = ["FLUSHALL", "SET str v"] + [generator.geoadd() for _ in range(8)]
    if generator.dense:
        setup += [generator.geoadd(points=100) for _ in range(4)]
        generator.dense = False
    commands = setup + [line for _ in range(args.commands) for line in generator.commands()]
    script = marked(commands)
    protocol = ["-3"] if args.resp3 else []
    theirs = subprocess.run(["redis-cli", "-p", str(args.port), "--no-raw"] + protocol,
                            input=script, capture_output=True).stdout
    mine = ours(args, script, protocol)
    if mine.returncode != 0:
        return "ferrous-lua exited with %d: %s" % (mine.returncode, mine.stderr[-300:])
    return None if mine.stdout == theirs else first_difference(mine.stdout, theirs)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", nargs=2, type=int, default=[1, 50])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--port", type=int, default=16406)
    parser.add_argument("--resp3", action="store_true")
    parser.add_argument("--wasm", action="store_true")
    parser.add_argument("--binary",
                        default=os.path.join(here, "..", "..", "target", "debug", "ferrous-lua"))
    args = parser.parse_args()
    if args.wasm and args.resp3:
        sys.exit("--wasm runs RESP2 only (Sandbox.exec has no HELLO 3 of its own)")
    seeds = range(args.seeds[0], args.seeds[1] + 1)
    run_seeds(args.port, seeds, lambda seed: run_seed(seed, args))


if __name__ == "__main__":
    main()
