#!/bin/sh
# Regenerates tests/ldb/cases/*.out with the real debugger: for each NAME.lua, a fresh private
# redis-server 7.0.15 on port 16401 runs the redis-cli lines of NAME.setup (when there is one),
# then `redis-cli --ldb-sync-mode --eval NAME.lua WORDS...` reads the debugger commands of
# NAME.in; NAME.out receives its stdout and stderr and a last line with its exit status.
# NAME.args holds the words after the file (KEY ... , ARG ...), split at white space.
# TERM=dumb keeps redis-cli's colours out, as it does for any terminal that is not an xterm;
# cases named colour_* run with TERM=xterm to keep them in. Cases named rollback_* run with
# `redis-cli --ldb` (a forked session whose changes are rolled back) instead of sync mode.
# Each server is stopped by its PID.
# Usage: regenerate.sh ['NAME.lua ...'] (default: every case); PORT overrides the port.
set -eu
cd "$(dirname "$0")/cases"
port=${PORT:-16401}
for script in ${1:-*.lua}; do
  name=${script%.lua}
  dir=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    redis-cli -p "$port" PING >/dev/null 2>&1 && break
    sleep 0.1
  done
  if [ -f "$name.setup" ]; then
    redis-cli -p "$port" < "$name.setup" > /dev/null
  fi
  args=""
  if [ -f "$name.args" ]; then
    args=$(cat "$name.args")
  fi
  term=dumb
  case $name in colour_*) term=xterm ;; esac
  mode=--ldb-sync-mode
  case $name in rollback_*) mode=--ldb ;; esac
  status=0
  # shellcheck disable=SC2086 # the words are meant to split
  TERM=$term redis-cli -p "$port" "$mode" --eval "$script" $args \
    < "$name.in" > "$name.out" 2>&1 || status=$?
  echo "exit status $status" >> "$name.out"
  while [ ! -f "$dir/redis.pid" ]; do sleep 0.05; done
  pid=$(cat "$dir/redis.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -rf "$dir"
done
# A file that cannot be read: redis-cli prints its banner, then complains on stderr.
if [ -z "${1:-}" ]; then
  dir=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    redis-cli -p "$port" PING >/dev/null 2>&1 && break
    sleep 0.1
  done
  status=0
  echo c | TERM=dumb redis-cli -p "$port" --ldb-sync-mode --eval no-such-file.lua k1 \
    > ../missing-file.stdout 2> ../missing-file.stderr || status=$?
  echo "exit status $status" >> ../missing-file.stdout
  pid=$(cat "$dir/redis.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -rf "$dir"
fi
