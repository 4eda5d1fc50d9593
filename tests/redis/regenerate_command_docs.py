#!/usr/bin/env python3
"""Captures redis-server 7.0.15's own description of the commands this server has, for the
COMMAND command: `COMMAND INFO` and `COMMAND DOCS` of every row of src/keyspace/command.rs,
asked in RESP3 (so maps and sets keep their kinds) of a private server started here and
stopped by its PID. Writes src/keyspace/command_docs/{info,docs}.resp (the replies, with each
container's subcommands sorted by name so that regenerating is repeatable), which
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


def parse(raw, at=0):
    """A RESP3 reply as a tree: (kind, text) for plain kinds, (kind, [children]) for arrays,
    sets and maps (a map's children alternate keys and values); and where it ends."""
    end = raw.index(b"\r\n", at)
    kind, body = raw[at:at + 1], raw[at + 1:end]
    at = end + 2
    if kind in b"$=!" and int(body) >= 0:
        return (kind, raw[at:at + int(body)]), at + int(body) + 2
    if kind in b"*~%":
        children = []
        for _ in range(int(body) * (2 if kind == b"%" else 1)):
            child, at = parse(raw, at)
            children.append(child)
        return (kind, children), at
    return (kind, body), at


def unparse(node):
    kind, payload = node
    if kind in b"*~%":
        count = len(payload) // (2 if kind == b"%" else 1)
        return kind + b"%d\r\n" % count + b"".join(unparse(child) for child in payload)
    if kind in b"$=!":
        return kind + b"%d\r\n" % len(payload) + payload + b"\r\n"
    return kind + payload + b"\r\n"


def sorted_subcommands(node, what):
    """The server lists a container's subcommands in its hash table's order, which changes
    with every start; sorted by name, regenerating gives the same files."""
    kind, payload = node
    if what == "INFO":
        for entry in payload:
            if entry[0] == b"*" and len(entry[1]) > 9:
                entry[1][9] = (entry[1][9][0], sorted(entry[1][9][1], key=lambda e: e[1][0][1]))
    else:
        for doc in payload[1::2]:
            fields = doc[1]
            for i in range(0, len(fields), 2):
                if fields[i][1] == b"subcommands":
                    pairs = sorted(zip(fields[i + 1][1][0::2], fields[i + 1][1][1::2]),
                                   key=lambda pair: pair[0][1])
                    fields[i + 1] = (fields[i + 1][0], [n for pair in pairs for n in pair])
    return node


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
                tree, _ = parse(read_reply(sock))
                with open(os.path.join(folder, what.lower() + ".resp"), "wb") as f:
                    f.write(unparse(sorted_subcommands(tree, what)))
        finally:
            pid = int(open(pidfile).read())
            os.kill(pid, 15)


if __name__ == "__main__":
    main()
