#!/usr/bin/env bash
# examples/release-flow.sh run for real (local docker-registry, buildah, skopeo): an
# Apache-2.0 model goes all the way to "DEPLOY OK"; a GPL-3.0 model is stopped by the release
# policy's license allowlist before any image is built.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/buildah /usr/bin/skopeo /usr/bin/docker-registry
FLOW=$ATTESTFS_SOURCE_DIR/examples/release-flow.sh
CLEANUP+=("buildah --root $T/ok/containers --runroot $T/ok/run --storage-driver vfs rmi --all --force")
expect_rc 0 "release flow for an Apache-2.0 model" -- timeout 600 "$FLOW" "$T/ok"
expect_out 'DEPLOY OK' "reaches deploy"
expect_out 'release-policy-passed +required-evidence +error +PASS' "deploy gate found the signed release evaluation"
expect_out 'image-sbom +required-evidence +error +PASS' "image gate found the signed image SBOM"
expect_rc 1 "release flow for a GPL-3.0 model stops at the release policy" -- timeout 600 "$FLOW" --license gpl-3.0 "$T/gpl"
expect_out 'GPL-3.0' "the license is named"
expect_no_out 'DEPLOY OK|5\. build the serving image' "nothing after the failed gate"
finish
