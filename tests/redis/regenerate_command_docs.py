#!/usr/bin/env python3
"""Captures redis-server 7.0.15's own description of the commands this server has, for the
COMMAND command: `COMMAND INFO` and `COMMAND DOCS` of every row of src/keyspace/command.rs,
asked in RESP3 (so maps and sets keep their kinds) of a private server started here and
stopped by its PID. Writes src/keyspace/command_docs/{info,docs}.resp (raw replies), which
the COMMAND command serves (leaving out the subcommands this server lacks) and which
tests/redis_golden.rs checks the command table against. Rerun after adding a command.
Run: python3 tests/redis/regenerate_command_docs.py
"""

import os
import re
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PORT = int(os.environ.get("PORT", "16402"))


def command_names():
    source = open(os.path.join(ROOT, "src/keyspace/command.rs")).read()
    table = source[source.index("pub const COMMANDS"):]
    return re.findall(r'(?:command|scripting|container)\(\s*"([a-z_|]+)"', table)


def encode(words):
    out = b"*%d\r\n" % len(words)
    for word in words:
        word = word.encode()
        out += b"$%d\r\n%s\r\n" % (len(word), word)
    return out


def read_reply(sock):
    """One whole RESP3 reply, as raw bytes."""
    buffer = b""

    def need(n):
        nonlocal buffer
        while len(buffer) < n:
            chunk = sock.recv(1 << 16)
            if not chunk:
                raise EOFError
            buffer += chunk

    def line(at):
        while b"\r\n" not in buffer[at:]:
            need(len(buffer) + 1)
        end = buffer.index(b"\r\n", at)
        return end

    def skip(at):
        end = line(at)
        kind, body = buffer[at:at + 1], buffer[at + 1:end]
        at = end + 2
        if kind in b"$=!":
            n = int(body)
            if n >= 0:
                need(at + n + 2)
                at += n + 2
        elif kind in b"*~>":
            for _ in range(max(int(body), 0)):
                at = skip(at)
        elif kind == b"%" or kind == b"|":
            for _ in range(2 * int(body)):
                at = skip(at)
        return at

    need(1)
    end = skip(0)
    return buffer[:end]


def main():
    folder = os.path.join(ROOT, "src/keyspace/command_docs")
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        pidfile = os.path.join(scratch, "redis.pid")
        log = os.path.join(scratch, "redis.log")
        subprocess.run(["redis-server", "--port", str(PORT), "--save", "", "--appendonly", "no",
                        "--dir", scratch, "--daemonize", "yes", "--pidfile", pidfile,
                        "--logfile", log], check=True)
        try:
            for _ in range(50):
                if os.path.exists(log) and "Ready to accept" in open(log).read():
                    break
                time.sleep(0.1)
            sock = socket.create_connection(("127.0.0.1", PORT))
            sock.sendall(encode(["HELLO", "3"]))
            read_reply(sock)
            names = command_names()
            for what in ("INFO", "DOCS"):
                sock.sendall(encode(["COMMAND", what] + names))
                with open(os.path.join(folder, what.lower() + ".resp"), "wb") as f:
                    f.write(read_reply(sock))
        finally:
            pid = int(open(pidfile).read())
            os.kill(pid, 15)


if __name__ == "__main__":
    main()
