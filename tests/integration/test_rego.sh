#!/usr/bin/env bash
# Rego end to end: `policy test` on the release-gate module and its v0 twin, `policy eval` in
# opa eval's JSON shape (bindings, undefined, --fail), errors with OPA's codes and exit codes
# (parse 2, v0 syntax in a v1 module 2, conflict 1, http.send refused), `uses: rego` rules at
# verify (valint, conftest and bare-allow contracts; v0 valint-style policies with data.scribe;
# time limit fails the rule), at mount time (-o policy=), and Scribe's public catalog when a
# copy is present (SCRIBE_CATALOG=DIR; skipped otherwise).
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
D=$ATTESTFS_SOURCE_DIR/tests/data/rego
S=$T/store

# --- policy test -------------------------------------------------------------------------
expect_rc 0 "policy test: release gates (v1)" -- "$A" policy test "$D/release_gates.rego" "$D/release_gates_test.rego"
expect_out 'PASS: 8/8' "all 8 tests pass"
expect_rc 0 "policy test: the same tests against the v0 module" -- "$A" policy test --rego-version v0 "$D/release_gates_v0.rego" "$D/release_gates_test.rego"
expect_out 'PASS: 8/8' "all 8 tests pass on the v0 twin"
cat > "$T/failing_test.rego" <<'R'
package failing_test
import rego.v1
test_ok if true
test_false if false
test_undefined if input.nothing
todo_test_later if false
R
expect_rc 1 "policy test: failing tests exit 1" -- "$A" policy test "$T/failing_test.rego"
expect_out 'data.failing_test.test_false: FAIL' "the false test is named"
expect_out 'data.failing_test.test_undefined: FAIL.*undefined' "the undefined test is named"
expect_out 'FAIL: 2/4' "summary counts failures"
expect_out 'SKIPPED: 1/4' "todo_test_ is skipped"
expect_rc 0 "policy test --run selects tests" -- "$A" policy test -v --run test_ok "$T/failing_test.rego"
expect_out 'PASS: 1/1' "only the selected test ran"

# --- policy eval -------------------------------------------------------------------------
cat > "$T/input.json" <<'J'
{"evidence": {"predicate": {"bom": {"metadata": {"component": {"licenses": [{"license": {"id": "GPL-3.0"}}]}}, "components": []}}},
 "signer": {"key_id": "K1", "sans": [], "description": "key K1"},
 "attestations": [], "config": {"args": {"licenses": ["MIT"], "signer": {"key_ids": ["K1"], "san_globs": [], "issuer": "", "identity_regexp": "^$"}, "required": [], "max_age": "1h"}}}
J
expect_rc 0 "policy eval prints opa eval's JSON" -- "$A" policy eval -d "$D/release_gates.rego" -i "$T/input.json" data.gates.deny
echo "$OUT" > "$T/eval.json"
if /usr/bin/python3 - "$T/eval.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = r["result"][0]["expressions"][0]
assert e["value"] == ["license GPL-3.0 is not allowed"], e
assert e["text"] == "data.gates.deny", e
assert e["location"] == {"row": 1, "col": 1}, e
PY
then ok "result.expressions[0] has value, text and location"; else bad "eval JSON shape"; cat "$T/eval.json"; fi
expect_rc 0 "policy eval with bindings" -- "$A" policy eval -d "$D/release_gates.rego" -i "$T/input.json" 'some lic in data.gates.licenses; x := lower(lic)'
echo "$OUT" > "$T/eval2.json"
if /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["result"][0]["bindings"]["x"]=="gpl-3.0", r' "$T/eval2.json"; then ok "bindings carry x"; else bad "bindings"; cat "$T/eval2.json"; fi
expect_rc 0 "undefined prints {}" -- "$A" policy eval -d "$D/release_gates.rego" data.gates.nothing
expect_out '^\{\}$' "empty object for undefined"
expect_rc 1 "--fail exits 1 when undefined" -- "$A" policy eval --fail -d "$D/release_gates.rego" data.gates.nothing
expect_rc 0 "pretty format" -- "$A" policy eval -f pretty -d "$D/release_gates.rego" -i "$T/input.json" 'x := count(data.gates.deny)'
expect_out '^x = 1$' "pretty prints the binding"

# --- errors --------------------------------------------------------------------------------
printf 'package broken\nimport rego.v1\n\np if {\n  x := \n}\n' > "$T/broken.rego"
expect_rc 2 "a parse error exits 2" -- "$A" policy eval -d "$T/broken.rego" data.broken.p
expect_out 'broken.rego:[0-9]+(:[0-9]+)?: rego_parse_error' "file:row:col and rego_parse_error"
printf 'package old\n\np[x] {\n  x := 1\n}\n' > "$T/old.rego"
expect_rc 2 "v0 syntax in a v1 module exits 2" -- "$A" policy eval -d "$T/old.rego" data.old.p
expect_out 'rego_parse_error' "parse error code"
expect_rc 0 "the same module as v0" -- "$A" policy eval --rego-version v0 -d "$T/old.rego" data.old.p
expect_out '"value": \[' "v0 partial set evaluates"
printf 'package c\nimport rego.v1\n\np := x if {\n  some x in [1, 2]\n}\n' > "$T/conflict.rego"
expect_rc 1 "a conflict exits 1" -- "$A" policy eval -d "$T/conflict.rego" data.c.p
expect_out 'eval_conflict_error' "eval_conflict_error named"
printf 'package n\nimport rego.v1\n\np := http.send({"method": "get", "url": "http://127.0.0.1:9"})\n' > "$T/net.rego"
expect_rc 1 "http.send is refused" -- "$A" policy eval -d "$T/net.rego" data.n.p
expect_out 'http.send' "the builtin is named"
printf 'package slow\nimport rego.v1\n\np := count([x | some x in numbers.range(1, 6000); some y in numbers.range(1, 6000); x != y])\n' > "$T/slow.rego"
expect_rc 3 "the time limit stops evaluation" -- "$A" policy eval --timeout 1s -d "$T/slow.rego" data.slow.p
expect_out 'time|deadline|cancel' "the limit is named"

# --- uses: rego at verify -----------------------------------------------------------------
"$A" keygen --out "$T/k" >/dev/null
make_model "$T/m" --license apache-2.0 --weights-mib 1
"$A" bom "dir:$T/m" -o attest --key "$T/k.key" --store "$S" >/dev/null
cp "$D"/*.rego "$T/"
rule() {  # rule NAME FILE VERSION ARGS [EXTRA]
  printf 'policies:\n  - name: p\n    rules:\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n      - name: %s\n        uses: rego\n        evidence: { predicate-type: https://cyclonedx.org/bom }\n        with: { module: %s, rego-version: %s, args: %s %s}\n' "$1" "$2" "$3" "$4" "${5:-}"
}
rule banned banned_licenses_v0.rego v0 '{blocklist: [GPL, AGPL], max_violations: 0}' > "$T/banned.yaml"
expect_rc 0 "valint-style banned licences (v0, data.scribe) pass" -- "$A" verify "dir:$T/m" --policy "$T/banned.yaml" --store "$S"
expect_out 'VERIFIED' "verdict"
rule banned banned_licenses_v0.rego v0 '{blocklist: [Apache], max_violations: 0}' > "$T/banned2.yaml"
expect_rc 1 "blocklisting the model's licence fails" -- "$A" verify "dir:$T/m" --policy "$T/banned2.yaml" --store "$S"
expect_out '1 components with blocklisted licences' "the valint summary reason is shown"
rule fresh fresh_bom_v0.rego v0 '{max_days: 30}' > "$T/fresh.yaml"
expect_rc 0 "valint-style fresh BOM (scribe builtin without import)" -- "$A" verify "dir:$T/m" --policy "$T/fresh.yaml" --store "$S"
expect_out 'BOM is fresh|VERIFIED' "fresh"
rule signed evidence_signed_v0.rego v0 '{}' > "$T/signed.yaml"
expect_rc 0 "valint-style artifact signed" -- "$A" verify "dir:$T/m" --policy "$T/signed.yaml" --store "$S" --format json
expect_out 'signed by key' "the signer is named in the reason"
rule gates release_gates.rego v1 '{licenses: [MIT], signer: {key_ids: [], san_globs: [], issuer: "", identity_regexp: "^$"}, required: [], max_age: 1h}' > "$T/gates.yaml"
expect_rc 1 "conftest-style deny names the licence and the signer" -- "$A" verify "dir:$T/m" --policy "$T/gates.yaml" --store "$S"
expect_out 'license Apache-2.0 is not allowed' "licence named"
expect_out 'is not a release signer' "signer named"
expect_rc 1 "SARIF carries the Rego violation" -- "$A" verify "dir:$T/m" --policy "$T/gates.yaml" --store "$S" --format sarif
expect_out 'license Apache-2.0 is not allowed' "SARIF message"
printf 'package a\nimport rego.v1\ndefault allow := false\nallow if input.subject.name != ""\n' > "$T/allow.rego"
rule bare allow.rego v1 '{}' > "$T/allow.yaml"
expect_rc 0 "bare allow contract" -- "$A" verify "dir:$T/m" --policy "$T/allow.yaml" --store "$S"
printf 'package a\nimport rego.v1\nsomething := 1\n' > "$T/none.rego"
rule none none.rego v1 '{}' > "$T/none.yaml"
expect_rc 1 "a policy that decides nothing fails" -- "$A" verify "dir:$T/m" --policy "$T/none.yaml" --store "$S"
expect_out 'decided nothing' "reason says so"
rule slow slow.rego v1 '{}' ', timeout: 1s ' > "$T/slowp.yaml"
printf 'package slow\nimport rego.v1\nallow if count([x | some x in numbers.range(1, 6000); some y in numbers.range(1, 6000); x != y]) > 0\n' > "$T/slow.rego"
expect_rc 1 "a rule that hits its time limit fails" -- "$A" verify "dir:$T/m" --policy "$T/slowp.yaml" --store "$S"
rule slow slow.rego v1 '{}' > "$T/slowq.yaml"
expect_rc 1 "--policy-timeout limits rules without their own timeout" -- "$A" verify "dir:$T/m" --policy "$T/slowq.yaml" --store "$S" --policy-timeout 1s
expect_rc 2 "--policy-timeout must be a duration" -- "$A" verify "dir:$T/m" --policy "$T/slowq.yaml" --store "$S" --policy-timeout soon
printf 'package b\nimport rego.v1\np if {\n' > "$T/bad.rego"
rule bad bad.rego v1 '{}' > "$T/badp.yaml"
expect_rc 2 "a broken module stops the policy from loading" -- "$A" verify "dir:$T/m" --policy "$T/badp.yaml" --store "$S"
expect_out 'bad.rego:[0-9]+' "the module location is named"

# --- at mount time ----------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ]; then
  mkdir -p "$T/mnt"
  expect_rc 1 "a denying Rego policy refuses the mount" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "store=$S,policy=$T/gates.yaml"
  mountpoint -q "$T/mnt" && { bad "mounted despite the Rego policy"; umount "$T/mnt"; } || ok "nothing mounted"
  expect_rc 0 "an allowing Rego policy lets the mount start" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "store=$S,policy=$T/banned.yaml"
  mountpoint -q "$T/mnt" && { ok "mounted"; umount "$T/mnt"; } || bad "not mounted"
else
  echo "SKIP: mount checks need root and /dev/fuse"
fi

# --- Scribe's public sample catalog, when a copy is present ----------------------------------
if [ -n "${SCRIBE_CATALOG:-}" ] && [ -d "$SCRIBE_CATALOG" ]; then
  n=0; refused=0; failed=0
  while IFS= read -r f; do
    n=$((n + 1))
    out=$("$A" policy eval --rego-version v0 -d "$f" 'x := 1' 2>&1); rc=$?
    if [ $rc -eq 0 ]; then continue; fi
    if grep -q 'http.send' "$f" && echo "$out" | grep -q 'http.send'; then refused=$((refused + 1)); continue; fi
    failed=$((failed + 1)); echo "      $f: $out" | head -3
  done < <(find "$SCRIBE_CATALOG" -name '*.rego' | sort)
  [ $failed -eq 0 ] && ok "Scribe catalog: $n modules parse and compile ($refused refused for http.send)" || bad "Scribe catalog: $failed of $n modules fail to compile"
else
  echo "SKIP: Scribe catalog not present (set SCRIBE_CATALOG=DIR to check every .rego in it)"
fi
finish
