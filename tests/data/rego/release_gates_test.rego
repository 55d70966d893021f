# `attestfs policy test` cases for release_gates.rego (run by tests/integration/test_rego.sh).
package gates_test

import rego.v1

import data.gates

args := {
	"licenses": ["MIT", "Apache-2.0"],
	"signer": {"key_ids": ["K1"], "san_globs": ["*@release.example"], "issuer": "https://issuer.example", "identity_regexp": "^https://ci\\.example/.*@refs/tags/v"},
	"required": ["https://cyclonedx.org/bom"],
	"max_age": "720h",
}

bom(lic) := {"predicate": {"bom": {"metadata": {"component": {"licenses": [{"license": {"id": lic}}]}}, "components": [{"name": "w", "licenses": [{"license": {"id": "MIT"}}]}]}}}

fresh := [{"predicateType": "https://cyclonedx.org/bom", "created": "2026-12-01T00:00:00Z"}]

base := {"evidence": bom("Apache-2.0"), "signer": {"key_id": "K1", "sans": [], "description": "key K1"}, "attestations": fresh, "config": {"args": args}}

now := time.parse_rfc3339_ns("2026-12-05T00:00:00Z")

test_all_pass if {
	count(gates.deny) == 0 with input as base with time.now_ns as now
}

test_license_denied if {
	d := gates.deny with input as object.union(base, {"evidence": bom("GPL-3.0")}) with time.now_ns as now
	d == {"license GPL-3.0 is not allowed"}
}

test_unknown_key_denied if {
	s := {"key_id": "K2", "sans": [], "description": "key K2"}
	"signer key K2 is not a release signer" in gates.deny with input as object.union(base, {"signer": s}) with time.now_ns as now
}

test_x509_san_allowed if {
	s := {"key_id": "X", "sans": ["bob@release.example"], "description": "certificate CN=bob"}
	count(gates.deny) == 0 with input as object.union(base, {"signer": s}) with time.now_ns as now
}

test_keyless_identity if {
	s := {"key_id": "", "keyless": true, "issuer": "https://issuer.example", "sans": ["https://ci.example/org/repo/.github/workflows/release.yml@refs/tags/v1.2"], "description": "keyless"}
	count(gates.deny) == 0 with input as object.union(base, {"signer": s}) with time.now_ns as now
}

test_keyless_wrong_issuer if {
	s := {"key_id": "", "keyless": true, "issuer": "https://other.example", "sans": ["https://ci.example/org/repo/.github/workflows/release.yml@refs/tags/v1.2"], "description": "keyless"}
	count(gates.deny) == 1 with input as object.union(base, {"signer": s}) with time.now_ns as now
}

test_stale_evidence_denied if {
	"no https://cyclonedx.org/bom evidence newer than 720h" in gates.deny with input as base with time.now_ns as time.parse_rfc3339_ns("2027-06-01T00:00:00Z")
}

test_missing_evidence_denied if {
	d := gates.deny with input as object.union(base, {"attestations": []}) with time.now_ns as now
	count(d) == 1
}
