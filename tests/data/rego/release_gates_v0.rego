# release_gates.rego in Rego v0 syntax (same decisions; tests/integration/test_rego.sh checks
# both give the same results).
package gates

import future.keywords.in

allowed := {lower(l) | l := input.config.args.licenses[_]}

licenses[lic] {
	entry := input.evidence.predicate.bom.metadata.component.licenses[_]
	lic := object.get(entry, ["license", "id"], object.get(entry, ["license", "name"], object.get(entry, "expression", "unknown")))
}

licenses[lic] {
	c := input.evidence.predicate.bom.components[_]
	entry := c.licenses[_]
	lic := object.get(entry, ["license", "id"], object.get(entry, ["license", "name"], "unknown"))
}

deny[msg] {
	lic := licenses[_]
	not allowed[lower(lic)]
	msg := sprintf("license %s is not allowed", [lic])
}

signer_ok {
	input.signer.key_id == input.config.args.signer.key_ids[_]
}

signer_ok {
	san := input.signer.sans[_]
	glob.match(input.config.args.signer.san_globs[_], [], san)
}

signer_ok {
	input.signer.keyless
	input.signer.issuer == input.config.args.signer.issuer
	regex.match(input.config.args.signer.identity_regexp, input.signer.sans[_])
}

deny[msg] {
	not signer_ok
	msg := sprintf("signer %s is not a release signer", [input.signer.description])
}

required_ok(type) {
	a := input.attestations[_]
	a.predicateType == type
	a.created != null
	time.now_ns() - time.parse_rfc3339_ns(a.created) <= time.parse_duration_ns(input.config.args.max_age)
}

deny[msg] {
	type := input.config.args.required[_]
	not required_ok(type)
	msg := sprintf("no %s evidence newer than %s", [type, input.config.args.max_age])
}
