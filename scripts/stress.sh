#!/usr/bin/env bash
# The VM's stress runs, with figures to report: tests/stress/cyclic-garbage.lua allocates
# over 10 GB (as the heap counts 5.1's object sizes) in short-lived cyclic structures and must
# finish in bounded memory; tests/stress/many-coroutines.lua keeps 10 000 coroutines alive.
# Each runs under the release build with --stats; peak RSS comes from /usr/bin/time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet
for script in tests/stress/cyclic-garbage.lua tests/stress/many-coroutines.lua; do
  echo "== $script"
  /usr/bin/time -f "wall %es, peak RSS %M KB" target/release/ferrous-lua run --stats "$script"
done
