#!/bin/sh
# Regenerates golden.txt: builds oracle.c with the machine's gcc (x86-64, where `long double`
# is the x87 80-bit format and strtold/printf are glibc's) and records what it prints.
# The oracle is deterministic, so two runs give the same file.
set -eu
cd "$(dirname "$0")"
[ "$(uname -m)" = x86_64 ] || { echo "the oracle needs x86-64's long double" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gcc -std=c11 -O1 -Wall -Wextra -o "$dir/oracle" oracle.c -lm
"$dir/oracle" > golden.txt
