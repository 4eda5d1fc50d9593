#!/bin/sh
# Regenerates tests/scripting/eval/*.out: each NAME.lua (whose first line is `-- args: ...`,
# the words after the file) runs through `redis-cli --eval NAME.lua ...` on a fresh private
# redis-server 7.0.15; NAME.out receives stdout and stderr (raw format: not a terminal) and
# a last line with the exit status. Each server is stopped by its PID.
set -eu
cd "$(dirname "$0")/eval"
port=${PORT:-16393}
for script in *.lua; do
  dir=$(mktemp -d)
  redis-server --port "$port" --save '' --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    redis-cli -p "$port" PING >/dev/null 2>&1 && break
    sleep 0.1
  done
  args=$(head -1 "$script" | sed 's/^-- args://')
  status=0
  # shellcheck disable=SC2086 # the words are meant to split
  redis-cli -p "$port" --eval "$script" $args > "${script%.lua}.out" 2>&1 || status=$?
  echo "exit status $status" >> "${script%.lua}.out"
  pid=$(cat "$dir/redis.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -rf "$dir"
done
