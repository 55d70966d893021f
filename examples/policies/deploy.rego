# Deploy gate in Rego (what examples/policies/deploy.yaml says with built-in rules): the release
# step's signed policy evaluation must exist, say passed, be signed by the expected key and be
# recent. Input: the newest attestfs policy-evaluation statement (input.evidence) and every
# verified attestation of the subject (input.attestations).
package attestfs.deploy

import rego.v1

evaluations := [a | some a in input.attestations; a.predicateType == "https://attestfs.dev/policy-evaluation/v1"]

deny contains "no signed release policy evaluation for this model" if count(evaluations) == 0

deny contains msg if {
	input.evidence.predicate.passed != true
	msg := sprintf("the release policy evaluation %s did not pass", [input.evidence_digest])
}

deny contains msg if {
	want := input.config.args.signer_key_ids
	count(want) > 0
	not input.signer.key_id in want
	msg := sprintf("the evaluation was signed by %s, not by a release key", [input.signer.description])
}

deny contains msg if {
	some a in evaluations
	a.digest == input.evidence_digest
	age := time.now_ns() - time.parse_rfc3339_ns(a.created)
	age > time.parse_duration_ns(input.config.args.max_age)
	msg := sprintf("the release evaluation is older than %s (created %s)", [input.config.args.max_age, a.created])
}
