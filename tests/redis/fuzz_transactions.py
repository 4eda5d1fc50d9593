#!/usr/bin/env python3
"""Differential fuzzing of WATCH and transactions: for random forms of the write commands
(and a few reads) on a watched key that holds each type, is missing, or is the other key of
the command, `WATCH k` / <command> / `MULTI` / `PING` / `EXEC` is run through `ferrous-lua
redis` and through `redis-cli --no-raw` against a private redis-server 7.0.15; EXEC's answer
(a null when Redis counted the key as modified) and every other reply must be equal. Now and
then a transaction of random commands follows, sometimes with one refused while queueing.

Usage: fuzz_transactions.py [--seeds FIRST LAST] [--blocks N] [--port P] [--binary PATH]
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential import compare, marked, options, run_seeds, seed_range  # noqa: E402

VALUES = ["5", "abc", "a", "1", "0", '""']
NUMBERS = ["0", "0", "1", "-1", "2", "100"]
FLOATS = ["0", "1.5", "-1"]
MEMBERS = ["a", "b", "1", "2", "f", "x"]

# How each key may start out: a type (with contents that other forms reuse) or missing.
SETUPS = [
    None,
    "SET {key} 5", "SET {key} abc", "SET {key} a", "SET {key} 5 EX 1000",
    "RPUSH {key} a b 1", "RPUSH {key} a",
    "HSET {key} f 1 a a", "SADD {key} 1 2", "SADD {key} a b",
    "ZADD {key} 1 a 2 b", "ZADD {key} 1 a",
    "XADD {key} 1-1 f v", "PFADD {key} a b",
    # Past the compact encodings' limits (hash table, skiplist, quicklist, dense HLL).
    "HSET {key} f 1 a a " + " ".join("h%d %d" % (i, i) for i in range(130)),
    "SADD {key} a " + " ".join(str(i) for i in range(520)),
    "ZADD {key} 0 a 0 b " + " ".join("0 z%d" % i for i in range(130)),
    "RPUSH {key} a b " + " ".join("x" * 70 for _ in range(140)),
    "PFADD {key} a b " + " ".join("e%d" % i for i in range(3000)),
]

# Command forms; {k} the watched key or the other one, {o} the other, {v} {n} {f} {m} values.
FORMS = [
    "SET {k} {v}", "SET {k} {v} NX", "SET {k} {v} XX", "SET {k} {v} KEEPTTL",
    "SET {k} {v} GET", "SET {k} {v} EX 1000", "SET {k} {v} NX GET", "SETNX {k} {v}",
    "SETEX {k} 1000 {v}", "PSETEX {k} 1000000 {v}", "GETSET {k} {v}", "APPEND {k} {v}",
    "SETRANGE {k} {n} {v}", "INCR {k}", "DECR {k}", "INCRBY {k} {n}", "DECRBY {k} {n}",
    "INCRBYFLOAT {k} {f}", "MSET {k} {v} {o} {v}", "MSETNX {k} {v} {o} {v}", "GETDEL {k}",
    "GETEX {k}", "GETEX {k} EX 1000", "GETEX {k} PERSIST", "GETEX {k} PXAT 99999999999999",
    "SETBIT {k} {n} 1", "SETBIT {k} 7 0", "BITFIELD {k} SET u8 0 {n}",
    "BITFIELD {k} INCRBY u8 0 {n}", "BITFIELD {k} GET u8 0",
    "BITFIELD {k} OVERFLOW FAIL INCRBY u2 0 {n}", "BITFIELD {k} SET u8 0 353 SET i8 0 97",
    "BITFIELD {k} INCRBY u8 0 256 SET u8 0 {n}", "BITFIELD {k} SET u8 8 0", "BITOP AND {k} {o} {k}", "BITOP OR {k} {o}",
    "DEL {k}", "UNLINK {k} {o}", "EXPIRE {k} 1000", "EXPIRE {k} 1000 NX",
    "PEXPIRE {k} 0", "EXPIREAT {k} 99999999999",
    "PEXPIREAT {k} 99999999999999 XX", "EXPIREAT {k} 1", "PERSIST {k}", "RENAME {k} {o}",
    "RENAME {k} {k}", "RENAMENX {k} {o}", "MOVE {k} 1", "COPY {k} {o}",
    "COPY {k} {o} REPLACE", "COPY {o} {k} REPLACE", "COPY {k} {k} DB 1 REPLACE",
    "LPUSH {k} {m}", "RPUSH {k} {m}", "LPUSHX {k} {m}", "RPUSHX {k} {m}", "LPOP {k}",
    "RPOP {k} 0", "LPOP {k} 5", "LSET {k} 0 {m}", "LSET {k} -1 a", "LTRIM {k} 0 -1",
    "LTRIM {k} 1 0", "LREM {k} 0 {m}", "LINSERT {k} BEFORE {m} {m}", "LMOVE {k} {k} LEFT RIGHT",
    "LMOVE {k} {o} RIGHT LEFT", "RPOPLPUSH {k} {k}", "LMPOP 1 {k} LEFT", "BLPOP {k} 0.01",
    "HSET {k} {m} {v}", "HMSET {k} f 1", "HSETNX {k} {m} {v}", "HDEL {k} {m}",
    "HINCRBY {k} f {n}", "HINCRBYFLOAT {k} f {f}", "SADD {k} {m}", "SREM {k} {m}",
    "SMOVE {k} {o} {m}", "SMOVE {k} {k} {m}",
    "SINTERSTORE {k} {o}", "SUNIONSTORE {k} {o} {k}", "SDIFFSTORE {k} {k}",
    "SINTERSTORE {o} {k}", "ZADD {k} {n} {m}", "ZADD {k} NX {n} {m}", "ZADD {k} XX 1 a",
    "ZADD {k} INCR 0 a", "ZINCRBY {k} {n} {m}", "ZREM {k} {m}", "ZPOPMIN {k}",
    "ZPOPMAX {k} 0", "ZREMRANGEBYRANK {k} 5 6", "ZREMRANGEBYRANK {k} 0 0",
    "ZREMRANGEBYSCORE {k} 5 6", "ZREMRANGEBYLEX {k} - +", "ZUNIONSTORE {k} 1 {o}",
    "ZINTERSTORE {k} 2 {k} {k}", "ZDIFFSTORE {k} 1 {o}", "ZRANGESTORE {k} {o} 0 -1",
    "ZRANGESTORE {k} {k} 0 -1", "ZMPOP 1 {k} MIN", "XADD {k} 5-1 f v", "XADD {k} NOMKSTREAM 5-1 f v",
    "XDEL {k} 1-1", "XDEL {k} 9-9", "XTRIM {k} MAXLEN 5", "XTRIM {k} MAXLEN 0",
    "XSETID {k} 1-1", "XSETID {k} 5-0", "XGROUP CREATE {k} g $ MKSTREAM",
    "XGROUP CREATECONSUMER {k} g c", "XGROUP SETID {k} g 0", "XGROUP DESTROY {k} g",
    "PFADD {k} {m}", "PFADD {k}", "PFCOUNT {k}", "PFMERGE {k} {o}", "PFMERGE {k}",
    "GEOADD {k} 1 1 {m}", "GEOSEARCHSTORE {k} {o} FROMLONLAT 1 1 BYRADIUS 1000 km",
    "BLMOVE {k} {o} LEFT RIGHT 0.01", "BLMPOP 0.01 1 {k} RIGHT", "BRPOP {k} 0.01",
    "BRPOPLPUSH {k} {k} 0.01", "BZMPOP 0.01 1 {k} MAX", "BZPOPMAX {k} 0.01",
    "BZPOPMIN {k} {o} 0.01", "GEORADIUS {o} 1 1 1000 km STORE {k}",
    "GEORADIUSBYMEMBER {k} a 1000 km STOREDIST {k}", "PFDEBUG TODENSE {k}",
    "PFDEBUG GETREG {k}", "EVAL \"return #redis.call('spop', KEYS[1], 10)\" 1 {k}",
    "XACK {k} g 1-1", "XAUTOCLAIM {k} g c 0 0",
    "XCLAIM {k} g c 0 1-1", "XREADGROUP GROUP g c STREAMS {k} >",
    "XREADGROUP GROUP g c STREAMS {k} 0", "ZADD {k} GT CH {n} {m}", "ZADD {k} LT 1 a",
    "LINSERT {k} AFTER a {m}", "SORT {k} STORE {o}", "SORT {o} STORE {k}", "SORT {k} ALPHA STORE {k}", "FLUSHDB", "FLUSHALL", "SWAPDB 0 1",
    "SWAPDB 0 0", "GET {k}", "TYPE {k}", "TOUCH {k}", "EXISTS {k}",
    "EVAL \"return redis.call('set', KEYS[1], ARGV[1])\" 1 {k} {v}",
    "EVAL \"return redis.pcall('incrby', KEYS[1], 0)\" 1 {k}",
]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, items):
        return self.r.choice(items)

    def setup(self, key):
        lines = []
        form = self.pick(SETUPS)
        if form:
            lines.append(form.format(key=key))
        return lines

    def command(self):
        watched, other = ("k", "o") if self.r.random() < 0.8 else ("o", "k")
        return self.pick(FORMS).format(k=watched, o=other, v=self.pick(VALUES),
                                       n=self.pick(NUMBERS), f=self.pick(FLOATS),
                                       m=self.pick(MEMBERS))

    def block(self):
        lines = ["FLUSHALL"]
        lines += self.setup("k")
        lines += self.setup("o")
        if self.r.random() < 0.3:
            lines += ["SELECT 1"] + self.setup("k") + ["SELECT 0"]
        if self.r.random() < 0.3:
            lines += ["XGROUP CREATE k g 0", "XGROUP CREATE o g 0"]
        if self.r.random() < 0.2:
            lines.append(self.pick(["EXPIRE k 1000", "PEXPIRE o 500000", "SELECT 1"]))
        lines.append("WATCH k" if self.r.random() < 0.8 else "WATCH o k")
        lines.append(self.command())
        if self.r.random() < 0.2:
            lines.append(self.command())
        lines += ["MULTI", "PING", "EXEC", "SELECT 0"]
        if self.r.random() < 0.3:
            # A transaction of random commands, now and then one refused while queueing.
            queued = [self.command() for _ in range(self.r.randint(1, 4))]
            if self.r.random() < 0.2:
                queued.append(self.pick(["GET", "NOSUCH k", "SET k", "OBJECT nosuch k",
                                         "WATCH k", "MULTI"]))
            lines += ["MULTI"] + queued + ["EXEC", "SELECT 0"]
        return lines


def main():
    args = options(port=16411, seeds=200, count_name="blocks", count=20)

    def check(seed):
        g = Generator(seed)
        script = marked([line for _ in range(args.blocks) for line in g.block()])
        return compare(script, args.port, args.binary)

    run_seeds(args.port, seed_range(args), check)

if __name__ == "__main__":
    main()
