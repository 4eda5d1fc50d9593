#!/usr/bin/env python3
"""Writes the command list of the seeded random SORT golden case (tests/redis/cases/169-*.redis):
lists of numbers with repeats, numeric and ALPHA weights, hash weights, GET projections, LIMIT
windows, DESC and STORE, and ALPHA weights with many ties (whose order under a LIMIT is the one
Redis's partial quicksort leaves). Only commands are generated; the expected output comes from
redis-server 7.0.15 through regenerate.sh. Lists only: the order Redis gives a set or sorted
set before sorting comes from its hash tables.
Run: python3 tests/redis/generate_sort_cases.py && PORT=16399 tests/redis/regenerate.sh \
tests/redis/cases/169-*.redis
"""
import pathlib
import random

CASES = pathlib.Path(__file__).resolve().parent / "cases"
POOL = ["0", "1", "2", "3", "-1", "10", "2.5", "-0.5", "1e1", "01", "1.0", "100", "7", "-7",
        "0x10", "3.25", "42", "-100", "5", "6"]


def lines(rng):
    out = []
    lists = ["l0", "l1", "l2", "l3", "l4", "l5"]
    for name in lists:
        longest = 90 if name in ("l4", "l5") else 25
        items = [rng.choice(POOL) for _ in range(rng.randint(0, longest))]
        if items:
            out.append("RPUSH %s %s" % (name, " ".join(items)))
    for element in POOL:
        if rng.random() < 0.7:
            out.append("SET w_%s %s" % (element, rng.choice(POOL)))
        out.append("SET a_%s %s" % (element, "".join(rng.choice("abcdefgh") for _ in range(6))))
        if rng.random() < 0.6:
            out.append("HSET o_%s w %s name n%s" % (element, rng.choice(POOL), element))
        if rng.random() < 0.8:
            out.append("SET t_%s %s" % (element, rng.choice("xyz")))
    for i in range(300):
        name = rng.choice(lists)
        words = ["SORT", name]
        alpha = rng.random() < 0.3
        by = rng.choice([None, None, "w_*", "o_*->w", "a_*", "t_*", "t_*", "nosort"])
        if by in ("a_*", "t_*"):
            alpha = True
        limit = rng.random() < 0.5
        if by:
            words += ["BY", by]
        if alpha:
            words.append("ALPHA")
        if rng.random() < 0.5:
            words.append(rng.choice(["ASC", "DESC"]))
        if limit:
            words += ["LIMIT", str(rng.randint(-2, 60)), str(rng.randint(-1, 30))]
        for _ in range(rng.choice([0, 0, 1, 2])):
            words += ["GET", rng.choice(["#", "w_*", "o_*->name", "o_*->w", "missing_*"])]
        if rng.random() < 0.15:
            words += ["STORE", "dst"]
            out.append(" ".join(words))
            out.append("LRANGE dst 0 -1")
        else:
            out.append(" ".join(words))
    return out


def main():
    rng = random.Random(169)
    (CASES / "169-sort-random.redis").write_text("\n".join(lines(rng)) + "\n")


if __name__ == "__main__":
    main()
