#!/usr/bin/env python3
"""Writes the command list of the seeded random GEO golden case (tests/redis/cases/397-*.redis):
a few hundred points, past the sorted-set listpack limit, on a coarse grid around a centre (so
many share a position and distances tie), searched with COUNT windows both ways (Redis's
partial quicksort, with its median of nine past 40 results), ANY, boxes and stores. Only
commands are generated; the expected output comes from redis-server 7.0.15 through
regenerate.sh.
Run: python3 tests/redis/generate_geo_cases.py && PORT=16406 tests/redis/regenerate.sh \
tests/redis/cases/397-*.redis
"""
import pathlib
import random

CASES = pathlib.Path(__file__).resolve().parent / "cases"
CENTRE = (2.35, 48.85)


def lines(rng):
    out = []
    triples = []
    for n in range(300):
        lon = CENTRE[0] + 0.01 * rng.randint(-6, 6)
        lat = CENTRE[1] + 0.01 * rng.randint(-6, 6)
        triples.append("%.2f %.2f p%03d" % (lon, lat, n))
    for start in range(0, len(triples), 50):
        out.append("GEOADD big " + " ".join(triples[start:start + 50]))
    out.append("ZCARD big")
    out.append("OBJECT ENCODING big")
    for _ in range(24):
        lon = CENTRE[0] + 0.01 * rng.randint(-3, 3)
        lat = CENTRE[1] + 0.01 * rng.randint(-3, 3)
        if rng.random() < 0.7:
            shape = "BYRADIUS %d km" % rng.choice([1, 3, 5, 10])
        else:
            shape = "BYBOX %d %d km" % (rng.choice([2, 4, 8]), rng.choice([2, 4, 8]))
        count = rng.choice([1, 5, 30, 41, 60, 120, 299])
        order = rng.choice(["ASC", "DESC", ""])
        extra = rng.choice(["", "WITHDIST", "WITHHASH", "ANY"])
        line = "GEOSEARCH big FROMLONLAT %.2f %.2f %s COUNT %d %s %s" % (
            lon, lat, shape, count, order, extra)
        out.append(" ".join(line.split()))
    # The stored distances are listed by member only: their last digits come from libm's
    # sin/cos/asin, which the wasm build does not share with redis-server (see the README).
    out.append("GEOSEARCHSTORE near big FROMMEMBER p000 BYRADIUS 4 km COUNT 150 STOREDIST")
    out.append("OBJECT ENCODING near")
    out.append("ZRANGE near 0 -1")
    out.append("ZSCORE near p000")
    out.append("GEORADIUSBYMEMBER big p001 2 km COUNT 45 DESC STORE near")
    out.append("OBJECT ENCODING near")
    out.append("ZRANGE near 0 -1")
    return out


def main():
    rng = random.Random(397)
    path = CASES / "397-geo-large-ties.redis"
    path.write_text("\n".join(lines(rng)) + "\n")


if __name__ == "__main__":
    main()
