#!/usr/bin/env bash
# The release flow, end to end, against a local docker-registry (started here on 127.0.0.1
# unless REGISTRY=host:port is given, then --plain-http is still assumed):
#   make a model -> sign it -> push model + attestation -> verify the model in the registry
#   against the release policy (license allowlist, signer, file types) and attach the signed
#   evaluation -> build the serving image with buildah (FROM scratch: model + service files)
#   -> push it -> sign the image (SBOM attached as a referrer) -> verify model and image
#   against the deploy policies before "deploy". The release and deploy gates run twice: with
#   built-in rules (release.yaml, deploy.yaml) and written in Rego (release-rego.yaml, deploy-rego.yaml).
# Usage: examples/release-flow.sh [--license SPDX] [WORKDIR]
# Needs: attestfs (or $ATTESTFS), buildah, skopeo, docker-registry, /usr/bin/python3.
# Exit 0 only when every gate passed; a gate that refuses stops the flow with exit 1.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
A=${ATTESTFS:-attestfs}
LICENSE=apache-2.0
if [ "${1:-}" = --license ]; then LICENSE=$2; shift 2; fi
W=${1:-$(mktemp -d /tmp/attestfs-release.XXXXXX)}
mkdir -p "$W"
W=$(cd "$W" && pwd)
PIDS=""
B="buildah --root $W/containers --runroot $W/run --storage-driver vfs"
cleanup() {
  [ -n "$PIDS" ] && kill $PIDS 2>/dev/null || true
  $B rm --all >/dev/null 2>&1 || true
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }

if [ -z "${REGISTRY:-}" ]; then
  PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  PIDS=$(sh "$HERE/../tests/integration/registry/run-registry.sh" plain "$W/registry" "$PORT")
  REGISTRY=127.0.0.1:$PORT
fi
P=--plain-http
MODEL=$REGISTRY/models/demo:v1
IMAGE=$REGISTRY/apps/demo-serving:v1

step "1. make a model ($LICENSE)"
rm -rf "$W/model"
/usr/bin/python3 "$HERE/make-model.py" "$W/model" --license "$LICENSE" --weights-mib 4 --small-files 3
[ -f "$W/release.key" ] || "$A" keygen --out "$W/release"
cp "$HERE"/policies/*.yaml "$HERE"/policies/*.rego "$W/"

step "2+3. sign the model and push it with its attestation (a referrer of the artifact)"
"$A" push "dir:$W/model" "$MODEL" -o bundle --key "$W/release.key" --store "$W/store" $P

step "4. verify the model in the registry against the release policy; sign the evaluation"
"$A" verify "$MODEL" --policy "$W/release.yaml" --sign-key "$W/release.key" -o bundle --store "$W/store" $P
echo "   the same gate written in Rego (release-rego.yaml, release.rego):"
"$A" verify "$MODEL" --policy "$W/release-rego.yaml" --store "$W/store" $P

step "5. build the serving image with buildah (FROM scratch: model + service files)"
mkdir -p "$W/svc"
printf '#!/bin/sh\n# demo inference service: reads /models/demo through the attestfs mount\nexec cat /models/demo/config.json\n' > "$W/svc/serve.sh"
chmod 755 "$W/svc/serve.sh"
c=$($B from scratch)
$B add "$c" "$W/model" /models/demo >/dev/null
$B add "$c" "$W/svc/serve.sh" /srv/serve.sh >/dev/null
$B config --entrypoint '["/srv/serve.sh"]' --label org.opencontainers.image.title=demo-serving "$c"
rm -rf "$W/image"
$B commit -q "$c" "oci:$W/image:v1" >/dev/null
$B rm "$c" >/dev/null

step "6. push the image"
"$A" copy "oci-layout:$W/image:v1" "$IMAGE" $P

step "7. sign the image (CycloneDX image SBOM attached as a referrer)"
"$A" bom "registry:$IMAGE" -o bundle --key "$W/release.key" --store "$W/store" $P

step "8. before deploy: verify the image and the model against the deploy policies"
"$A" verify "$IMAGE" --policy "$W/image.yaml" $P
"$A" verify "$MODEL" --policy "$W/deploy.yaml" $P
"$A" verify "$MODEL" --policy "$W/deploy-rego.yaml" $P

step "DEPLOY OK: $MODEL and $IMAGE verified"
