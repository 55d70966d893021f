#!/usr/bin/env bash
# Evidence as referrers through the CLI against the real Debian docker-registry (plain HTTP):
# `verify REF`, `bom --oci`, `bom registry:REF`, `attach`, `copy` registry -> oci-layout ->
# another repository with the evidence travelling along (air-gapped flow), `copy --key`
# refusing unverifiable sources, and policies on registry targets with the signed evaluation
# attached as a referrer and then required by a deploy-time policy.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry
A=$ATTESTFS
start_registry plain "$T/reg"
R=$REG
P=--plain-http
make_model "$T/m" --license mit --weights-mib 5 --small-files 3
make_model "$T/other" --license mit --weights-mib 1
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null

# A model pushed without evidence: verify finds none.
expect_rc 0 "push without signing" -- "$A" push "dir:$T/m" "$R/models/m:v1" $P
expect_rc 1 "verify REF without evidence fails" -- "$A" verify "$R/models/m:v1" --key "$T/k.pub" $P
expect_out 'FAILED' "verdict FAILED"

# bom --oci: local evidence about the pushed model, attached as a referrer.
expect_rc 2 "bom --oci without -o attest/bundle is a usage error" -- "$A" bom "dir:$T/m" --oci "$R/models/m:v1" $P
expect_rc 1 "bom --oci refuses a directory that does not match the artifact" -- "$A" bom "dir:$T/other" -o attest --key "$T/k.key" --oci "$R/models/m:v1" --store "$T/s" $P
expect_out 'does not match' "says the files do not match"
expect_rc 0 "bom --oci signs, stores and attaches" -- "$A" bom "dir:$T/m" -o attest --key "$T/k.key" --oci "$R/models/m:v1" --store "$T/s" $P
expect_out 'attached to .* as referrer sha256:' "reports the referrer"
expect_rc 0 "evidence kept in the local store as well" -- "$A" store list --store "$T/s"
expect_out 'cyclonedx' "stored locally"
expect_rc 0 "verify REF with the signing key" -- "$A" verify "$R/models/m:v1" --key "$T/k.pub" $P
expect_out '^VERIFIED: .*files match the artifact' "verdict names the layer match"
expect_rc 1 "verify REF with another key" -- "$A" verify "registry:$R/models/m:v1" --key "$T/k2.pub" $P
expect_rc 0 "verify REF --format json" -- "$A" verify "$R/models/m:v1" --key "$T/k.pub" $P --format json
expect_out '"kind": "model"' "json names the kind"
expect_out '"manifestDigest": "sha256:' "json names the manifest digest"

# attach: an existing bundle, verified first when a key is given.
"$A" bom "dir:$T/m" --predicate model-signing -o bundle --key "$T/k2.key" --store "$T/s2" --output-file "$T/ms.bundle" >/dev/null
expect_rc 1 "attach refuses a bundle that does not verify with --key" -- "$A" attach "$R/models/m:v1" "$T/ms.bundle" --key "$T/k.pub" $P
expect_rc 0 "attach pushes the bundle as a referrer" -- "$A" attach "$R/models/m:v1" "$T/ms.bundle" --key "$T/k2.pub" $P
REFD=$(echo "$OUT" | tail -1)
[[ "$REFD" =~ ^sha256:[0-9a-f]{64}$ ]] && ok "attach prints the referrer digest" || bad "attach stdout: $REFD"
expect_rc 0 "discover lists both referrers" -- "$A" discover "$R/models/m:v1" $P
[ "$(echo "$OUT" | grep -c '^sha256:')" -ge 2 ] && ok "two referrers listed" || bad "discover: $OUT"
expect_rc 0 "discover --format json" -- "$A" discover "$R/models/m:v1" $P --format json --artifact-type application/vnd.dev.sigstore.bundle.v0.3+json
expect_out '"artifactType": "application/vnd.dev.sigstore.bundle.v0.3\+json"' "json lists the bundle referrer"
expect_no_out 'application/vnd.in-toto\+json' "the artifact-type filter leaves the DSSE referrer out"
expect_rc 0 "the attached bundle verifies the model with its key" -- "$A" verify "$R/models/m:v1" --key "$T/k2.pub" $P
echo '{"not": "an envelope"}' > "$T/junk.json"
expect_rc 1 "attach refuses a document that is not an envelope or bundle" -- "$A" attach "$R/models/m:v1" "$T/junk.json" $P

# bom registry:REF: evidence about exactly what the registry holds.
expect_rc 0 "push a second model unsigned" -- "$A" push "dir:$T/other" "$R/models/other:v1" $P
expect_rc 0 "bom registry:REF without -o prints the ML-BOM" -- "$A" bom "registry:$R/models/other:v1" $P
expect_out '"bomFormat": "CycloneDX"' "the CycloneDX document is printed"
expect_rc 0 "bom registry:REF -o statement prints the unsigned statement" -- "$A" bom "registry:$R/models/other:v1" -o statement $P
expect_out '"predicateType": "https://cyclonedx.org/bom' "an in-toto statement with the BOM"
expect_rc 0 "nothing was attached by the unsigned runs" -- "$A" discover "$R/models/other:v1" $P
expect_no_out '^sha256:' "no referrer"
expect_rc 2 "--oci naming another artifact is refused" -- "$A" bom "registry:$R/models/other:v1" -o bundle --key "$T/k.key" --store "$T/s" --oci "$R/models/m:v1" $P
expect_rc 0 "bom registry:REF signs what is in the registry and attaches it (--oci naming REF itself)" -- "$A" bom "registry:$R/models/other:v1" -o bundle --key "$T/k.key" --store "$T/s" --oci "$R/models/other:v1" $P
expect_out 'attached to .* as referrer' "reports the referrer"
expect_rc 0 "verify the registry model" -- "$A" verify "$R/models/other:v1" --key "$T/k.pub" $P

# cosign's legacy attestation tag (sha256-<hex>.att, no subject field): verify REF and copy --key
# both accept the evidence it carries, and copy takes the tag along.
make_model "$T/att" --weights-mib 1
expect_rc 0 "push a model for cosign .att evidence" -- "$A" push "dir:$T/att" "$R/models/att:v1" $P
att_digest=$(skopeo inspect --raw --tls-verify=false "docker://$R/models/att:v1" | sha256sum | cut -d' ' -f1)
expect_rc 0 "sign its content as a DSSE envelope" -- "$A" bom "dir:$T/att" -o attest --key "$T/k.key" --store "$T/s" --output-file "$T/att.dsse.json"
expect_rc 0 "publish it as cosign's .att tag" -- /usr/bin/python3 "$ATTESTFS_SOURCE_DIR/tests/integration/cosign_att.py" "$R" models/att "sha256:$att_digest" "$T/att.dsse.json"
expect_rc 0 "verify REF accepts the .att evidence" -- "$A" verify "$R/models/att:v1" --key "$T/k.pub" $P
expect_rc 0 "copy --key accepts the .att evidence" -- "$A" copy "$R/models/att:v1" "oci-layout:$T/att-layout:v1" --key "$T/k.pub" $P
expect_rc 1 "copy --key with another key still refuses" -- "$A" copy "$R/models/att:v1" "oci-layout:$T/att-bad:v1" --key "$T/k2.pub" $P
expect_rc 0 "the copied layout carries the .att tag" -- skopeo inspect --raw "oci:$T/att-layout:sha256-$att_digest.att"

# copy: registry -> OCI layout (air gap) -> another repository, evidence included.
expect_rc 1 "copy --key refuses a source whose evidence does not verify" -- "$A" copy "$R/models/other:v1" "oci-layout:$T/bad-layout:v1" --key "$T/k2.pub" $P
[ -e "$T/bad-layout" ] && bad "refused copy wrote the layout" || ok "nothing written after a refused copy"
expect_rc 0 "copy to an OCI layout with verification" -- "$A" copy "$R/models/m:v1" "oci-layout:$T/layout:v1" --key "$T/k.pub" $P
expect_out '^sha256:' "prints the root digest"
expect_rc 0 "skopeo reads the layout" -- skopeo inspect --raw "oci:$T/layout:v1"
expect_out 'application/vnd.cncf.model.manifest.v1\+json' "layout holds the ModelPack manifest"
expect_rc 0 "copy back into another repository" -- "$A" copy "oci-layout:$T/layout:v1" "$R/airgap/m:v1" --key "$T/k.pub" $P
expect_rc 0 "the copy verifies in its new repository (evidence travelled)" -- "$A" verify "$R/airgap/m:v1" --key "$T/k.pub" $P
expect_rc 0 "copy --no-referrers" -- "$A" copy "$R/models/m:v1" "$R/bare/m:v1" --no-referrers $P
expect_rc 1 "a copy without referrers has no evidence" -- "$A" verify "$R/bare/m:v1" --key "$T/k.pub" $P

# Policy on a registry target, the evaluation signed and attached, then required at deploy.
cat > "$T/release.yaml" <<Y
policies:
  - name: release
    rules:
      - name: license
        uses: license-allowlist
        with: { allow: [MIT], unknown: pass }
      - name: signer
        uses: signer-identity
        with: { keys: [k.pub] }
Y
cat > "$T/deploy.yaml" <<Y
policies:
  - name: deploy
    rules:
      - name: passed-release-policy
        uses: required-evidence
        with:
          predicate-type: https://attestfs.dev/policy-evaluation/v1
          where: [{pointer: /passed, equals: true}]
      - name: gate
        uses: signer-identity
        with: { keys: [k2.pub] }
Y
expect_rc 1 "deploy policy fails before the release policy was evaluated" -- "$A" verify "$R/models/m:v1" --policy "$T/deploy.yaml" --key "$T/k2.pub" --key "$T/k.pub" $P
expect_out 'passed-release-policy' "the missing evidence rule is named"
expect_rc 2 "--sign-key needs -o attest|bundle" -- "$A" verify "$R/models/m:v1" --policy "$T/release.yaml" --sign-key "$T/k2.key" $P
expect_rc 0 "release policy passes on the registry model; evaluation signed and attached" -- "$A" verify "$R/models/m:v1" --policy "$T/release.yaml" --sign-key "$T/k2.key" -o bundle --store "$T/s" $P
expect_out 'attached as referrer sha256:' "reports the evaluation referrer"
expect_rc 0 "deploy policy now finds the signed evaluation" -- "$A" verify "$R/models/m:v1" --policy "$T/deploy.yaml" --key "$T/k2.pub" --key "$T/k.pub" $P
cat > "$T/gpl-only.yaml" <<Y
policies:
  - name: strict
    rules:
      - name: license
        uses: license-allowlist
        with: { allow: [GPL-3.0] }
      - name: signer
        uses: signer-identity
        with: { keys: [k.pub] }
Y
expect_rc 1 "a denying policy on a registry target exits 1" -- "$A" verify "$R/models/m:v1" --policy "$T/gpl-only.yaml" $P --format sarif
expect_out '"version": "2.1.0"' "SARIF for registry targets"
finish
