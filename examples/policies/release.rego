# Release gate in Rego (what examples/policies/release.yaml says with built-in rules), for
# `uses: rego` in release-rego.yaml. Input: the signed CycloneDX ML-BOM of the model
# (input.evidence; the BOM is also at input.evidence.predicate.bom), args from the policy file.
package attestfs.release

import rego.v1

bom := input.evidence.predicate.bom

# Licences declared on the model (metadata.component) and on any component.
declared contains lic if {
	some entry in bom.metadata.component.licenses
	lic := license_of(entry)
}

declared contains lic if {
	some c in bom.components
	some entry in c.licenses
	lic := license_of(entry)
}

license_of(entry) := entry.license.id
license_of(entry) := entry.license.name if not entry.license.id
license_of(entry) := entry.expression

allowed(lic) if {
	some a in input.config.args.allow
	lower(a) == lower(lic)
}

deny contains msg if {
	some lic in declared
	not allowed(lic)
	msg := sprintf("license %q is not in the allowlist %v", [lic, input.config.args.allow])
}

deny contains "the model declares no license" if {
	count(declared) == 0
	not input.config.args.unknown_passes
}

property(c, name) := p.value if {
	some p in c.properties
	p.name == name
}

deny contains msg if {
	some c in bom.components
	c.type == "file"
	property(c, "attestfs:executable") == "true"
	msg := sprintf("%s is executable", [c.name])
}

deny contains msg if {
	some c in bom.components
	c.type == "file"
	target := property(c, "attestfs:symlink")
	msg := sprintf("%s is a symlink to %s", [c.name, target])
}

deny contains msg if {
	some c in bom.components
	some suffix in input.config.args.denied_suffixes
	endswith(lower(c.name), suffix)
	msg := sprintf("%s has a denied file type (%s)", [c.name, suffix])
}

max_age_ns := time.parse_duration_ns(input.config.args.max_age)

deny contains msg if {
	created := time.parse_rfc3339_ns(bom.metadata.timestamp)
	time.now_ns() - created > max_age_ns
	msg := sprintf("the BOM was made %s, more than %s ago", [bom.metadata.timestamp, input.config.args.max_age])
}
