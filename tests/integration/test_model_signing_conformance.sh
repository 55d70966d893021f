#!/usr/bin/env bash
# OpenSSF model_signing signatures made by the real tool (v0.2.0 … v1.1.0), read from the shared
# answer key ../shared/conformance/model-signing (skipped with a message when it is absent): every
# key- and certificate-signed folder verifies with the material its README names, and fails after
# a byte of a signed file changes, with another key, another CA, or an identity the leaf lacks.
# The keyless (sigstore) folders verify against the shipped public-good trusted root with
# identity stefanb@us.ibm.com and issuer https://sigstore.verify.ibm.com/oauth2, and fail with
# another identity or issuer, after a byte change, or (usage, exit 2) without an identity.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
C=${ATTESTFS_CONFORMANCE_DIR:-$ATTESTFS_SOURCE_DIR/../shared/conformance}/model-signing
if [ ! -d "$C" ]; then
  echo "skip: no model_signing answer key at $C"
  exit 0
fi
K=$C/keys/certificate
cd "$T"
openssl ecparam -name prime256v1 -genkey -noout -out other.key 2>/dev/null
openssl ec -in other.key -pubout -out other.pub 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout oca.key \
  -out other-ca.pem -days 2 -subj "/CN=another CA" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign >/dev/null 2>&1
for d in "$C"/v*-certificate "$C"/v*-elliptic-key; do
  n=$(basename "$d")
  rm -rf "$T/$n" && cp -r "$d" "$T/$n"
  m=$T/$n
  case $n in
    *-elliptic-key) good=(--key "$K/signing-key-pub.pem") wrong=(--key other.pub) ;;
    *) good=(--ca-roots "$K/ca-cert.pem") wrong=(--ca-roots other-ca.pem) ;;
  esac
  # The v0.3.1 and v1.0.0 key signatures are of the single file signme-1 (resource ".").
  case $n in
    v0.3.1-elliptic-key | v1.0.0-elliptic-key) target=file:$m/signme-1 ;;
    *) target=dir:$m ;;
  esac
  # v1.0.1 signed with --ignore-paths but did not record them: the verifier names them.
  ex=()
  case $n in v1.0.1-*) ex=(--exclude ignore-me) ;; esac
  expect_rc 0 "$n verifies" -- "$A" verify "$target" --attestation "$m/model.sig" "${good[@]}" "${ex[@]}"
  expect_out '^VERIFIED' "$n: VERIFIED"
  expect_rc 1 "$n: another key or CA is refused" -- "$A" verify "$target" --attestation "$m/model.sig" "${wrong[@]}" "${ex[@]}"
  if [[ $n == *-certificate ]]; then
    expect_rc 1 "$n: an identity the leaf does not carry is refused" -- "$A" verify "$target" \
      --attestation "$m/model.sig" "${good[@]}" --identity someone@example.com "${ex[@]}"
    expect_out 'identity mismatch' "$n: names the identity mismatch"
  fi
  flip_byte "$m/signme-1" 0
  expect_rc 1 "$n: a changed byte of signme-1 fails" -- "$A" verify "$target" --attestation "$m/model.sig" "${good[@]}" "${ex[@]}"
  expect_out 'signme-1|sha256 mismatch|differen' "$n: names the changed file"
done
# v1.0.1 without --exclude: the unsigned, unrecorded file is reported, not silently accepted.
m=$T/v1.0.1-elliptic-key-plain
cp -r "$C/v1.0.1-elliptic-key" "$m"
expect_rc 1 "v1.0.1 without --exclude reports the unsigned file" -- "$A" verify "dir:$m" --attestation "$m/model.sig" --key "$K/signing-key-pub.pem"
expect_out 'added ignore-me' "names ignore-me"
# v1.1.0 recorded its ignored paths: a new file elsewhere is still caught.
m=$T/v1.1.0-certificate-extra
cp -r "$C/v1.1.0-certificate" "$m"
echo extra >"$m/extra.bin"
expect_rc 1 "v1.1.0: a file added outside the recorded ignore paths fails" -- "$A" verify "dir:$m" --attestation "$m/model.sig" --ca-roots "$K/ca-cert.pem"
expect_out 'added extra.bin' "names extra.bin"
ID=(--certificate-identity stefanb@us.ibm.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2)
for d in "$C"/v*-sigstore; do
  n=$(basename "$d")
  rm -rf "$T/$n" && cp -r "$d" "$T/$n"
  m=$T/$n
  ex=()
  case $n in v1.0.1-*) ex=(--exclude ignore-me) ;; esac
  expect_rc 0 "$n verifies keylessly" -- "$A" verify "dir:$m" --attestation "$m/model.sig" "${ID[@]}" "${ex[@]}"
  expect_out 'keyless stefanb@us.ibm.com' "$n: names the keyless signer"
  expect_rc 1 "$n: another identity is refused" -- "$A" verify "dir:$m" --attestation "$m/model.sig" \
    --certificate-identity someone@example.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2 "${ex[@]}"
  expect_out 'certificate identity .* does not match' "$n: names the identity mismatch"
  expect_rc 1 "$n: another issuer is refused" -- "$A" verify "dir:$m" --attestation "$m/model.sig" \
    --certificate-identity stefanb@us.ibm.com --certificate-oidc-issuer-regexp 'https://accounts\.google\.com' "${ex[@]}"
  expect_rc 0 "$n: identity and issuer regexps" -- "$A" verify "dir:$m" --attestation "$m/model.sig" \
    --certificate-identity-regexp '.*@us\.ibm\.com' --certificate-oidc-issuer-regexp 'https://sigstore\.verify\.ibm\.com/.*' "${ex[@]}"
  expect_rc 2 "$n: keyless without an issuer is a usage error" -- "$A" verify "dir:$m" --attestation "$m/model.sig" \
    --certificate-identity stefanb@us.ibm.com "${ex[@]}"
  flip_byte "$m/signme-1" 0
  expect_rc 1 "$n: a changed byte of signme-1 fails" -- "$A" verify "dir:$m" --attestation "$m/model.sig" "${ID[@]}" "${ex[@]}"
  expect_out 'signme-1|sha256 mismatch|differen' "$n: names the changed file"
done
# The v0.2.0 legacy encoding is accepted only for v0.2.0's own predicate: a v1.0 statement
# signed over that encoding is not (covered by the unit test LegacyPaeTest).
finish
