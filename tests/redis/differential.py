#!/usr/bin/env python3
"""What the differential fuzzers share: a private redis-server 7.0.15 on its own port (stopped
by its PID), command scripts marked so a difference names its command, and the loop over seeds
that reports how many gave equal outputs."""

import argparse
import os
import subprocess
import sys
import tempfile
import time


def marked(commands):
    """The commands with an ECHO after each, so a difference can be traced to its command."""
    lines = []
    for n, command in enumerate(commands, 1):
        lines.append(command)
        lines.append('ECHO "#%d: %s"' % (n, command.replace('"', "'")))
    return ("\n".join(lines) + "\n").encode()


def first_difference(ours, theirs):
    ours_lines, their_lines = ours.split(b"\n"), theirs.split(b"\n")
    for n, (a, b) in enumerate(zip(ours_lines, their_lines)):
        if a != b:
            after = [l for l in their_lines[n:] if l.startswith(b'"#')]
            command = after[0].decode(errors="replace") if after else "?"
            return "ours %r, redis %r at %s" % (a, b, command)
    return "outputs differ in length"


def start_server(port, folder):
    pidfile = os.path.join(folder, "redis.pid")
    subprocess.run(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
                    "--dir", folder, "--daemonize", "yes", "--pidfile", pidfile],
                   check=True, capture_output=True)
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "PING"],
                          capture_output=True).stdout.strip() == b"PONG" \
                and os.path.exists(pidfile):
            return pidfile
        time.sleep(0.1)
    sys.exit("redis-server did not start on port %d" % port)


def options(port, seeds, count_name, count, resp3=False):
    """The fuzzers' shared options: --seeds FIRST LAST, a count of commands (or blocks),
    --port, --binary (the debug build by default) and, where offered, --resp3."""
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", nargs=2, type=int, default=[1, seeds])
    parser.add_argument("--" + count_name, type=int, default=count)
    parser.add_argument("--port", type=int, default=port)
    if resp3:
        parser.add_argument("--resp3", action="store_true")
    parser.add_argument("--binary",
                        default=os.path.join(here, "..", "..", "target", "debug", "ferrous-lua"))
    return parser.parse_args()


def seed_range(args):
    return range(args.seeds[0], args.seeds[1] + 1)


def compare(script, port, binary, protocol=()):
    """Runs `script` through redis-cli --no-raw (on a flushed server) and through
    `binary redis`, in RESP3 when `protocol` is ["-3"]: None when the outputs are equal, else
    what differs first (or how ferrous-lua failed)."""
    protocol = list(protocol)
    subprocess.run(["redis-cli", "-p", str(port), "FLUSHALL"], capture_output=True)
    theirs = subprocess.run(["redis-cli", "-p", str(port), "--no-raw"] + protocol, input=script,
                            capture_output=True).stdout
    ours = subprocess.run([binary, "redis"] + protocol, input=script, capture_output=True)
    if ours.returncode != 0:
        return "ferrous-lua exited with %d: %s" % (ours.returncode, ours.stderr[-300:])
    return None if ours.stdout == theirs else first_difference(ours.stdout, theirs)


def run_seeds(port, seeds, check):
    """Runs `check(seed)` (None when the outputs are equal, else what differs) for every seed
    in `seeds` against a private server on `port`; prints the differences and a summary, and
    exits 1 if any seed differed."""
    version = subprocess.run(["redis-server", "--version"], capture_output=True).stdout
    if b"v=7.0.15" not in version:
        sys.exit("redis-server is not 7.0.15")
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        pidfile = start_server(port, folder)
        try:
            for seed in seeds:
                problem = check(seed)
                if problem:
                    failures += 1
                    print("seed %d: %s" % (seed, problem))
        finally:
            with open(pidfile) as f:
                os.kill(int(f.read().strip()), 15)
    print("%d of %d seeds equal redis-server" % (len(seeds) - failures, len(seeds)))
    sys.exit(1 if failures else 0)
