#!/usr/bin/env bash
# Builds with sanitizers (default address,undefined; or "thread") into ./build-<san> and runs
# the unit tests. Not part of every CI run (two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
SAN=${1:-address,undefined}
DIR=build-$(echo "$SAN" | tr ',' '-')
cmake -S . -B "$DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATTESTFS_SANITIZE="$SAN" >/dev/null
ninja -C "$DIR" -j"$(nproc)"
ctest --test-dir "$DIR" --output-on-failure -R '^unit_'
