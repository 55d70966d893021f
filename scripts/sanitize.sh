#!/usr/bin/env bash
# Builds with sanitizers into ./build-<san> and runs tests under them. Not part of every CI run
# (two cores).
#   scripts/sanitize.sh [address,undefined]   every unit test
#   scripts/sanitize.sh thread                ThreadSanitizer: the content, fs and oci unit tests,
#                                             then (as root, with /dev/fuse) the mount integration
#                                             scripts with the TSan binary; reports of the mount
#                                             daemons are collected from TSAN_OPTIONS log_path
# Fails on a failing test or any sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
SAN=${1:-address,undefined}
DIR=build-$(echo "$SAN" | tr ',' '-')
cmake -S . -B "$DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATTESTFS_SANITIZE="$SAN" >/dev/null
if [ "$SAN" != thread ]; then
  ninja -C "$DIR" -j"${ATTESTFS_JOBS:-$(nproc)}"
  ctest --test-dir "$DIR" --output-on-failure -R '^unit_'
  exit 0
fi
ninja -C "$DIR" -j"${ATTESTFS_JOBS:-$(nproc)}" attestfs unit_content unit_fs unit_oci
logs=$PWD/$DIR/tsan-logs
rm -rf "$logs" && mkdir -p "$logs"
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 log_path=$logs/tsan"
ctest --test-dir "$DIR" --output-on-failure -R '^unit_(content|fs|oci)$'
if [ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ]; then
  for s in test_mount_cli test_mount_registry test_mount_faults; do
    [ -f "tests/integration/$s.sh" ] || continue
    echo "sanitize: $s with the ThreadSanitizer binary"
    ATTESTFS=$PWD/$DIR/attestfs ATTESTFS_SOURCE_DIR=$PWD bash "tests/integration/$s.sh"
  done
else
  echo "sanitize: mount scripts skipped (need root and /dev/fuse)"
fi
if compgen -G "$logs/tsan*" >/dev/null; then
  echo "sanitize: ThreadSanitizer reports:"
  grep -h -A30 'WARNING: ThreadSanitizer' "$logs"/tsan* | head -200
  exit 1
fi
echo "sanitize: thread: no ThreadSanitizer report"
