#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) into ./build-fuzz and runs each for
# SECONDS (default 10) on a scratch corpus seeded from tests/data/fuzz-seeds. Fails on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-10}
cmake -S . -B build-fuzz -G Ninja -DATTESTFS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=$(cd tests/fuzz && ls fuzz_*.cc 2>/dev/null | sed 's/\.cc$//')
[ -n "$targets" ] || { echo "fuzz: no targets"; exit 0; }
ninja -C build-fuzz -j"${ATTESTFS_JOBS:-$(nproc)}" $targets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
  mkdir -p "$work/$t"
  [ -d "tests/data/fuzz-seeds/$t" ] && cp -r "tests/data/fuzz-seeds/$t/." "$work/$t/"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  (cd "$work" && "$OLDPWD/build-fuzz/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
     -print_final_stats=0 "$work/$t" >"$work/$t.log" 2>&1) || { tail -40 "$work/$t.log"; echo "fuzz: $t FAILED"; exit 1; }
  grep -E "^Done [0-9]+ runs" "$work/$t.log" || true
done
echo "fuzz: all targets ran without a crash"
