#!/usr/bin/env bash
# Commands per second: ferrous-lua's in-process API (examples/throughput.rs, release build)
# beside redis-benchmark -P 16 against a private redis-server 7.0.15 on loopback, in the same
# run. Keys: 100 000. The EVALSHA line is a rate limiter (INCR + EXPIRE); issue 7 asks for at
# least twice Redis's rate there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${N:-1000000}
port=${PORT:-16392}
dir=$(mktemp -d)
redis-server --port "$port" --save '' --appendonly no --dir "$dir" \
  --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null; rm -rf "$dir"' EXIT
until redis-cli -p "$port" PING >/dev/null 2>&1; do sleep 0.1; done
script="local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count"
sha=$(redis-cli -p "$port" SCRIPT LOAD "$script")
bench() { redis-benchmark -p "$port" -P 16 -r 100000 -n "$n" -q "$@" | tr '\r' '\n' | awk '/requests per second/ {print $(NF-5)}' | tail -1; }
declare -A redis
for t in set get incr hset zadd; do redis[$t]=$(bench -t "$t"); done
redis[evalsha]=$(bench EVALSHA "$sha" 1 "rate:__rand_int__" 60)
cargo build -q --release --example throughput
ours=$(./target/release/examples/throughput "$n")
printf '%-8s %14s %14s %7s\n' command ferrous-lua redis-server ratio
for t in set get incr hset zadd evalsha; do
  mine=$(echo "$ours" | awk -v t="${t^^}" '$1 == t {print $2}')
  printf '%-8s %14s %14s %7.2f\n' "${t^^}" "$mine" "${redis[$t]}" "$(echo "$mine / ${redis[$t]}" | bc -l)"
done
