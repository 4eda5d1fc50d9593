#!/usr/bin/env python3
"""Writes the command lists of the seeded random INCRBYFLOAT/HINCRBYFLOAT golden cases
(tests/redis/cases/158-*.redis and 159-*.redis). Only the commands are generated here; their
expected output comes from redis-server 7.0.15 through regenerate.sh, as for every case.
Deterministic: the same seed gives the same files.
Run: python3 tests/redis/generate_incrbyfloat_cases.py && PORT=16399 tests/redis/regenerate.sh \
tests/redis/cases/15[89]-*.redis
"""
import pathlib
import random

CASES = pathlib.Path(__file__).resolve().parent / "cases"


def decimal(rng, digits, exponents):
    """Decimal text: optional sign, digits with a point somewhere, maybe an exponent."""
    n = rng.randint(1, digits)
    body = "".join(rng.choice("0123456789") for _ in range(n))
    point = rng.randint(-1, n)
    if point >= 0:
        body = body[:point] + "." + body[point:]
    if body == ".":
        body = "0."
    sign = rng.choice(["", "", "-", "+"])
    exponent = ""
    if exponents and rng.random() < 0.5:
        exponent = rng.choice("eE") + str(rng.randint(-exponents, exponents))
    return sign + body + exponent


def hexadecimal(rng):
    """A hexadecimal float as strtold reads it: 0x digits, optional point, optional p exponent."""
    digits = "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(rng.randint(1, 20)))
    point = rng.randint(-1, len(digits))
    if point >= 0:
        digits = digits[:point] + "." + digits[point:]
    exponent = "p%d" % rng.randint(-80, 80) if rng.random() < 0.7 else ""
    return rng.choice(["", "-"]) + "0x" + digits + exponent


def increment(rng):
    roll = rng.random()
    if roll < 0.45:
        return decimal(rng, 20, 25)
    if roll < 0.6:
        return decimal(rng, 40, 0)
    if roll < 0.7:
        return decimal(rng, 25, 4940)
    if roll < 0.8:
        return hexadecimal(rng)
    if roll < 0.9:
        return rng.choice(["0.1", "-0.1", "0.01", "1", "-1", "0.3", "1e-17", "5e-18"])
    return str(rng.randint(-(2**70), 2**70))


def strings(rng):
    lines = []
    keys = ["a", "b", "c", "d"]
    for _ in range(400):
        key = rng.choice(keys)
        roll = rng.random()
        if roll < 0.08:
            lines.append("SET %s %s" % (key, increment(rng)))
        elif roll < 0.14:
            lines.append("GET %s" % key)
        elif roll < 0.16:
            lines.append("DEL %s" % key)
        else:
            lines.append("INCRBYFLOAT %s %s" % (key, increment(rng)))
    return lines


def hashes(rng):
    lines = []
    fields = ["f", "g", "h"]
    for _ in range(300):
        key = rng.choice(["h1", "h2"])
        field = rng.choice(fields)
        roll = rng.random()
        if roll < 0.08:
            lines.append("HSET %s %s %s" % (key, field, increment(rng)))
        elif roll < 0.13:
            lines.append("HGET %s %s" % (key, field))
        elif roll < 0.15:
            lines.append("HDEL %s %s" % (key, field))
        else:
            lines.append("HINCRBYFLOAT %s %s %s" % (key, field, increment(rng)))
    return lines


def main():
    rng = random.Random(20261125)
    (CASES / "158-hincrbyfloat-random.redis").write_text("\n".join(hashes(rng)) + "\n")
    (CASES / "159-incrbyfloat-random.redis").write_text("\n".join(strings(rng)) + "\n")


if __name__ == "__main__":
    main()
