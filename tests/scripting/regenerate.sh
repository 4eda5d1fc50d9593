#!/bin/sh
# Regenerates tests/scripting/cases/*.out: each NAME.redis is fed to `redis-cli --no-raw` on a
# fresh private redis-server 7.0.15 (its own port, no persistence) started for that file alone
# — scripts see a new server's state, its `math.random` sequence included — and NAME.out
# receives what redis-cli printed. Each server is stopped by its PID.
# Usage: regenerate.sh [NAME.redis ...] (default: every case); PORT overrides the port.
set -eu
cd "$(dirname "$0")/cases"
port=${PORT:-16393}
redis-server --version | grep -q "v=7.0.15" || { echo "redis-server is not 7.0.15" >&2; exit 1; }
[ $# -gt 0 ] || set -- *.redis
for case in "$@"; do
  case=$(basename "$case")
  dir=$(mktemp -d)
  redis-server --port "$port" --save '' --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    redis-cli -p "$port" PING >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" --no-raw < "$case" > "${case%.redis}.out" 2>&1
  pid=$(cat "$dir/redis.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -rf "$dir"
done
