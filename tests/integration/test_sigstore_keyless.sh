#!/usr/bin/env bash
# Sigstore keyless verification through the CLI, with real public-good bundles from the shared
# answer key (../shared/conformance, skipped with a message when absent) and negative cases made
# here from copies of them: `trust show`, `verify-bundle` usage errors (exit 2), identity and
# issuer (exact and regexp), tampered SET / checkpoint / proof, another instance's root, times
# outside the trusted root's windows; then a keyless model_signing signature attached to a model
# in the real docker-registry is checked by `attach` and verifies through `pull` (file by file),
# while another identity is refused by `verify REF`, `pull`, `copy` and a registry mount with
# identity=/issuer=. (verify REF, copy and the mount need per-file sizes that the foreign
# model_signing predicate lacks; keyless-signed attestfs evidence needs keyless signing.)
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
CONF=${ATTESTFS_CONFORMANCE_DIR:-$ATTESTFS_SOURCE_DIR/../shared/conformance}
C=$CONF/sigstore-bundle-verify/cases
if [ ! -d "$C" ]; then
  echo "skip: no Sigstore conformance cases at $C"
  exit 0
fi
ID=https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main
ISS=https://token.actions.githubusercontent.com
B=$C/happy-path-v0.3/bundle.sigstore.json
PG=$ATTESTFS_SOURCE_DIR/share/attestfs/trusted_root.json

expect_rc 0 "trust show prints the shipped public-good root" -- "$A" trust show
expect_out 'tlog https://rekor.sigstore.dev' "names the Rekor log"
expect_out 'fulcio https://fulcio.sigstore.dev' "names the Fulcio CA"
expect_rc 1 "trust show refuses a file that is not a trusted root" -- "$A" trust show --trusted-root "$B"

# Usage errors (exit 2).
expect_rc 2 "keyless without identity and issuer" -- "$A" verify-bundle --bundle "$B" "$C/a.txt"
expect_rc 2 "identity without issuer" -- "$A" verify-bundle --bundle "$B" --certificate-identity "$ID" "$C/a.txt"
expect_rc 2 "issuer without identity" -- "$A" verify-bundle --bundle "$B" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_rc 2 "a regexp that does not compile" -- "$A" verify-bundle --bundle "$B" --certificate-identity-regexp '(' --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_rc 2 "verify keyless without an issuer" -- "$A" verify "dir:$T" --certificate-identity "$ID"

# The happy path, by file and by digest, exact and regexp.
D=sha256:$(sha256sum "$C/a.txt" | cut -d' ' -f1)
expect_rc 0 "verifies by path" -- "$A" verify-bundle --bundle "$B" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out "^VERIFIED .*extremely-dangerous" "names the identity"
expect_rc 0 "verifies by digest" -- "$A" verify-bundle --bundle "$B" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$D"
expect_rc 0 "verifies by regexps" -- "$A" verify-bundle --bundle "$B" --certificate-identity-regexp 'https://github\.com/sigstore-conformance/.*' --certificate-oidc-issuer-regexp 'https://token\.actions\..*' "$C/a.txt"
expect_rc 1 "a regexp matching only part of the SAN is refused (anchored)" -- "$A" verify-bundle --bundle "$B" --certificate-identity-regexp 'sigstore-conformance' --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out 'certificate identity .* does not match' "names the identity step"
expect_rc 1 "another issuer is refused" -- "$A" verify-bundle --bundle "$B" --certificate-identity "$ID" --certificate-oidc-issuer https://accounts.google.com "$C/a.txt"
expect_out 'OIDC issuer' "names the issuer step"
echo changed >"$T/other.txt"
expect_rc 1 "another artifact is refused" -- "$A" verify-bundle --bundle "$B" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$T/other.txt"

# Tampered copies (made here, never kept): SET, checkpoint signature, proof hash.
tamper() {  # tamper OUT PYTHON-EXPR-ON-entry
  /usr/bin/python3 - "$B" "$1" "$2" <<'PY'
import json, sys, base64
src, out, expr = sys.argv[1], sys.argv[2], sys.argv[3]
b = json.load(open(src))
entry = b["verificationMaterial"]["tlogEntries"][0]
def flip(s, i=10):
    raw = bytearray(base64.b64decode(s)); raw[i] ^= 1; return base64.b64encode(bytes(raw)).decode()
exec(expr)
json.dump(b, open(out, "w"))
PY
}
tamper "$T/set.json" 'entry["inclusionPromise"]["signedEntryTimestamp"] = flip(entry["inclusionPromise"]["signedEntryTimestamp"])'
expect_rc 1 "a tampered SET is refused" -- "$A" verify-bundle --bundle "$T/set.json" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out 'inclusion promise' "names the SET step"
tamper "$T/proof.json" 'entry["inclusionProof"]["hashes"][2] = flip(entry["inclusionProof"]["hashes"][2])'
expect_rc 1 "a tampered proof hash is refused" -- "$A" verify-bundle --bundle "$T/proof.json" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out 'inclusion proof: computed root' "names the proof step"
tamper "$T/cp.json" 'e = entry["inclusionProof"]["checkpoint"]["envelope"]; entry["inclusionProof"]["checkpoint"]["envelope"] = e.replace("\n\n", "\nextra\n\n")'
expect_rc 1 "a changed checkpoint is refused" -- "$A" verify-bundle --bundle "$T/cp.json" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out 'checkpoint' "names the checkpoint step"
expect_rc 1 "another instance's trusted root is refused" -- "$A" verify-bundle --bundle "$B" --trusted-root "$C/intoto-with-custom-trust-root/trusted_root.json" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out 'not in the trusted root' "names the log lookup"
# The public-good root with the Rekor log's window ended before the entry was integrated.
/usr/bin/python3 - "$PG" "$T/ended.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["tlogs"][0]["publicKey"]["validFor"]["end"] = "2022-01-01T00:00:00Z"
json.dump(r, open(sys.argv[2], "w"))
PY
expect_rc 1 "an integrated time after the log's window is refused" -- "$A" verify-bundle --bundle "$B" --trusted-root "$T/ended.json" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"
expect_out "outside the log's validity" "names the window"
ATTESTFS_TRUSTED_ROOT=$T/ended.json expect_rc 1 "ATTESTFS_TRUSTED_ROOT replaces the default root" -- "$A" verify-bundle --bundle "$B" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS" "$C/a.txt"

# A policy's keyless signer-identity rule as the trust for a keyless model_signing signature.
MS=$CONF/model-signing/v1.1.0-sigstore
if [ -d "$MS" ]; then
  cp -r "$MS" "$T/policy-model"
  cp "$PG" "$T/trusted_root.json"
  cat >"$T/keyless.yaml" <<'YAML'
policies:
  - name: keyless
    rules:
      - name: signed-by-stefan
        uses: signer-identity
        with:
          trusted-root: trusted_root.json
          san: stefanb@us.ibm.com
          issuer-regexp: 'https://sigstore\.verify\.ibm\.com/.*'
YAML
  sed 's/san: stefanb@us.ibm.com/san: someone@example.com/' "$T/keyless.yaml" >"$T/other.yaml"
  expect_rc 0 "a keyless policy rule is the trust" -- "$A" verify "dir:$T/policy-model" --attestation "$T/policy-model/model.sig" --policy "$T/keyless.yaml"
  expect_rc 1 "a keyless policy rule with another identity refuses" -- "$A" verify "dir:$T/policy-model" --attestation "$T/policy-model/model.sig" --policy "$T/other.yaml"
  expect_rc 1 "CLI keyless trust with a policy wanting another identity" -- "$A" verify "dir:$T/policy-model" --attestation "$T/policy-model/model.sig" \
    --certificate-identity stefanb@us.ibm.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2 --policy "$T/other.yaml"
  expect_out 'certificate identity' "the rule names the identity"
fi

# A keyless model_signing signature attached to a model in the registry.
M=$CONF/model-signing/v1.0.0-sigstore
if [ ! -x /usr/bin/docker-registry ] || [ ! -d "$M" ]; then
  echo "skip: registry part (no docker-registry or no model-signing samples)"
  finish
fi
MID=(--certificate-identity stefanb@us.ibm.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2)
WRONG=(--certificate-identity someone@example.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2)
start_registry plain "$T/reg"
R=$REG
P=--plain-http
mkdir -p "$T/v1.0.0-sigstore"
cp "$M/signme-1" "$M/signme-2" "$T/v1.0.0-sigstore/"
expect_rc 0 "push the model without signing" -- "$A" push "dir:$T/v1.0.0-sigstore" "$R/models/keyless:v1" $P
expect_rc 1 "attach refuses the keyless signature with another identity" -- "$A" attach "$R/models/keyless:v1" "$M/model.sig" "${WRONG[@]}" $P
expect_rc 0 "attach the keyless signature, verified first" -- "$A" attach "$R/models/keyless:v1" "$M/model.sig" "${MID[@]}" $P
# verify REF, copy and the registry mount bind evidence to the artifact's layers by per-file
# sizes, which the foreign model_signing predicate does not record: with the right identity
# they get past the keyless signature check and stop at that binding; with another identity no
# evidence verifies at all.
expect_rc 1 "verify REF keylessly reaches the layer binding" -- "$A" verify "$R/models/keyless:v1" "${MID[@]}" $P
expect_out 'do not match the attested files' "the keyless signature verified (binding step)"
expect_rc 1 "verify REF with another identity" -- "$A" verify "$R/models/keyless:v1" "${WRONG[@]}" $P
expect_no_out 'do not match the attested files' "another identity never reaches the binding"
expect_rc 0 "pull keylessly" -- "$A" pull "$R/models/keyless:v1" "$T/pulled" "${MID[@]}" $P
cmp -s "$T/pulled/signme-1" "$M/signme-1" && ok "pulled signme-1" || bad "pulled signme-1"
expect_rc 1 "pull with another identity writes nothing" -- "$A" pull "$R/models/keyless:v1" "$T/pulled2" "${WRONG[@]}" $P
[ ! -e "$T/pulled2" ] && ok "nothing written" || bad "pull wrote $T/pulled2"
expect_rc 1 "copy with another identity" -- "$A" copy "$R/models/keyless:v1" "oci-layout:$T/layout2:v1" "${WRONG[@]}" $P
expect_no_out 'do not match the attested files' "copy: another identity never reaches the binding"
if [ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ]; then
  mkdir -p "$T/mnt"
  CLEANUP+=("umount -l $T/mnt")
  expect_rc 1 "registry mount with another identity is refused" -- timeout 60 "$A" mount "$R/models/keyless:v1" "$T/mnt" \
    -o "identity=someone@example.com,issuer=https://sigstore.verify.ibm.com/oauth2,plain_http,cache=$T/cache2"
  expect_out 'identity' "the mount names the identity"
else
  echo "skip: mount part needs root and /dev/fuse"
fi
finish
