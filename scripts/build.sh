#!/usr/bin/env bash
# Configures and builds attestfs into ./build (Ninja, ccache when installed). Extra args go to ninja
# (e.g. `scripts/build.sh attestfs` builds only the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ATTESTFS_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD_DIR" -j"${ATTESTFS_JOBS:-$(nproc)}" "$@"
