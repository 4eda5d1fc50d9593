#!/bin/sh
# Regenerates tests/scripting/cases/*.out: each NAME.redis is fed to `redis-cli --no-raw` on a
# fresh private redis-server 7.0.15 (its own port, no persistence) started for that file alone
# — scripts see a new server's state, its `math.random` sequence included — and NAME.out
# receives what redis-cli printed. Each server is stopped by its PID. The script waits for the
# server's log rather than connecting, so redis-cli is the first client (id 3, as HELLO shows).
# Files named *-resp3-* are run with `redis-cli -3` (HELLO 3 first).
# Usage: regenerate.sh [PATH.redis ...] (default: every file in cases/); PORT overrides the
# port. tests/suites uses it too.
set -eu
port=${PORT:-16393}
redis-server --version | grep -q "v=7.0.15" || { echo "redis-server is not 7.0.15" >&2; exit 1; }
[ $# -gt 0 ] || set -- "$(dirname "$0")"/cases/*.redis
for case in "$@"; do
  dir=$(mktemp -d)
  redis-server --port "$port" --save '' --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    grep -q "Ready to accept connections" "$dir/redis.log" 2>/dev/null && break
    sleep 0.1
  done
  protocol=-2
  case "$case" in *-resp3-*) protocol=-3 ;; esac
  redis-cli -p "$port" "$protocol" --no-raw < "$case" > "${case%.redis}.out" 2>&1
  pid=$(cat "$dir/redis.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -rf "$dir"
done
