#!/bin/sh
# Regenerates tests/scripting/libs/cases/*.out: each NAME.lua is sent as the body of
# `EVAL <body> 0` to a private redis-server 7.0.15 (its own port, no persistence) and NAME.out
# receives what `redis-cli --no-raw` printed. The server is stopped by its PID at the end.
# Usage: regenerate.sh [NAME.lua ...] (default: every case); PORT overrides the port (16397).
set -eu
cd "$(dirname "$0")/cases"
port=${PORT:-16397}
dir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
  redis-cli -p "$port" PING >/dev/null 2>&1 && break
  sleep 0.2
done
redis-server --version | grep -q "v=7.0.15" || { echo "redis-server is not 7.0.15" >&2; exit 1; }
[ $# -gt 0 ] || set -- *.lua
for case in "$@"; do
  case=$(basename "$case")
  redis-cli -p "$port" --no-raw EVAL "$(cat "$case")" 0 > "${case%.lua}.out" 2>&1
done
