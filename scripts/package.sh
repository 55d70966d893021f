#!/usr/bin/env bash
# Builds the Debian package from ./build (scripts/build.sh attestfs, then `cpack -G DEB`):
# attestfs_<version>_amd64.deb with /usr/bin/attestfs, /sbin/mount.attestfs, the man pages and
# /usr/share/attestfs/trusted_root.json (CPack settings in CMakeLists.txt). The package always
# installs under /usr; the development build's own prefix is left alone. Prints the .deb's path.
#   scripts/package.sh            -> build/packages/attestfs_<version>_amd64.deb
# ATTESTFS_BUILD_DIR names another build directory (as for scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ATTESTFS_BUILD_DIR:-build}
scripts/build.sh attestfs >&2
OUT="$(cd "$BUILD_DIR" && pwd)/packages"
rm -rf "$OUT" && mkdir -p "$OUT"
(cd "$BUILD_DIR" && cpack -G DEB -B "$OUT" >&2)
rm -rf "$OUT/_CPack_Packages"
ls "$OUT"/attestfs_*_amd64.deb
