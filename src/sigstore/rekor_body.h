// Rekor entry bodies against the bundle: the log entry must record the bundle's own signature,
// the same certificate (or public key), and the same artefact digest or DSSE payload. Kinds:
// Rekor v1 hashedrekord 0.0.1, intoto 0.0.2, dsse 0.0.1; Rekor v2 hashedrekord 0.0.2 (for DSSE,
// over the PAE) and dsse 0.0.2.
#pragma once

#include <string>

#include "attestation/dsse_envelope.h"
#include "base/result.h"
#include "sigstore/tlog_entry.h"

namespace attestfs::sigstore {

// What the bundle says was signed, to compare with the entry.
struct SignedContent {
  std::string signature;        // raw signature bytes
  std::string artifact_digest;  // raw SHA-256 of the artefact (message signatures)
  const attestation::DsseEnvelope* dsse = nullptr;  // DSSE bundles
  std::string verifier_der;  // the leaf certificate (DER) or the public key (DER SPKI)
  bool verifier_is_certificate = true;
};

// kVerificationFailed "tlog entry (<kind> <version>): <what differs>"; kMalformed for a body that
// does not parse; kUnsupported for an unknown kind.
Status CheckRekorBody(const TlogEntry& entry, const SignedContent& content);

}  // namespace attestfs::sigstore
