#!/usr/bin/env bash
# Builds the Debian package: configures ./build-deb (install prefix /usr, so the binary looks
# for its trust root in /usr/share/attestfs and /sbin/mount.attestfs points at /usr/bin/attestfs;
# no tests), builds the binary, and runs `cpack -G DEB`. Prints the .deb's path on stdout.
# The build type matches scripts/build.sh, so ccache serves most objects from ./build.
#   scripts/package.sh            -> build-deb/attestfs_<version>_amd64.deb
# ATTESTFS_DEB_BUILD_DIR overrides the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ATTESTFS_DEB_BUILD_DIR:-build-deb}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX=/usr -DATTESTFS_BUILD_TESTS=OFF >&2
fi
ninja -C "$BUILD_DIR" -j"${ATTESTFS_JOBS:-$(nproc)}" attestfs >&2
rm -f "$BUILD_DIR"/attestfs_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >&2)
ls "$PWD/$BUILD_DIR"/attestfs_*_amd64.deb
