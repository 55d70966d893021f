#!/usr/bin/env bash
# push/pull through the CLI against the real Debian docker-registry on 127.0.0.1 (plain HTTP):
# push with signed evidence attached as a referrer (tag-schema fallback: 2.8.2 has no referrers
# API), pull with verification, a wrong key refused with nothing written, tampered blob refused.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry
A=$ATTESTFS
start_registry plain "$T/reg"
R=$REG
make_model "$T/m" --weights-mib 9 --small-files 3
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null
expect_rc 0 "push with signed evidence" -- "$A" push "dir:$T/m" "$R/models/tiny:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
DIGEST=$(echo "$OUT" | tail -1)
[[ "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]] && ok "stdout ends with the manifest digest" || bad "push stdout: $DIGEST"
expect_rc 0 "skopeo sees the artifact" -- skopeo inspect --raw --tls-verify=false "docker://$R/models/tiny:v1"
expect_out 'application/vnd.cncf.model.manifest.v1\+json' "ModelPack artifactType"
expect_rc 0 "referrers fallback tag exists" -- skopeo inspect --raw --tls-verify=false "docker://$R/models/tiny:sha256-${DIGEST#sha256:}"
expect_rc 0 "discover lists the referrer" -- "$A" discover "$R/models/tiny:v1" --plain-http
expect_out 'application/vnd.dev.sigstore.bundle.v0.3\+json +tag-schema' "bundle referrer via the tag schema"
expect_rc 0 "verify-ref with the right key" -- "$A" verify-ref "$R/models/tiny:v1" --key "$T/k.pub" --plain-http
expect_out '^VERIFIED' "verdict"
expect_rc 1 "verify-ref with another key" -- "$A" verify-ref "$R/models/tiny:v1" --key "$T/k2.pub" --plain-http
expect_rc 0 "pull with verification" -- "$A" pull "$R/models/tiny:v1" "$T/out" --key "$T/k.pub" --plain-http
diff -r "$T/m" "$T/out" >/dev/null && ok "pulled tree equals the source" || bad "pulled tree differs"
expect_rc 1 "pull with the wrong key refused" -- "$A" pull "$R/models/tiny:v1" "$T/out2" --key "$T/k2.pub" --plain-http
[ -e "$T/out2" ] && [ -n "$(ls -A "$T/out2" 2>/dev/null)" ] && bad "partial pull left behind" || ok "nothing written after a refused pull"
expect_rc 0 "pull without trust material verifies digests only" -- "$A" pull "$R/models/tiny:v1" "$T/out3" --plain-http
expect_out 'only the manifest' "says so"
# Tamper with a layer blob inside the registry's storage: the pull must refuse it.
blob=$(find "$T/reg" -path '*blobs/sha256/*/data' -size +8M | head -1)
if [ -n "$blob" ]; then
  flip_byte "$blob" 1000
  expect_rc 1 "tampered registry blob refused" -- "$A" pull "$R/models/tiny:v1" "$T/out4" --key "$T/k.pub" --plain-http
  [ -n "$(ls -A "$T/out4" 2>/dev/null)" ] && bad "tampered pull wrote files" || ok "nothing written after a tampered blob"
else
  bad "could not find the weights blob in the registry storage"
fi
finish
