# The three policies a release team writes first, as one Rego v1 module (conftest contract):
# a licence allowlist over a CycloneDX ML-BOM, the signer's identity (key id, X.509 SAN or
# keyless issuer) and required evidence with a maximum age.
package gates

import rego.v1

allowed := {lower(l) | some l in input.config.args.licenses}

licenses contains lic if {
	some entry in input.evidence.predicate.bom.metadata.component.licenses
	lic := object.get(entry, ["license", "id"], object.get(entry, ["license", "name"], object.get(entry, "expression", "unknown")))
}

licenses contains lic if {
	some c in input.evidence.predicate.bom.components
	some entry in c.licenses
	lic := object.get(entry, ["license", "id"], object.get(entry, ["license", "name"], "unknown"))
}

deny contains msg if {
	some lic in licenses
	not lower(lic) in allowed
	msg := sprintf("license %s is not allowed", [lic])
}

signer_ok if input.signer.key_id in input.config.args.signer.key_ids

signer_ok if {
	some san in input.signer.sans
	some pattern in input.config.args.signer.san_globs
	glob.match(pattern, [], san)
}

signer_ok if {
	input.signer.keyless
	input.signer.issuer == input.config.args.signer.issuer
	some san in input.signer.sans
	regex.match(input.config.args.signer.identity_regexp, san)
}

deny contains msg if {
	not signer_ok
	msg := sprintf("signer %s is not a release signer", [input.signer.description])
}

required_ok(type) if {
	some a in input.attestations
	a.predicateType == type
	a.created != null
	time.now_ns() - time.parse_rfc3339_ns(a.created) <= time.parse_duration_ns(input.config.args.max_age)
}

deny contains msg if {
	some type in input.config.args.required
	not required_ok(type)
	msg := sprintf("no %s evidence newer than %s", [type, input.config.args.max_age])
}
