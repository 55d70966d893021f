// RegoInput: the `input` document a `uses: rego` rule evaluates, built from the verified
// evidence the caller handed the policy engine (the same contract valint policies read):
//   input.evidence      the selected statement (newest the rule's filter accepted); for a
//                       CycloneDX predicate also input.evidence.predicate.bom (valint's place)
//   input.config.args   the rule's `with.args`
//   input.signer        who signed the selected evidence (key id or certificate identity)
//   input.subject       {name, digest} of the artefact
//   input.attestations  every evidence item whose signature verified
//   input.trace         the newest verified runtime-trace predicate, when there is one
#pragma once

#include <vector>

#include "base/result.h"
#include "policy/evidence_item.h"
#include "rego/value.h"

namespace attestfs::policy {

// `selected` may be null (no evidence matched); `args` is the rule's args object (or null).
Result<rego::Value> BuildRegoInput(const EvaluationInput& input, const EvidenceItem* selected,
                                   const rego::Value& args);

// The statement as a Rego value ({_type, subject, predicateType, predicate}), with
// predicate.bom added for CycloneDX predicates.
Result<rego::Value> StatementValue(const attestation::Statement& statement);

}  // namespace attestfs::policy
