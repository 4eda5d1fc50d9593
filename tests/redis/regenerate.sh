#!/bin/sh
# Regenerates tests/redis/cases/*.out: each NAME.redis is fed to `redis-cli --no-raw` on a
# private redis-server 7.0.15 (its own port, no persistence), after a FLUSHALL, and NAME.out
# receives what redis-cli printed. Files named *-resp3-* are run with `redis-cli -3` (the
# client says HELLO 3 first). The server is stopped by its PID at the end.
# Usage: regenerate.sh [NAME.redis ...] (default: every case); PORT overrides the port.
set -eu
cd "$(dirname "$0")/cases"
port=${PORT:-16394}
dir=$(mktemp -d)
redis-server --port "$port" --save '' --appendonly no --dir "$dir" \
  --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
  redis-cli -p "$port" PING >/dev/null 2>&1 && break
  sleep 0.2
done
redis-server --version | grep -q "v=7.0.15" || { echo "redis-server is not 7.0.15" >&2; exit 1; }
[ $# -gt 0 ] || set -- *.redis
for case in "$@"; do
  case=$(basename "$case")
  redis-cli -p "$port" FLUSHALL >/dev/null
  protocol=-2
  case "$case" in *-resp3-*) protocol=-3 ;; esac
  redis-cli -p "$port" "$protocol" --no-raw < "$case" > "${case%.redis}.out" 2>&1
done
