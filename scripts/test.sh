#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs dependencies (apt + npm), builds,
# runs the libFuzzer targets ~10 s each, then every test through ctest (unit, integration with
# the real docker-registry, real FUSE mounts as root, interop with securesystemslib,
# @sigstore/verify and the CycloneDX validator). Interop peers are required here, not skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/fuzz.sh "${ATTESTFS_FUZZ_SECONDS:-10}"
export ATTESTFS_REQUIRE_INTEROP=1
ctest --test-dir build --output-on-failure -j1 --timeout 1200
