#!/usr/bin/env bash
# Container images as targets through the CLI: an image built with buildah (vfs storage, FROM
# scratch: a Debian-style dpkg status, a Python dist-info, a model file, a file deleted by a
# later layer) as an OCI layout, as skopeo-written oci-archive and docker-archive, and in the
# real docker-registry: the image SBOM lists what is inside, evidence binds the manifest
# digest, verification re-checks every layer, tampering is caught.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/buildah /usr/bin/skopeo /usr/bin/docker-registry
A=$ATTESTFS
B="buildah --root $T/containers --runroot $T/run --storage-driver vfs"
CLEANUP+=("$B rm --all; $B rmi --all --force")
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null

# Image content.
mkdir -p "$T/rootfs/var/lib/dpkg" "$T/rootfs/usr/lib/python3/dist-packages/tiny_serve-1.2.dist-info" "$T/rootfs/models" "$T/rootfs/etc"
cat > "$T/rootfs/var/lib/dpkg/status" <<'D'
Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2.36-9+deb12u4
Source: glibc

Package: removed-pkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0

Package: zlib1g
Status: install ok installed
Architecture: amd64
Version: 1:1.2.13.dfsg-1
Source: zlib
D
printf 'Metadata-Version: 2.1\nName: tiny-serve\nVersion: 1.2\nLicense: MIT\n' > "$T/rootfs/usr/lib/python3/dist-packages/tiny_serve-1.2.dist-info/METADATA"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' > "$T/rootfs/etc/os-release"
head -c 300000 /dev/urandom > "$T/rootfs/models/model.safetensors"
echo secret > "$T/rootfs/etc/build-token"
c=$($B from scratch)
$B add "$c" "$T/rootfs" / >/dev/null
$B commit -q "$c" base >/dev/null
c2=$($B from base)
$B run "$c2" -- /bin/true >/dev/null 2>&1 || true   # no shell in scratch: delete via a whiteout layer instead
$B rm "$c2" >/dev/null
c2=$($B from base)
mnt=$($B mount "$c2")
rm -f "$mnt/etc/build-token"
echo '#!/bin/sh' > "$mnt/serve.sh"
$B umount "$c2" >/dev/null
$B config --entrypoint '["/serve.sh"]' "$c2"
$B commit -q "$c2" "oci:$T/layout:v1" >/dev/null
ok "buildah built a two-layer image into an OCI layout"

expect_rc 0 "bom oci-layout:DIR:TAG prints the image SBOM" -- "$A" bom "oci-layout:$T/layout:v1"
expect_out '"type": "container"' "metadata component is the container"
expect_out 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4\?arch=amd64' "dpkg package with its purl"
expect_no_out 'removed-pkg' "deinstalled packages are left out"
expect_out 'pkg:pypi/tiny-serve@1.2' "Python distribution"
expect_out '"machine-learning-model"' "model file as a machine-learning-model component"
expect_out 'models/model.safetensors' "model path"
expect_no_out 'build-token' "a file deleted by a later layer (whiteout) is not listed"
"$A" bom "oci-layout:$T/layout:v1" > "$T/image-bom.json" 2>/dev/null
if [ -d "$ATTESTFS_SOURCE_DIR/tests/interop/node_modules/@cyclonedx" ]; then
  expect_rc 0 "the image SBOM passes the CycloneDX 1.6 strict validator" -- node "$ATTESTFS_SOURCE_DIR/tests/interop/cdx-validate.js" "$T/image-bom.json"
elif [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ]; then
  bad "CycloneDX validator not installed (npm ci in tests/interop)"
fi
expect_rc 0 "sign the image SBOM" -- "$A" bom "oci-layout:$T/layout:v1" -o attest --key "$T/k.key" --store "$T/s"
expect_rc 0 "verify the image in the layout" -- "$A" verify "oci-layout:$T/layout:v1" --key "$T/k.pub" --store "$T/s"
expect_out '^VERIFIED: .*config and 2 layers match' "both layers checked"
expect_rc 1 "another key does not verify it" -- "$A" verify "oci-layout:$T/layout:v1" --key "$T/k2.pub" --store "$T/s"

# Archives written by skopeo.
skopeo copy -q --preserve-digests "oci:$T/layout:v1" "oci-archive:$T/img-oci.tar:v1" >/dev/null
skopeo copy -q "oci:$T/layout:v1" "docker-archive:$T/img-docker.tar:serving:v1" >/dev/null
expect_rc 0 "oci-archive is a valid target (same manifest digest: evidence applies)" -- "$A" verify "oci-archive:$T/img-oci.tar" --key "$T/k.pub" --store "$T/s"
expect_rc 0 "docker-archive bom" -- "$A" bom "docker-archive:$T/img-docker.tar"
expect_out 'pkg:pypi/tiny-serve@1.2' "the docker archive's filesystem is scanned too"
expect_rc 0 "sign the docker-archive image" -- "$A" bom "docker-archive:$T/img-docker.tar" -o bundle --key "$T/k.key" --store "$T/s"
expect_rc 0 "verify the docker-archive image" -- "$A" verify "docker-archive:$T/img-docker.tar" --key "$T/k.pub" --store "$T/s"

# Registry images: pushed with skopeo, evidence attached by bom registry:REF, verified by REF.
start_registry plain "$T/reg"
R=$REG
skopeo copy -q --dest-tls-verify=false --preserve-digests "oci:$T/layout:v1" "docker://$R/apps/serving:v1" >/dev/null
expect_rc 1 "verify REF of an image without evidence fails" -- "$A" verify "$R/apps/serving:v1" --key "$T/k.pub" --plain-http
expect_rc 0 "bom registry:IMAGE without -o prints the image SBOM" -- "$A" bom "registry:$R/apps/serving:v1" --plain-http
expect_out '"bomFormat": "CycloneDX"' "the SBOM is printed, not attached"
expect_rc 0 "bom registry:IMAGE attaches the image SBOM" -- "$A" bom "registry:$R/apps/serving:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
expect_out 'attached to .* as referrer' "reports the referrer"
expect_rc 0 "verify REF of the image" -- "$A" verify "$R/apps/serving:v1" --key "$T/k.pub" --plain-http
expect_out '^VERIFIED: .*2 layers' "all layers re-fetched and checked"
expect_rc 0 "a local image's evidence attached with --oci to the same manifest" -- "$A" bom "oci-layout:$T/layout:v1" -o attest --key "$T/k2.key" --store "$T/s2" --oci "$R/apps/serving:v1" --plain-http
# An image index (manifest list) in the registry: evidence is about the linux/amd64 image.
$B manifest create multi >/dev/null
$B manifest add --arch amd64 --os linux multi "oci:$T/layout:v1" >/dev/null
$B manifest push -q --all --tls-verify=false multi "docker://$R/apps/multi:v1" >/dev/null
expect_rc 0 "bom registry:INDEX attaches evidence to the platform image" -- "$A" bom "registry:$R/apps/multi:v1" -o attest --key "$T/k.key" --store "$T/s" --plain-http
expect_rc 0 "verify REF of an index verifies the platform image" -- "$A" verify "$R/apps/multi:v1" --key "$T/k.pub" --plain-http
make_model "$T/m" --weights-mib 1
"$A" push "dir:$T/m" "$R/models/m:v1" --plain-http >/dev/null
expect_rc 1 "--oci to a different artifact is refused" -- "$A" bom "oci-layout:$T/layout:v1" -o attest --key "$T/k.key" --store "$T/s2" --oci "$R/models/m:v1" --plain-http
# Tamper with the image's largest layer inside the registry's storage (not a blob of the model
# pushed above: the registry shares one blob store): verification names the blob.
layer=$(skopeo inspect --raw --tls-verify=false "docker://$R/apps/serving:v1" | /usr/bin/python3 -c 'import json,sys; print(max(json.load(sys.stdin)["layers"], key=lambda l: l["size"])["digest"].split(":")[1])')
blob=$(find "$T/reg" -path "*blobs/sha256/*/$layer/data" | head -1)
if [ -n "$blob" ]; then
  flip_byte "$blob" 5000
  expect_rc 1 "a tampered layer in the registry fails verify REF" -- "$A" verify "$R/apps/serving:v1" --key "$T/k.pub" --plain-http
  expect_out 'sha256:' "the failing digest is named"
else
  bad "could not find the layer blob in the registry storage"
fi
# Tamper with a layer in the OCI layout.
lblob=$(find "$T/layout/blobs/sha256" -type f -size +200k | head -1)
flip_byte "$lblob" 7000
expect_rc 1 "a tampered layer in the layout fails verify" -- "$A" verify "oci-layout:$T/layout:v1" --key "$T/k.pub" --store "$T/s"
finish
