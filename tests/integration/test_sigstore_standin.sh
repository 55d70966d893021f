#!/usr/bin/env bash
# Keyless bundles signed by the reference curl-only signer (../shared/tools/sigstore/sign_curl.sh)
# against the loopback Fulcio + Rekor + TSA stand-in (standin.js over npm @sigstore/mock 0.13.0,
# tests/interop/sigstore-standin) verify with `attestfs verify-bundle` against the stand-in's
# trusted_root.json by identity and issuer, and are refused with another identity or issuer, for
# another artifact, under another instance's root, and when the log or the timestamp put the
# signing time outside the 10-minute certificate or in the future (/skew-early/, /skew-late/).
# Then attestfs signs keylessly itself (`sign-bundle`, message and --in-toto DSSE, through the
# conformance client too): its bundles verify with attestfs and with the real @sigstore/verify
# (tests/interop/verify-keyless.js), and a missing token (exit 2), an unreachable Fulcio (exit 3)
# or a bundle that does not verify against the given root write nothing.
# Finally keyless sign -> push -> verify REF / pull / copy / registry mount -> read on loopback
# (the real docker-registry): `push -o bundle --keyless`, trust by identity and issuer.
# A DSSE bundle from @sigstore/cli's `sigstore attest` (CI=true, token in SIGSTORE_ID_TOKEN)
# verifies too.
# Skipped without the shared tools; under ATTESTFS_REQUIRE_INTEROP=1 missing npm packages fail.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
MODS=$ATTESTFS_SOURCE_DIR/tests/interop/sigstore-standin/node_modules
require_bins /usr/bin/jq
start_sigstore_standin "$T/si"
TOOLS=$SIGSTORE_TOOLS

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
ISS=https://issuer.example
SUB=https://example.com/signer
TOKEN="$(printf '{"alg":"none"}' | b64url).$(printf '{"iss":"%s","sub":"%s","aud":"sigstore","exp":4102444800}' "$ISS" "$SUB" | b64url)."
U=$SIGSTORE_URL
echo "keyless artifact $RANDOM" >"$T/a.txt"
sign() {  # sign OUT REKOR_PREFIX TSA_PREFIX
  FULCIO_URL=$U REKOR_URL=$U$2 TSA_URL=$U$3/api/v1/timestamp bash "$TOOLS/sign_curl.sh" "$TOKEN" "$T/a.txt" "$1"
}
expect_rc 0 "sign_curl.sh signs against the stand-in" -- sign "$T/good.json" "" ""
ROOT=(--trusted-root "$T/si/trusted_root.json")
PG_ROOT=$ATTESTFS_SOURCE_DIR/share/attestfs/trusted_root.json
IDF=(--certificate-identity "$SUB" --certificate-oidc-issuer "$ISS")
expect_rc 0 "verify-bundle accepts it" -- "$A" verify-bundle --bundle "$T/good.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
expect_out "^VERIFIED .*$SUB" "names the signer"
expect_rc 0 "by digest" -- "$A" verify-bundle --bundle "$T/good.json" "${ROOT[@]}" "${IDF[@]}" "sha256:$(sha256sum "$T/a.txt" | cut -d' ' -f1)"
expect_rc 1 "another identity" -- "$A" verify-bundle --bundle "$T/good.json" "${ROOT[@]}" --certificate-identity https://example.com/other --certificate-oidc-issuer "$ISS" "$T/a.txt"
expect_out 'certificate identity' "names the identity"
expect_rc 1 "another issuer" -- "$A" verify-bundle --bundle "$T/good.json" "${ROOT[@]}" --certificate-identity "$SUB" --certificate-oidc-issuer https://other.example "$T/a.txt"
echo other >"$T/b.txt"
expect_rc 1 "another artifact" -- "$A" verify-bundle --bundle "$T/good.json" "${ROOT[@]}" "${IDF[@]}" "$T/b.txt"
expect_rc 1 "the public-good root does not trust the stand-in" -- "$A" verify-bundle --bundle "$T/good.json" "${IDF[@]}" "$T/a.txt"
expect_rc 0 "sign with a log whose clock runs an hour early" -- sign "$T/early-log.json" /skew-early ""
expect_rc 1 "an integrated time before the certificate was issued is refused" -- "$A" verify-bundle --bundle "$T/early-log.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
expect_out "outside the certificate's validity" "names the certificate window"
expect_rc 0 "sign with a log whose clock runs an hour late" -- sign "$T/late-log.json" /skew-late ""
expect_rc 1 "an integrated time in the future is refused" -- "$A" verify-bundle --bundle "$T/late-log.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
expect_out "in the future" "names the future time"
expect_rc 0 "sign with a TSA whose clock runs an hour late" -- sign "$T/late-tsa.json" "" /skew-late
expect_rc 1 "a timestamp after the certificate expired is refused" -- "$A" verify-bundle --bundle "$T/late-tsa.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
expect_out "outside the certificate's validity" "names the certificate window"

# @sigstore/cli's keyless DSSE (intoto 0.0.2 entry and a timestamp).
printf '{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a.txt","digest":{"sha256":"%s"}}],"predicateType":"https://example.com/p/v1","predicate":{}}' \
  "$(sha256sum "$T/a.txt" | cut -d' ' -f1)" >"$T/statement.json"
if [ -x "$MODS/.bin/sigstore" ]; then
  (cd "$T" && CI=true SIGSTORE_ID_TOKEN=$TOKEN timeout 120 "$MODS/.bin/sigstore" attest statement.json \
    --fulcio-url "$U" --rekor-url "$U" --tsa-server-url "$U" -o cli.json >"$T/cli.log" 2>&1)
  [ -s "$T/cli.json" ] && ok "sigstore attest signs against the stand-in" || bad "sigstore attest: $(tail -3 "$T/cli.log")"
  expect_rc 0 "attestfs verifies @sigstore/cli's DSSE bundle" -- "$A" verify-bundle --bundle "$T/cli.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
  expect_rc 1 "and refuses it for another identity" -- "$A" verify-bundle --bundle "$T/cli.json" "${ROOT[@]}" --certificate-identity https://example.com/other --certificate-oidc-issuer "$ISS" "$T/a.txt"
elif [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ]; then
  bad "@sigstore/cli missing in tests/interop/sigstore-standin (scripts/install-deps.sh)"
fi

# attestfs's own keyless signing.
CLIENT=$ATTESTFS_SOURCE_DIR/tests/conformance/sigstore-client
ORACLE=$ATTESTFS_SOURCE_DIR/tests/interop/verify-keyless.js
have_oracle=0
if [ -d "$ATTESTFS_SOURCE_DIR/tests/interop/node_modules/@sigstore/verify" ]; then
  have_oracle=1
elif [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ]; then
  bad "@sigstore/verify missing in tests/interop (scripts/install-deps.sh)"
fi
SVC=(--fulcio-url "$U" --rekor-url "$U" --tsa-url "$U/api/v1/timestamp")
expect_rc 0 "sign-bundle signs a file keylessly" -- "$A" sign-bundle --identity-token "$TOKEN" "${SVC[@]}" "${ROOT[@]}" --bundle "$T/own.json" "$T/a.txt"
expect_out "signed .* as $SUB \\(issuer $ISS\\)" "names the certificate identity"
expect_rc 0 "attestfs verifies its own keyless bundle" -- "$A" verify-bundle --bundle "$T/own.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
expect_rc 1 "and refuses it for another identity" -- "$A" verify-bundle --bundle "$T/own.json" "${ROOT[@]}" --certificate-identity https://example.com/other --certificate-oidc-issuer "$ISS" "$T/a.txt"
SIGSTORE_ID_TOKEN=$TOKEN expect_rc 0 "the conformance client signs a statement (DSSE) with SIGSTORE_ID_TOKEN and a signing config" -- \
  "$CLIENT" sign-bundle --in-toto --signing-config "$T/si/signing_config.json" "${ROOT[@]}" --bundle "$T/own-dsse.json" "$T/statement.json"
expect_rc 0 "the conformance client verifies it against the statement's subject" -- \
  "$CLIENT" verify-bundle --bundle "$T/own-dsse.json" "${ROOT[@]}" "${IDF[@]}" "$T/a.txt"
expect_rc 1 "another artifact is not the statement's subject" -- "$A" verify-bundle --bundle "$T/own-dsse.json" "${ROOT[@]}" "${IDF[@]}" "$T/b.txt"
if [ $have_oracle = 1 ]; then
  expect_rc 0 "@sigstore/verify accepts attestfs's keyless message bundle" -- node "$ORACLE" "$T/own.json" "$T/si/trusted_root.json" "$SUB" "$ISS" "$T/a.txt"
  expect_rc 0 "@sigstore/verify accepts attestfs's keyless DSSE bundle" -- node "$ORACLE" "$T/own-dsse.json" "$T/si/trusted_root.json" "$SUB" "$ISS"
  expect_rc 1 "@sigstore/verify refuses it for another identity" -- node "$ORACLE" "$T/own-dsse.json" "$T/si/trusted_root.json" https://example.com/other "$ISS"
  expect_rc 0 "@sigstore/verify accepts sign_curl.sh's bundle too" -- node "$ORACLE" "$T/good.json" "$T/si/trusted_root.json" "$SUB" "$ISS" "$T/a.txt"
fi
env -u SIGSTORE_ID_TOKEN "$A" sign-bundle "${SVC[@]}" "${ROOT[@]}" --bundle "$T/none.json" "$T/a.txt" >"$T/out" 2>&1
[ $? = 2 ] && ok "no identity token is a usage error (exit 2)" || bad "no identity token: $(cat "$T/out")"
expect_rc 3 "an unreachable Fulcio is a service error" -- "$A" sign-bundle --identity-token "$TOKEN" --fulcio-url http://127.0.0.1:1 --rekor-url "$U" "${ROOT[@]}" --bundle "$T/none.json" "$T/a.txt"
expect_out 'fulcio' "names the service"
expect_rc 1 "a bundle that does not verify against the given root is not written" -- "$A" sign-bundle --identity-token "$TOKEN" "${SVC[@]}" --trusted-root "$PG_ROOT" --bundle "$T/none.json" "$T/a.txt"
[ ! -e "$T/none.json" ] && ok "nothing written" || bad "a bundle was written"

# Keyless sign -> push -> verify / pull / copy / mount -> read.
if [ -x /usr/bin/docker-registry ]; then
  start_registry plain "$T/reg"
  R=$REG
  P=--plain-http
  make_model "$T/m" --license mit --weights-mib 2 --small-files 2
  KL=(--keyless --identity-token "$TOKEN" --signing-config "$T/si/signing_config.json" "${ROOT[@]}")
  expect_rc 2 "--keyless needs -o bundle" -- "$A" push "dir:$T/m" "$R/models/k:v1" -o attest "${KL[@]}" $P
  expect_rc 0 "push -o bundle --keyless signs and attaches" -- "$A" push "dir:$T/m" "$R/models/k:v1" -o bundle "${KL[@]}" --store "$T/store" $P
  expect_rc 0 "verify REF by identity and issuer" -- "$A" verify "$R/models/k:v1" "${ROOT[@]}" "${IDF[@]}" $P
  expect_out '^VERIFIED.*files match the artifact' "verdict names the layer match"
  expect_rc 1 "verify REF with another identity" -- "$A" verify "$R/models/k:v1" "${ROOT[@]}" --certificate-identity https://example.com/other --certificate-oidc-issuer "$ISS" $P
  expect_rc 0 "pull by identity" -- "$A" pull "$R/models/k:v1" "$T/pulled" "${ROOT[@]}" "${IDF[@]}" $P
  expect_rc 0 "copy by identity" -- "$A" copy "$R/models/k:v1" "oci-layout:$T/layout:v1" "${ROOT[@]}" "${IDF[@]}" $P
  cat >"$T/keyless-policy.yaml" <<YAML
policies:
  - name: release
    rules:
      - name: signed-by-ci
        uses: signer-identity
        with:
          trusted-root: $T/si/trusted_root.json
          san: $SUB
          issuer: $ISS
YAML
  expect_rc 0 "verify REF with a keyless policy; the evaluation signed keylessly and attached" -- \
    "$A" verify "$R/models/k:v1" --policy "$T/keyless-policy.yaml" -o bundle --sign-keyless --identity-token "$TOKEN" \
    --signing-config "$T/si/signing_config.json" "${ROOT[@]}" --store "$T/store3" $P
  expect_out 'policy evaluation .* signed, stored and attached' "the keyless evaluation is attached"
  expect_rc 2 "--sign-keyless needs -o bundle" -- "$A" verify "$R/models/k:v1" --policy "$T/keyless-policy.yaml" -o attest --sign-keyless \
    --identity-token "$TOKEN" --signing-config "$T/si/signing_config.json" "${ROOT[@]}" $P
  expect_rc 0 "bom --keyless signs local evidence" -- "$A" bom "dir:$T/m" -o bundle "${KL[@]}" --store "$T/store2" --output-file "$T/m.bundle"
  expect_rc 0 "verify the tree by identity" -- "$A" verify "dir:$T/m" --attestation "$T/m.bundle" "${ROOT[@]}" "${IDF[@]}"
  if [ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ]; then
    mkdir -p "$T/mnt"
    CLEANUP+=("umount -l $T/mnt")
    expect_rc 0 "registry mount with identity=/issuer=/trusted_root=" -- timeout 60 "$A" mount "$R/models/k:v1" "$T/mnt" \
      -o "identity=$SUB,issuer=$ISS,trusted_root=$T/si/trusted_root.json,plain_http,cache=$T/cache"
    f=$(cd "$T/m" && ls | head -1)
    cmp -s "$T/mnt/$f" "$T/m/$f" && ok "the mount reads the signed bytes of $f" || bad "mounted $f differs"
    umount "$T/mnt" || umount -l "$T/mnt"
    expect_rc 1 "registry mount with another identity is refused" -- timeout 60 "$A" mount "$R/models/k:v1" "$T/mnt" \
      -o "identity=https://example.com/other,issuer=$ISS,trusted_root=$T/si/trusted_root.json,plain_http,cache=$T/cache2"
  else
    echo "skip: mount part needs root and /dev/fuse"
  fi
else
  echo "skip: registry part (no docker-registry)"
fi
finish
