#!/usr/bin/env bash
# `verify --policy` end to end on evidence made by attestfs: license allowlist pass/fail with the
# license named, pickle files refused by file-types, trust taken from the policy's signer-identity
# rule, evidence by another key ignored, malformed policies (exit 2, file:line named), SARIF.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
S=$T/store
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/other" >/dev/null
make_model "$T/mit" --license mit --weights-mib 2
make_model "$T/gpl" --license gpl-3.0 --weights-mib 2
cat > "$T/policy.yaml" <<Y
policies:
  - name: ml-release
    rules:
      - name: model-license
        uses: license-allowlist
        with: { allow: [MIT, Apache-2.0], unknown: pass }  # the example card names an unlicensed dataset
      - name: no-pickle
        uses: file-types
      - name: signed-by-release-team
        uses: signer-identity
        with: { keys: [k.pub] }
Y
for m in mit gpl; do "$A" bom "dir:$T/$m" -o attest --key "$T/k.key" --store "$S" >/dev/null; done
expect_rc 0 "MIT model passes an MIT allowlist (trust from the policy, no --key)" -- "$A" verify "dir:$T/mit" --policy "$T/policy.yaml" --store "$S"
expect_out '^VERIFIED' "verdict"
expect_rc 1 "GPL-3.0 model fails the allowlist" -- "$A" verify "dir:$T/gpl" --policy "$T/policy.yaml" --store "$S"
expect_out 'GPL-3.0' "the license is named"
printf 'x' > "$T/mit/weights.pkl"
"$A" bom "dir:$T/mit" -o attest --key "$T/k.key" --store "$S" >/dev/null
expect_rc 1 "pickle file fails file-types" -- "$A" verify "dir:$T/mit" --policy "$T/policy.yaml" --store "$S"
expect_out 'weights.pkl' "the file is named"
expect_rc 1 "SARIF output on failure" -- "$A" verify "dir:$T/mit" --policy "$T/policy.yaml" --store "$S" --format sarif
expect_out '"version": "2.1.0"' "SARIF version"
expect_out 'weights.pkl' "SARIF result names the file"
rm "$T/mit/weights.pkl"
"$A" bom "dir:$T/mit" -o attest --key "$T/other.key" --store "$T/s2" >/dev/null
expect_rc 1 "evidence by another key is not trusted" -- "$A" verify "dir:$T/mit" --policy "$T/policy.yaml" --store "$T/s2"
printf 'policies:\n  - name: p\n    rules:\n      - name: r\n        uses: no-such-rule\n' > "$T/bad.yaml"
expect_rc 2 "unknown rule refused" -- "$A" verify "dir:$T/mit" --policy "$T/bad.yaml" --key "$T/k.pub" --store "$S"
expect_out 'bad.yaml:5' "file and line named"
printf 'policies:\n  - name: p\n    rules:\n      - name: r\n        uses: license-allowlist\n' > "$T/bad2.yaml"
expect_rc 2 "missing with.allow refused" -- "$A" verify "dir:$T/mit" --policy "$T/bad2.yaml" --key "$T/k.pub" --store "$S"
expect_out 'allow' "names the missing key"
# max-age: evidence whose signed creation time is old (SOURCE_DATE_EPOCH, 400 days ago) fails.
make_model "$T/aged" --license mit --weights-mib 1
SOURCE_DATE_EPOCH=$(( $(date +%s) - 400 * 86400 )) "$A" bom "dir:$T/aged" -o attest --key "$T/k.key" --store "$T/s3" >/dev/null
printf 'policies:\n  - name: p\n    rules:\n      - name: fresh\n        uses: max-age\n        with: { max: 90d }\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' > "$T/fresh.yaml"
expect_rc 1 "an old attestation fails max-age" -- "$A" verify "dir:$T/aged" --policy "$T/fresh.yaml" --store "$T/s3"
expect_out 'fresh' "the max-age rule is named"
expect_out '40[0-9]d|older|age' "the age is named"
expect_rc 2 "a malformed SOURCE_DATE_EPOCH is refused" -- env SOURCE_DATE_EPOCH=yesterday "$A" bom "dir:$T/aged" -o attest --key "$T/k.key" --store "$T/s3"
"$A" bom "dir:$T/aged" -o attest --key "$T/k.key" --store "$T/s3" >/dev/null
expect_rc 0 "fresh evidence passes max-age (the newest evidence is used)" -- "$A" verify "dir:$T/aged" --policy "$T/fresh.yaml" --store "$T/s3"
# --sign-key: the evaluation itself becomes signed evidence that a later policy can require.
make_model "$T/rel" --license mit --weights-mib 1
"$A" bom "dir:$T/rel" -o attest --key "$T/k.key" --store "$S" >/dev/null
cat > "$T/gate.yaml" <<Y
policies:
  - name: gate
    rules:
      - name: release-policy-passed
        uses: required-evidence
        with:
          predicate-type: https://attestfs.dev/policy-evaluation/v1
          where: [{pointer: /passed, equals: true}]
      - name: who
        uses: signer-identity
        with: { keys: [k.pub] }
Y
expect_rc 1 "gate fails without a signed evaluation" -- "$A" verify "dir:$T/rel" --policy "$T/gate.yaml" --store "$S"
expect_out 'release-policy-passed' "the rule is named"
expect_rc 2 "--sign-key without --policy is a usage error" -- "$A" verify "dir:$T/rel" --key "$T/k.pub" --store "$S" --sign-key "$T/k.key" -o attest
expect_rc 0 "policy passes and the evaluation is signed and stored" -- "$A" verify "dir:$T/rel" --policy "$T/policy.yaml" --store "$S" --sign-key "$T/k.key" -o attest
expect_out 'policy evaluation signed and stored' "says where the evaluation went"
expect_rc 0 "store lists the policy evaluation" -- "$A" store list --store "$S"
expect_out 'policy-evaluation' "evaluation stored"
expect_rc 0 "gate passes with the signed evaluation" -- "$A" verify "dir:$T/rel" --policy "$T/gate.yaml" --store "$S"
expect_rc 1 "a failed evaluation is signed too, and does not open the gate" -- "$A" verify "dir:$T/gpl" --policy "$T/policy.yaml" --store "$S" --sign-key "$T/k.key" -o bundle
expect_out 'evaluation signed' "the failed evaluation is recorded"
expect_rc 1 "gate stays closed for the failed model" -- "$A" verify "dir:$T/gpl" --policy "$T/gate.yaml" --store "$S"
finish
