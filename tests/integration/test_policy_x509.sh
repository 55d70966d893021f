#!/usr/bin/env bash
# Evidence signed with an X.509 chain (`bom -o bundle --key leaf.key --cert chain.pem`) checked
# by a policy's signer-identity rule with ca-roots and san — the certificate chain the bundle
# carries reaches the policy (issue 9 item 3) — and by `verify --ca-roots --identity`.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
cd "$T"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
  -days 2 -subj "/CN=attestfs test CA" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign >/dev/null 2>&1
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout leaf.key -out leaf.csr \
  -subj "/CN=release-bot/O=Example" >/dev/null 2>&1
printf 'subjectAltName=email:release@example.com\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 1 \
  -extfile leaf.ext >/dev/null 2>&1
cat leaf.pem >chain.pem
make_model "$T/m" --license apache-2.0 --weights-mib 1 --small-files 1
expect_rc 0 "sign with the certificate" -- "$A" bom "dir:$T/m" -o bundle --key leaf.key --cert chain.pem --store "$T/s"
expect_rc 0 "verify --ca-roots --identity" -- "$A" verify "dir:$T/m" --ca-roots ca.pem --identity release@example.com --store "$T/s"
cat >policy.yaml <<YAML
policies:
  - name: x509-release
    rules:
      - name: signed-by-release-bot
        uses: signer-identity
        with:
          ca-roots: $T/ca.pem
          san: release@example.com
YAML
expect_rc 0 "signer-identity with ca-roots and san passes for chain-signed evidence" -- "$A" verify "dir:$T/m" --policy policy.yaml --store "$T/s"
expect_no_out 'no certificate chain' "the chain reached the policy"
sed -i 's/san: release@example.com/san: other@example.com/' policy.yaml
expect_rc 1 "another SAN is denied" -- "$A" verify "dir:$T/m" --policy policy.yaml --store "$T/s"
expect_out 'match none of' "the denial names the SANs"
finish
