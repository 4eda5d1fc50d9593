#!/usr/bin/env python3
"""Writes tests/suites/cases/NN-NAME.redis: realistic script workloads as redis-cli lines.

Each suite loads its scripts (tests/suites/scripts/*.lua) with SCRIPT LOAD, runs a long,
seeded sequence of EVALSHA calls in the style of the library it imitates, and ends with
keyspace-dump.lua, so that the golden output compares every reply and the final keyspace.
Regenerate the .redis files with this script, then their .out files with
tests/scripting/regenerate.sh (which runs each file on a fresh redis-server 7.0.15):

    python3 tests/suites/generate.py
    tests/scripting/regenerate.sh tests/suites/cases/*.redis
"""

import hashlib
import json
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "scripts")
CASES = os.path.join(HERE, "cases")


def quote(text):
    """A redis-cli double-quoted argument."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            out.extend("\\x%02x" % b for b in ch.encode("latin-1"))
    return '"' + "".join(out) + '"'


class Suite:
    def __init__(self, name):
        self.name = name
        self.lines = []
        self.shas = {}

    def script(self, name):
        """The sha of scripts/NAME.lua, loading it on first use."""
        if name not in self.shas:
            with open(os.path.join(SCRIPTS, name + ".lua"), encoding="latin-1") as f:
                body = f.read()
            self.lines.append("SCRIPT LOAD " + quote(body))
            self.shas[name] = hashlib.sha1(body.encode("latin-1")).hexdigest()
        return self.shas[name]

    def call(self, name, keys, args):
        words = [self.script(name), str(len(keys))] + [str(k) for k in keys + args]
        self.lines.append("EVALSHA " + " ".join(quote(w) for w in words))

    def command(self, *words):
        self.lines.append(" ".join(quote(str(w)) for w in words))

    def write(self):
        self.call("keyspace-dump", [], [])
        with open(os.path.join(CASES, self.name + ".redis"), "w", encoding="latin-1") as f:
            f.write("\n".join(self.lines) + "\n")


def msgpack_map(options):
    """cmsgpack's encoding of a small map of short strings to small integers."""
    out = bytes([0x80 | len(options)])
    for key, value in options.items():
        out += bytes([0xA0 | len(key)]) + key.encode()
        out += bytes([value]) if 0 <= value < 128 else b"\xcd" + struct.pack(">H", value)
    return out.decode("latin-1")


def job_queue(rng):
    s = Suite("01-job-queue")
    prefix = "bull:mail:"
    keys = {k: prefix + k for k in ["id", "wait", "active", "delayed", "completed", "failed",
                                    "events"]}
    now = 1_700_000_000_000
    # A rough model of the queue, so that most finishes name a job that is active.
    next_id, wait, delayed, active = 1, [], [], []
    for step in range(160):
        now += rng.randint(0, 40)
        roll = rng.random()
        if roll < 0.4:
            options = {"attempts": rng.choice([1, 2, 3])}
            if rng.random() < 0.3:
                options["delay"] = rng.choice([50, 200, 1000])
            if rng.random() < 0.3:
                options["priority"] = rng.randint(1, 300)
            data = json.dumps({"to": "user%d@example.com" % rng.randint(1, 50),
                               "n": step}, separators=(",", ":"))
            s.call("queue-add", [keys["id"], keys["wait"], keys["delayed"], keys["events"],
                                 prefix], ["send", data, msgpack_map(options), now])
            if "delay" in options:
                delayed.append((now + options["delay"], str(next_id)))
            else:
                wait.insert(0, next_id)
            next_id += 1
        elif roll < 0.7:
            s.call("queue-take", [keys["wait"], keys["active"], keys["delayed"],
                                  keys["events"], prefix], [now, "worker-%d" % rng.randint(1, 3)])
            due = sorted(d for d in delayed if d[0] <= now)[:10]
            for d in due:
                delayed.remove(d)
                wait.insert(0, int(d[1]))
            if wait:
                active.append(wait.pop())
        elif roll < 0.95:
            job = rng.choice(active) if active and rng.random() < 0.9 else rng.randint(1, 60)
            if job in active:
                active.remove(job)
            outcome = "ok" if rng.random() < 0.7 else "fail"
            detail = "sent" if outcome == "ok" else "smtp timeout"
            s.call("queue-finish", [keys["active"], keys["completed"], keys["failed"],
                                    keys["wait"], keys["events"], prefix],
                   [job, outcome, detail, now, 10])
        else:
            s.call("queue-counts", [keys["wait"], keys["active"], keys["delayed"],
                                    keys["completed"], keys["failed"], keys["events"]], [])
    s.command("XLEN", keys["events"])
    s.command("XINFO", "STREAM", keys["events"])
    s.write()


def rate_limiter(rng):
    s = Suite("02-gcra-rate-limiter")
    now = 1_700_000_000.0
    for _ in range(220):
        now += rng.choice([0.0, 0.001, 0.05, 0.1, 0.25, 1.0, 3.5])
        user = "rate:user:%d" % rng.randint(1, 4)
        burst, rate, period = rng.choice([(5, 10, 1), (10, 100, 60), (3, 1, 1)])
        cost = rng.choice([1, 1, 1, 2, 5])
        s.call("gcra-limit", [user], [burst, rate, period, cost, "%.3f" % now])
    s.command("GET", "rate:user:1")
    s.write()


def locks(rng):
    s = Suite("03-locks")
    resources = ["lock:orders:%d" % i for i in range(6)]
    tokens = ["tok-%04x" % rng.randint(0, 0xFFFF) for _ in range(4)]
    for _ in range(200):
        token = rng.choice(tokens)
        held = rng.sample(resources, rng.randint(1, 3))
        roll = rng.random()
        if roll < 0.45:
            s.call("lock-acquire", held, [token, rng.choice([30000, 60000, 120000])])
        elif roll < 0.7:
            s.call("lock-extend", held, [token, rng.choice([45000, 90000])])
        else:
            s.call("lock-release", held, [token])
    s.write()


def unique_jobs(rng):
    s = Suite("04-unique-jobs")
    classes = ["MailWorker", "Billing::Charge", "report_job", "Sync-Users"]
    keys = ["uniquejobs:digests", "uniquejobs:queued"]
    now = 1_700_000_000
    jobs = []
    for step in range(180):
        now += rng.randint(0, 3)
        if rng.random() < 0.65 or not jobs:
            jid = "%024x" % rng.getrandbits(96)
            args = [rng.choice(["Alice", " alice ", "BOB", "bob"]), rng.randint(1, 3),
                    rng.choice(["x y", "x  y", "Z!"])]
            s.call("unique-lock", keys, [jid, rng.choice(classes),
                                         json.dumps(args), rng.choice([60, 300]), now])
            jobs.append(jid)
        else:
            s.call("unique-unlock", keys, [rng.choice(jobs)])
    s.command("ZCARD", keys[0])
    s.write()


def leaderboard(rng):
    s = Suite("05-leaderboard")
    players = ["ana", "bo", "chen", "dee", "eli", "fay", "gus", "hal", "ivy", "jo", "kai",
               "lu"]
    for game in range(200):
        player = rng.choice(players)
        points = rng.choice([1, 2, 5, 10, 0.5, 2.25, -3, 7.125])
        if rng.random() < 0.05:
            points = "lots"
        s.call("leaderboard-submit", ["lb:weekly", "player:" + player],
               [player, points, "g%d" % game, 8])
        if game % 20 == 19:
            s.call("leaderboard-top", ["lb:weekly"], [5, "player:"])
    s.command("ZREVRANGE", "lb:weekly", 0, -1, "WITHSCORES")
    s.write()


def main():
    os.makedirs(CASES, exist_ok=True)
    for number, make in enumerate([job_queue, rate_limiter, locks, unique_jobs, leaderboard]):
        make(random.Random(1000 + number))


if __name__ == "__main__":
    main()
