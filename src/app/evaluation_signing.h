// Signing a policy evaluation as evidence (`verify --policy P --sign-key K -o attest|bundle`, or
// `-o bundle --sign-keyless` with Sigstore keyless signing):
// the Decision becomes a statement of predicate type attestation::kPolicyEvaluationPredicate over
// the evaluated subject, signed, kept in the local store and — for registry targets — attached as a
// referrer of the evaluated manifest, so a deploy step can require it with required-evidence.
#pragma once

#include <optional>
#include <string>

#include "app/evidence_builder.h"
#include "app/keyless_signing.h"
#include "attestation/statement.h"
#include "base/result.h"
#include "policy/decision.h"
#include "store/attestation_store.h"

namespace attestfs::app {

struct SignEvaluationFlags {
  std::string key;                               // --sign-key PRIVATE.pem
  std::string cert;                              // --sign-cert CHAIN.pem (bundle only)
  std::string output;                            // -o attest | bundle
  std::optional<KeylessSigningRequest> keyless;  // --sign-keyless (-o bundle, no key/cert)
  bool Wanted() const { return !key.empty() || keyless.has_value(); }
  // kUsage for an -o other than attest/bundle, -o / --sign-cert without --sign-key or
  // --sign-keyless, or keyless with a key, a certificate or -o attest.
  Status Validate() const;
};

struct SignedEvaluation {
  std::string bytes;                 // the envelope or bundle
  std::string digest;                // "sha256:<hex>" of bytes
  attestation::Statement statement;  // what was signed
  OutputKind kind = OutputKind::kAttest;
};

// Signs `decision` and stores it in `store`.
Result<SignedEvaluation> SignEvaluation(const policy::Decision& decision,
                                        const SignEvaluationFlags& flags,
                                        const store::AttestationStore& store);

}  // namespace attestfs::app
