# valint-style "artifact signed" rule (Rego v0): attestfs only hands a policy evidence whose
# signature verified, so the rule states it and names the signer.
package verify

import future.keywords.if

verify = v if {
	v := {
		"allow": input.signer.verified,
		"summary": [{"allow": input.signer.verified, "reason": sprintf("signed by %s", [input.signer.description]), "violations": 0}],
	}
}
