#!/usr/bin/env bash
# Keyless trust in the Kubernetes front ends: a model signed keylessly (`push -o bundle
# --keyless` against the loopback Fulcio + Rekor + TSA stand-in) is admitted by the admission
# webhook whose rule trusts that identity and issuer (`attestfs admission review`, as the server
# answers) and denied for another identity; the CSI plugin publishes it with identity=/issuer=/
# trusted_root= attributes (files read back) and refuses another identity (PERMISSION_DENIED).
# Skipped without the shared Sigstore tools; under ATTESTFS_REQUIRE_INTEROP=1 missing npm
# packages fail.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
require_bins /usr/bin/docker-registry
start_sigstore_standin "$T/si"
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
ISS=https://issuer.example
SUB=https://example.com/ci/release.yml
TOKEN="$(printf '{"alg":"none"}' | b64url).$(printf '{"iss":"%s","sub":"%s","aud":"sigstore","exp":4102444800}' "$ISS" "$SUB" | b64url)."
start_registry plain "$T/reg"
R=$REG
make_model "$T/m" --license mit --weights-mib 2 --small-files 2
expect_rc 0 "push a keylessly signed model" -- "$A" push "dir:$T/m" "$R/models/k:v1" -o bundle --keyless --identity-token "$TOKEN" --signing-config "$T/si/signing_config.json" --trusted-root "$T/si/trusted_root.json" --store "$T/store" --plain-http

# Admission: keyless trust in a rule.
mkdir -p "$T/adm"
cp "$T/si/trusted_root.json" "$T/adm/trusted_root.json"
review() {  # review NS IMAGE -> $T/req.json
  sed -e "s|@NS@|$1|g" -e "s|@IMAGE@|$2|g" -e "s|@MODELS@||g" -e "s|@INIT@|$2|g" -e "s|@VOLUME@|$2|g" \
      -e "s|@EPHEMERAL@|$2|g" -e 's|"attestfs.dev/models": ""|"none": ""|' "$ATTESTFS_SOURCE_DIR/tests/data/admission/pod.json" > "$T/req.json"
}
rule() {  # rule IDENTITY_KEY IDENTITY -> a keyless rule for the models repository
  printf '  - name: keyless-models\n    images: ["%s/models/**"]\n    trust:\n      trusted-root: trusted_root.json\n      %s: %s\n      certificate-oidc-issuer: %s\n' "$R" "$1" "$2" "$ISS"
}
{ printf 'registry: { plain-http: ["%s"] }\nrules:\n' "$R"; rule certificate-identity "$SUB"; } > "$T/adm/admission.yaml"
review prod "$R/models/k:v1"
expect_rc 0 "admission: keylessly signed model, rule trusts its identity and issuer: allowed" -- "$A" admission review --config "$T/adm/admission.yaml" --mutate "$T/req.json"
expect_out '"allowed":true' "allowed"
{ printf 'registry: { plain-http: ["%s"] }\nrules:\n' "$R"; rule certificate-identity-regexp '^https://example\.com/ci/(nightly|build)\.yml$'; } > "$T/adm/wrong.yaml"
expect_rc 1 "admission: another expected identity (regexp): denied" -- "$A" admission review --config "$T/adm/wrong.yaml" "$T/req.json"
expect_out 'keyless-models' "the denial names the rule"
{ printf 'registry: { plain-http: ["%s"] }\nrules:\n' "$R"; rule certificate-identity-regexp '^https://example\.com/ci/(release|build)\.yml$'; } > "$T/adm/regexp.yaml"
expect_rc 0 "admission: an identity regexp that matches: allowed" -- "$A" admission review --config "$T/adm/regexp.yaml" "$T/req.json"
printf 'rules:\n  - name: x\n    images: ["a/**"]\n    trust: {certificate-identity: %s}\n' "$SUB" > "$T/adm/noiss.yaml"
expect_rc 2 "admission: keyless trust without an issuer is refused at start" -- "$A" admission review --config "$T/adm/noiss.yaml" "$T/req.json"
expect_out 'OIDC issuer' "names the missing issuer"

# CSI: keyless attributes.
if [ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ]; then
  CLIENT=${ATTESTFS_BINARY_DIR:-$(dirname "$A")}/tests/csi_client
  mkdir -p "$T/secrets/sigstore" "$T/pods"
  cp "$T/si/trusted_root.json" "$T/secrets/sigstore/trusted_root.json"
  SOCK=$T/csi.sock
  "$A" csi serve --endpoint "unix://$SOCK" --node-id n1 --state-dir "$T/state" --secrets-dir "$T/secrets" --cache-dir "$T/cache" 2>"$T/plugin.log" &
  PLUGIN=$!
  CLEANUP+=("kill $PLUGIN" "umount -l $T/pods/a")
  for _ in $(seq 1 100); do "$CLIENT" "$SOCK" probe >/dev/null 2>&1 && break; sleep 0.1; done
  expect_rc 0 "CSI: publish the keyless model by identity and issuer" -- "$CLIENT" "$SOCK" publish vol-k "$T/pods/a" --readonly source=$R/models/k:v1 identity=$SUB issuer=$ISS trusted_root=sigstore/trusted_root.json plain_http=true
  cmp -s "$T/m/config.json" "$T/pods/a/config.json" && ok "CSI: the keyless volume reads back" || bad "CSI keyless read"
  expect_rc 0 "CSI: unpublish" -- "$CLIENT" "$SOCK" unpublish vol-k "$T/pods/a"
  expect_rc 1 "CSI: another identity" -- "$CLIENT" "$SOCK" publish vol-k "$T/pods/b" --readonly source=$R/models/k:v1 identity=https://example.com/other issuer=$ISS trusted_root=sigstore/trusted_root.json plain_http=true
  expect_out '^PERMISSION_DENIED' "PERMISSION_DENIED"
  [ ! -e "$T/pods/b" ] && ok "CSI: nothing left at the refused target" || bad "target left"
  kill "$PLUGIN"; wait "$PLUGIN" 2>/dev/null
else
  echo "skip: CSI part needs root and /dev/fuse"
fi
finish
