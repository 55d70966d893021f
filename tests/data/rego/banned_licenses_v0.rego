# valint-style (Rego v0, package verify) rule written for attestfs's tests: packages whose
# licence (or the model's) starts with a blocklisted prefix are violations; allowed up to args.max_violations.
package verify

import data.scribe as scribe
import future.keywords.in

default allow = false

default asset := {}

asset = scribe.get_asset_data(input.evidence)

hits[entry] {
	comp := input.evidence.predicate.bom.components[_]
	lic := comp.licenses[_].license
	some prefix in input.config.args.blocklist
	name := object.get(lic, "id", object.get(lic, "name", ""))
	startswith(name, prefix)
	entry := {"component": comp.name, "license": name}
}

hits[entry] {
	comp := input.evidence.predicate.bom.metadata.component
	lic := comp.licenses[_].license
	some prefix in input.config.args.blocklist
	name := object.get(lic, "id", object.get(lic, "name", ""))
	startswith(name, prefix)
	entry := {"component": comp.name, "license": name}
}

allow {
	count(hits) <= input.config.args.max_violations
}

verify = v {
	v := {
		"allow": allow,
		"violation": {"type": "Banned licence", "details": [h | h := hits[_]]},
		"asset": asset,
		"summary": [{
			"allow": allow,
			"reason": sprintf("%d components with blocklisted licences, %d allowed", [count(hits), input.config.args.max_violations]),
			"violations": count(hits),
		}],
	}
}
