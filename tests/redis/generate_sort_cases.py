#!/usr/bin/env python3
"""Writes the command list of the seeded random SORT golden case (tests/redis/cases/169-*.redis):
lists of numbers with repeats, numeric and ALPHA weights, hash weights, GET projections, LIMIT
windows, DESC and STORE. Only commands are generated; the expected output comes from
redis-server 7.0.15 through regenerate.sh. Cases whose order Redis leaves to its hash tables or
to its partial quicksort (ALPHA BY ties under a LIMIT) are not generated.
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
    lists = ["l0", "l1", "l2", "l3"]
    for name in lists:
        items = [rng.choice(POOL) for _ in range(rng.randint(0, 25))]
        if items:
            out.append("RPUSH %s %s" % (name, " ".join(items)))
    for element in POOL:
        if rng.random() < 0.7:
            out.append("SET w_%s %s" % (element, rng.choice(POOL)))
        out.append("SET a_%s %s" % (element, "".join(rng.choice("abcdefgh") for _ in range(6))))
        if rng.random() < 0.6:
            out.append("HSET o_%s w %s name n%s" % (element, rng.choice(POOL), element))
    for i in range(250):
        name = rng.choice(lists)
        words = ["SORT", name]
        alpha = rng.random() < 0.3
        by = rng.choice([None, None, "w_*", "o_*->w", "a_*", "nosort"])
        if by == "a_*":
            alpha = True
        limit = rng.random() < 0.4 and not (alpha and by not in (None, "nosort"))
        if by:
            words += ["BY", by]
        if alpha:
            words.append("ALPHA")
        if rng.random() < 0.5:
            words.append(rng.choice(["ASC", "DESC"]))
        if limit:
            words += ["LIMIT", str(rng.randint(-2, 12)), str(rng.randint(-1, 12))]
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
