#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) into ./build-fuzz and runs each one.
#   scripts/fuzz.sh [SECONDS]            CI smoke run: SECONDS (default 10) per target on a scratch
#                                        corpus seeded from tests/data/fuzz-seeds and tests/fuzz/corpus.
#   scripts/fuzz.sh --campaign [SECONDS] a campaign: SECONDS (default 600) per target, ATTESTFS_FUZZ_PARALLEL
#                                        targets at a time (default 1), growing the kept corpus
#                                        tests/fuzz/corpus/<target> (merged, minimised); prints a
#                                        table of executions, coverage, corpus size and crashes.
#                                        Crash inputs land in build-fuzz/crashes/<target>/.
# Fails on any crash. ATTESTFS_FUZZ_TARGETS="fuzz_a fuzz_b" limits the run to those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
campaign=0
if [ "${1:-}" = "--campaign" ]; then
  campaign=1
  shift
fi
SECONDS_EACH=${1:-$([ $campaign = 1 ] && echo 600 || echo 10)}
PARALLEL=${ATTESTFS_FUZZ_PARALLEL:-1}
cmake -S . -B build-fuzz -G Ninja -DATTESTFS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=${ATTESTFS_FUZZ_TARGETS:-$(cd tests/fuzz && ls fuzz_*.cc 2>/dev/null | sed 's/\.cc$//')}
[ -n "$targets" ] || { echo "fuzz: no targets"; exit 0; }
ninja -C build-fuzz -j"${ATTESTFS_JOBS:-$(nproc)}" $targets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_target NAME: fuzzes into $work/NAME (seeded), log in $work/NAME.log.
run_target() {
  local t=$1 crashes="$PWD/build-fuzz/crashes/$t"
  mkdir -p "$work/$t" "$crashes"
  [ -d "tests/data/fuzz-seeds/$t" ] && cp -r "tests/data/fuzz-seeds/$t/." "$work/$t/"
  [ -d "tests/fuzz/corpus/$t" ] && cp -r "tests/fuzz/corpus/$t/." "$work/$t/"
  (cd "$work" && "$OLDPWD/build-fuzz/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
     -timeout=25 -print_final_stats=1 -artifact_prefix="$crashes/" "$work/$t" >"$work/$t.log" 2>&1)
}

failed=0
if [ $campaign = 0 ]; then
  for t in $targets; do
    echo "fuzz: $t for ${SECONDS_EACH}s"
    run_target "$t" || { tail -40 "$work/$t.log"; echo "fuzz: $t FAILED"; exit 1; }
    grep -E "^Done [0-9]+ runs" "$work/$t.log" || true
  done
  echo "fuzz: all targets ran without a crash"
  exit 0
fi

# Campaign: PARALLEL targets at a time.
echo "fuzz campaign: ${SECONDS_EACH}s per target, $PARALLEL at a time, $(date -u +%FT%TZ)"
running=()
status_file=$work/status
: >"$status_file"
for t in $targets; do
  (run_target "$t" && echo "$t ok" >>"$status_file" || echo "$t CRASH" >>"$status_file") &
  running+=($!)
  if [ ${#running[@]} -ge "$PARALLEL" ]; then
    wait "${running[0]}" || true
    running=("${running[@]:1}")
  fi
done
for p in "${running[@]}"; do wait "$p" || true; done

printf '%-24s %12s %8s %8s %8s %s\n' target executions cov ft corpus result
for t in $targets; do
  log=$work/$t.log
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo ?)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || echo ?)
  ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+' || echo ?)
  result=$(grep "^$t " "$status_file" | awk '{print $2}')
  # Keep a minimised corpus under tests/fuzz/corpus/<target>.
  keep=tests/fuzz/corpus/$t
  mkdir -p "$keep.new"
  "build-fuzz/tests/fuzz/$t" -merge=1 -rss_limit_mb=2048 "$keep.new" "$work/$t" >/dev/null 2>&1 || true
  rm -rf "$keep" && mv "$keep.new" "$keep"
  printf '%-24s %12s %8s %8s %8s %s\n' "$t" "$execs" "$cov" "$ft" "$(ls "$keep" | wc -l)" "$result"
  if [ "$result" != ok ]; then
    failed=1
    grep -E 'ERROR: |SUMMARY: ' "$log" | head -5
  fi
done
[ $failed = 0 ] && echo "fuzz campaign: no crash" || { echo "fuzz campaign: CRASHES (inputs in build-fuzz/crashes)"; exit 1; }
