#!/usr/bin/env bash
# End-to-end CLI tests of issue 2: keygen, bom (every output and predicate), evidence, verify
# (tamper cases with exact exit codes and lines), store list/show/export, bad input.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
S=$T/store
make_model "$T/m" --weights-mib 9 --small-files 3 --license apache-2.0

# --- keys
for t in ecdsa-p256 ecdsa-p384 ed25519 rsa-3072; do
  expect_rc 0 "keygen $t" -- "$A" keygen --out "$T/k-$t" --type "$t"
done
expect_rc 2 "keygen refuses to overwrite" -- "$A" keygen --out "$T/k-ecdsa-p256"
expect_rc 2 "keygen unknown type" -- "$A" keygen --out "$T/kx" --type dsa
[ "$(stat -c %a "$T/k-ed25519.key")" = 600 ] && ok "private key is 0600" || bad "private key mode"

# --- unsigned outputs
expect_rc 0 "bom prints the bare CycloneDX predicate" -- "$A" bom "dir:$T/m"
expect_out '"bomFormat": "CycloneDX"' "predicate is a CycloneDX BOM"
expect_out 'machine-learning-model' "model component present"
expect_out 'Apache-2.0' "HF license mapped to SPDX"
expect_rc 0 "bom -o statement" -- "$A" bom "dir:$T/m" -o statement
expect_out 'https://in-toto.io/Statement/v1' "statement type"
expect_rc 2 "--key with unsigned output is refused" -- "$A" bom "dir:$T/m" -o statement --key "$T/k-ed25519.key"
expect_rc 2 "unknown target scheme" -- "$A" bom "ftp:$T/m"
expect_rc 2 "missing path" -- "$A" bom "$T/does-not-exist"

# --- sign with every key type, verify with the right and a wrong key
for t in ecdsa-p256 ecdsa-p384 ed25519 rsa-3072; do
  expect_rc 0 "bom -o attest with $t" -- "$A" bom "dir:$T/m" -o attest --key "$T/k-$t.key" --store "$S-$t"
  expect_out '^sha256:[0-9a-f]{64}$' "stdout names the attestation digest ($t)"
  expect_rc 0 "verify with $t" -- "$A" verify "dir:$T/m" --key "$T/k-$t.pub" --store "$S-$t"
  expect_out '^VERIFIED' "verdict line ($t)"
done
expect_rc 1 "verify with the wrong key" -- "$A" verify "dir:$T/m" --key "$T/k-ed25519.pub" --store "$S-ecdsa-p256"
expect_out 'FAILED' "wrong key verdict"
expect_rc 2 "verify without trust material" -- "$A" verify "dir:$T/m" --store "$S-ecdsa-p256"
expect_out 'no trust material' "names the missing trust material"
expect_rc 1 "no attestation in an empty store" -- "$A" verify "dir:$T/m" --key "$T/k-ed25519.pub" --store "$T/empty"
expect_out 'no attestation found' "says no attestation found"

# --- bundle, model-signing, json output
expect_rc 0 "bom -o bundle --predicate model-signing --json" -- "$A" bom "$T/m" -o bundle --predicate model-signing --key "$T/k-ecdsa-p256.key" --store "$S" --output-file "$T/m.sigstore.json" --json
expect_out '"digest": "sha256:' "json output has the digest"
grep -q '"dsseEnvelope"' "$T/m.sigstore.json" && ok "bundle written to --output-file" || bad "bundle file"
expect_rc 0 "verify against the explicit bundle" -- "$A" verify "$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/m.sigstore.json"
expect_rc 0 "verify --format json" -- "$A" verify "$T/m" --key "$T/k-ecdsa-p256.pub" --store "$S" --format json
expect_out '"verified": true' "json verdict"

# --- tamper cases (store S signed with p256 bundle above)
cp -a "$T/m" "$T/m2"
"$A" bom "dir:$T/m2" -o attest --key "$T/k-ecdsa-p256.key" --store "$S" >/dev/null
echo "changed" >> "$T/m2/config.json"
expect_rc 1 "changed file detected" -- "$A" verify "dir:$T/m2" --key "$T/k-ecdsa-p256.pub" --store "$S"
expect_out '^changed config.json' "line names the changed file"
git -C "$T" --version >/dev/null
cp -a "$T/m" "$T/m3"; "$A" bom "dir:$T/m3" -o attest --key "$T/k-ecdsa-p256.key" --store "$S" >/dev/null
echo new > "$T/m3/extra.bin"; rm "$T/m3/tokenizer.json"
expect_rc 1 "added and removed files detected" -- "$A" verify "dir:$T/m3" --key "$T/k-ecdsa-p256.pub" --store "$S"
expect_out '^added extra.bin' "added line"
expect_out '^removed tokenizer.json' "removed line"
cp -a "$T/m" "$T/m4"; "$A" bom "dir:$T/m4" -o attest --key "$T/k-ecdsa-p256.key" --store "$S" >/dev/null
flip_byte "$T/m4/model.safetensors" 4718592
expect_rc 1 "one flipped byte in the middle of the weights" -- "$A" verify "dir:$T/m4" --key "$T/k-ecdsa-p256.pub" --store "$S"
expect_out '^changed model.safetensors' "names the weights file"
chmod +x "$T/m4/config.json"; flip_byte "$T/m4/model.safetensors" 4718592
expect_rc 1 "executable bit change detected" -- "$A" verify "dir:$T/m4" --key "$T/k-ecdsa-p256.pub" --store "$S"
expect_out '^changed config.json \(executable bit\)' "exec bit line"

# --- forged / broken envelopes
"$A" bom "dir:$T/m" -o attest --key "$T/k-ecdsa-p256.key" --store "$S" --output-file "$T/good.json" >/dev/null
"$A" bom "dir:$T/m" -o attest --key "$T/k-ed25519.key" --store "$S" --output-file "$T/other.json" >/dev/null
/usr/bin/python3 - "$T" <<'PY'
import json, sys, base64
t = sys.argv[1]
good = json.load(open(t + "/good.json")); other = json.load(open(t + "/other.json"))
swap = dict(good); swap["signatures"] = other["signatures"]; json.dump(swap, open(t + "/swapped.json", "w"))
st = json.loads(base64.b64decode(good["payload"]))
st["predicate"]["components"] = st["predicate"]["components"][:-1]
forged = dict(good); forged["payload"] = base64.b64encode(json.dumps(st).encode()).decode()
json.dump(forged, open(t + "/forged.json", "w"))
open(t + "/truncated.json", "w").write(open(t + "/good.json").read()[:200])
with open(t + "/huge.json", "w") as f:
    f.write('{"payload":"' + "A" * (70 << 20) + '","payloadType":"x","signatures":[]}')
PY
expect_rc 1 "swapped signature rejected" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/swapped.json"
expect_rc 1 "forged payload rejected" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/forged.json"
expect_rc 1 "truncated envelope rejected" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/truncated.json"
expect_rc 1 "re-signed with another key rejected" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/other.json"
expect_rc 1 "oversized document rejected" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/huge.json"
expect_out 'limit' "names the size limit"
# Issue 9 item 6: nesting is refused before a document is built (a DOM costs ~75x the text).
/usr/bin/python3 -c "import sys; open(sys.argv[1], 'w').write('[' * (20 << 20))" "$T/deep.json"
expect_rc 1 "20 MiB of '[' refused" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/deep.json"
expect_out 'JSON nested deeper than 128 levels' "names the nesting limit"
/usr/bin/python3 -c "import sys; open(sys.argv[1], 'w').write('{\"payload\":' + '[' * 1000 + ']' * 1000 + ',\"payloadType\":\"x\",\"signatures\":[]}')" "$T/deep2.json"
expect_rc 1 "envelope with a 1000-deep field refused" -- "$A" verify "dir:$T/m" --key "$T/k-ecdsa-p256.pub" --attestation "$T/deep2.json"
expect_out 'JSON nested deeper than 128 levels' "names the nesting limit (nested field)"

# --- unsafe trees
mkdir -p "$T/u"; echo a > "$T/u/a"; ln -s /etc/passwd "$T/u/leak"
expect_rc 1 "symlink leaving the tree refused" -- "$A" bom "dir:$T/u"
expect_out 'leak' "names the symlink"
rm "$T/u/leak"; ln -s a "$T/u/inside"
expect_rc 0 "symlink inside the tree recorded" -- "$A" bom "dir:$T/u" -o attest --key "$T/k-ed25519.key" --store "$S"
expect_rc 0 "tree with an internal symlink verifies" -- "$A" verify "dir:$T/u" --key "$T/k-ed25519.pub" --store "$S"
mkfifo "$T/u/fifo"
expect_rc 1 "FIFO refused" -- "$A" bom "dir:$T/u"
rm "$T/u/fifo"
# A name that is not UTF-8 (issue 9 item 12): refused by the walk for both predicates, exit 1,
# naming the path with the byte escaped (model-signing used to sign U+FFFD, CycloneDX exit 2).
mkdir -p "$T/n"; echo a > "$T/n/ok"; echo b > "$T/n/bad$(printf '\377').bin"
for p in model-signing cyclonedx; do
  expect_rc 1 "non-UTF-8 name refused ($p)" -- "$A" bom "dir:$T/n" --predicate "$p" -o attest --key "$T/k-ed25519.key" --store "$T/s-utf8"
  expect_out 'bad\\xff\.bin.*not valid UTF-8' "names the escaped path ($p)"
done
[ -e "$T/s-utf8" ] && [ -n "$(find "$T/s-utf8" -type f)" ] && bad "something was stored" || ok "nothing stored for a non-UTF-8 tree"

# --- encrypted key
ATTESTFS_PASSWORD=s3cret expect_rc 0 "keygen with password" -- "$A" keygen --out "$T/enc"
grep -q "ENCRYPTED PRIVATE KEY" "$T/enc.key" && ok "key is encrypted PKCS#8" || bad "key not encrypted"
expect_rc 2 "encrypted key without password refused" -- "$A" bom "dir:$T/m" -o attest --key "$T/enc.key" --store "$S"
ATTESTFS_PASSWORD=s3cret expect_rc 0 "encrypted key with password signs" -- "$A" bom "dir:$T/m" -o attest --key "$T/enc.key" --store "$S"

# --- include/exclude
expect_rc 0 "bom with --exclude" -- "$A" bom "dir:$T/m" -o attest --exclude 'extra/**' --key "$T/k-ed25519.key" --store "$T/s-ex" --name excl
echo more > "$T/m/extra/part-00000.txt.new"
expect_rc 0 "excluded paths are not compared" -- "$A" verify "dir:$T/m" --name excl --key "$T/k-ed25519.pub" --store "$T/s-ex"
rm "$T/m/extra/part-00000.txt.new"

# --- issue 9 item 14: the newest evidence is decided by the signed creation time, not by the
# store index (unsigned): an index claiming the older evidence is newer changes nothing.
cp -a "$T/m" "$T/mo"
SOURCE_DATE_EPOCH=1700000000 expect_rc 0 "older evidence signed" -- "$A" bom "dir:$T/mo" --name order -o attest --key "$T/k-ed25519.key" --store "$T/s-order"
OLD=$(echo "$OUT" | head -1)
echo "newer content" >> "$T/mo/config.json"
SOURCE_DATE_EPOCH=1800000000 expect_rc 0 "newer evidence signed" -- "$A" bom "dir:$T/mo" --name order -o attest --key "$T/k-ed25519.key" --store "$T/s-order"
NEW=$(echo "$OUT" | head -1)
/usr/bin/python3 - "$T/s-order/entries/${OLD#sha256:}.json" <<'PY'
import json, sys
p = sys.argv[1]
e = json.load(open(p))
e["created"] = "2099-01-01T00:00:00Z"
json.dump(e, open(p, "w"))
PY
expect_rc 0 "store index lying about created: the newer signed evidence still decides" -- "$A" verify "dir:$T/mo" --name order --key "$T/k-ed25519.pub" --store "$T/s-order"
expect_out "verified against $NEW" "names the evidence with the newer signed time"

# --- generic evidence and the store verbs
echo '{"passed": true, "metric": "demographic_parity", "value": 0.03}' > "$T/bias.json"
expect_rc 0 "evidence signs a report about the target" -- "$A" evidence "$T/bias.json" --target "dir:$T/m" --predicate-type https://example.com/bias-test/v1 -o attest --key "$T/k-ed25519.key" --store "$T/s-ev"
D=$(echo "$OUT" | head -1)
expect_rc 0 "store list" -- "$A" store list --store "$T/s-ev"
expect_out 'bias-test' "list shows the predicate type"
expect_rc 0 "store show" -- "$A" store show "$D" --store "$T/s-ev"
expect_out '"passed": true' "show decodes the statement"
expect_rc 0 "store export" -- "$A" store export "$D" --store "$T/s-ev" --output-file "$T/exported.json"
[ "sha256:$(sha256sum "$T/exported.json" | cut -d' ' -f1)" = "$D" ] && ok "export is byte-exact" || bad "export digest"
echo 'not json' > "$T/notjson.txt"
expect_rc 2 "evidence must be JSON" -- "$A" evidence "$T/notjson.txt" --target "dir:$T/m" --predicate-type https://x/y -o attest --key "$T/k-ed25519.key" --store "$T/s-ev"

# --- file: target
expect_rc 0 "file: target signs" -- "$A" bom "file:$T/m/config.json" -o attest --key "$T/k-ed25519.key" --store "$T/s-f"
expect_rc 0 "file: target verifies" -- "$A" verify "file:$T/m/config.json" --key "$T/k-ed25519.pub" --store "$T/s-f"

# --- progress: bom and verify draw on stderr with --progress=always, never into a pipe on auto
expect_rc 0 "bom --progress=always" -- "$A" bom "dir:$T/m" -o attest --key "$T/k-ed25519.key" --store "$T/s-p" --progress=always
expect_out $'\e\\[2Khash .*MiB / .*MiB +100%.*done' "bom draws the hash pass, ending at 100%"
expect_rc 0 "verify --progress=always" -- "$A" verify "dir:$T/m" --key "$T/k-ed25519.pub" --store "$T/s-p" --progress=always
expect_out $'\e\\[2Khash ' "verify draws the hash pass"
OUT=$("$A" verify "dir:$T/m" --key "$T/k-ed25519.pub" --store "$T/s-p" 2>&1 | cat)
echo "$OUT" | grep -q $'\e' && bad "verify on a pipe drew progress" || ok "verify on a pipe (auto) draws nothing"
OUT=$("$A" bom "dir:$T/m" --progress=never 2>&1 >/dev/null)
echo "$OUT" | grep -q $'\e' && bad "--progress=never drew progress" || ok "--progress=never draws nothing"

finish
