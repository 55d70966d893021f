// The in-toto predicate type URIs attestfs writes and reads: the one definition of each. Modules
// that build or read a predicate (sbom, policy, verify, image, fuse, cli) name these constants
// and never repeat the URI. Evidence filters match them by prefix (policy/rule.h), so a reader
// written against "https://cyclonedx.org/bom" also takes ".../bom/v1.6".
#pragma once

#include <string_view>

namespace attestfs::attestation {

// CycloneDX BOM (the ML-BOM of a model, the image SBOM).
inline constexpr std::string_view kCycloneDxPredicate = "https://cyclonedx.org/bom";
// OpenSSF model-signing v1.0 manifest.
inline constexpr std::string_view kModelSigningPredicate = "https://model_signing/signature/v1.0";
// model_signing before v1.0 (v0.2.0 .. v0.3.x): one subject per file (name = path, sha256
// digest), an unused predicate.
inline constexpr std::string_view kModelSigningDigestsV01Predicate =
    "https://model_signing/Digests/v0.1";
// in-toto runtime-trace v0.1: a mount's access trace (built by fuse/runtime_trace.h, signed by
// `attestfs trace sign`, read by policy's trace rule).
inline constexpr std::string_view kRuntimeTracePredicate =
    "https://in-toto.io/attestation/runtime-trace/v0.1";
// attestfs's signed record of a policy evaluation (policy/evaluation_predicate.h).
inline constexpr std::string_view kPolicyEvaluationPredicate =
    "https://attestfs.dev/policy-evaluation/v1";

}  // namespace attestfs::attestation
