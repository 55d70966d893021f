# valint-style freshness rule (Rego v0, no import of data.scribe: the builtin is used): the
# BOM's metadata.timestamp must be at most args.max_days old.
package verify

default allow = false

asset = scribe.get_asset_data(input.evidence)

day_ns = ((24 * 60) * 60) * 1000000000

age_ns = time.now_ns() - time.parse_rfc3339_ns(input.evidence.predicate.bom.metadata.timestamp)

allow {
	age_ns <= input.config.args.max_days * day_ns
}

reason = "BOM is fresh" {
	allow
}

reason = msg {
	not allow
	msg := sprintf("BOM is %d days old, limit %d", [age_ns / day_ns, input.config.args.max_days])
}

verify = {"allow": allow, "asset": asset, "summary": [{"allow": allow, "reason": reason}]}
