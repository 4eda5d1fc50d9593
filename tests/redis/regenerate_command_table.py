#!/usr/bin/env python3
"""Regenerates tests/redis/command-table.txt from a private redis-server 7.0.15: for every
command the server has, one line `name arity first last step flags...` as COMMAND reports them
(flags in Redis's order), sorted by name. tests/redis_golden.rs checks each row of the
keyspace's command table against it. Run: python3 tests/redis/regenerate_command_table.py
"""
import pathlib
import socket
import subprocess
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
PORT = 16396


def read_reply(f):
    line = f.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind in (b"+", b"-"):
        return rest.decode()
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)[:-2]
        return data.decode()
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [read_reply(f) for _ in range(n)]
    raise ValueError(line)


def main():
    with tempfile.TemporaryDirectory() as d:
        server = subprocess.Popen(["redis-server", "--port", str(PORT), "--save", "",
                                   "--appendonly", "no", "--dir", d],
                                  stdout=subprocess.DEVNULL)
        try:
            for _ in range(50):
                try:
                    s = socket.create_connection(("127.0.0.1", PORT))
                    break
                except OSError:
                    time.sleep(0.1)
            f = s.makefile("rb")
            args = ["COMMAND"]
            s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a), a) for a in args)).encode())
            infos = read_reply(f)
        finally:
            server.terminate()
            server.wait()
    lines = []
    for info in sorted(infos):
        name, arity, flags, first, last, step = info[:6]
        lines.append(" ".join([name, str(arity), str(first), str(last), str(step)] + flags))
    (HERE / "command-table.txt").write_text("\n".join(lines) + "\n")
    print(len(lines), "commands")


main()
