#!/usr/bin/env bash
# Keyless bundles signed by the reference curl-only signer (../shared/tools/sigstore/sign_curl.sh)
# against the loopback Fulcio + Rekor + TSA stand-in (standin.js over npm @sigstore/mock 0.13.0,
# tests/interop/sigstore-standin) verify with `attestfs verify-bundle` against the stand-in's
# trusted_root.json by identity and issuer, and are refused with another identity or issuer, for
# another artifact, under another instance's root, and when the log or the timestamp put the
# signing time outside the 10-minute certificate or in the future (/skew-early/, /skew-late/).
# Skipped without the shared tools; under ATTESTFS_REQUIRE_INTEROP=1 missing npm packages fail.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
TOOLS=${ATTESTFS_SIGSTORE_TOOLS:-$ATTESTFS_SOURCE_DIR/../shared/tools/sigstore}
MODS=$ATTESTFS_SOURCE_DIR/tests/interop/sigstore-standin/node_modules
if [ ! -f "$TOOLS/standin.js" ]; then
  echo "skip: no Sigstore stand-in at $TOOLS"
  exit 0
fi
if [ ! -d "$MODS/@sigstore/mock" ]; then
  [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ] && { echo "FAIL: $MODS/@sigstore/mock missing (scripts/install-deps.sh)"; exit 1; }
  echo "SKIP: @sigstore/mock not installed (scripts/install-deps.sh)"; exit 0
fi
require_bins /usr/bin/node /usr/bin/jq /usr/bin/curl
port=$(free_port)
mkdir -p "$T/si"
NODE_PATH=$MODS node "$TOOLS/standin.js" "$port" "$T/si" >"$T/standin.log" 2>&1 &
CLEANUP+=("kill $!")
for _ in $(seq 1 100); do
  [ -s "$T/si/trusted_root.json" ] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
[ -s "$T/si/trusted_root.json" ] && ok "stand-in started" || { bad "stand-in did not start: $(cat "$T/standin.log")"; finish; }

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
ISS=https://issuer.example
SUB=https://example.com/signer
TOKEN="$(printf '{"alg":"none"}' | b64url).$(printf '{"iss":"%s","sub":"%s","aud":"sigstore","exp":4102444800}' "$ISS" "$SUB" | b64url)."
U=http://127.0.0.1:$port
echo "keyless artifact $RANDOM" >"$T/a.txt"
sign() {  # sign OUT REKOR_PREFIX TSA_PREFIX
  FULCIO_URL=$U REKOR_URL=$U$2 TSA_URL=$U$3/api/v1/timestamp bash "$TOOLS/sign_curl.sh" "$TOKEN" "$T/a.txt" "$1"
}
expect_rc 0 "sign_curl.sh signs against the stand-in" -- sign "$T/good.json" "" ""
ROOT=(--trusted-root "$T/si/trusted_root.json")
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
finish
