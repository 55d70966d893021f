// Building and signing evidence: a scanned target -> predicate (CycloneDX or model-signing) ->
// in-toto Statement (subject = target name + model-signing digest, signed creation time) ->
// DSSE envelope or Sigstore bundle -> local store.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "attestation/statement.h"
#include "base/clock.h"
#include "base/result.h"
#include "keys/signer.h"
#include "store/attestation_store.h"
#include "targets/scanner.h"

namespace attestfs::app {

enum class PredicateKind { kCycloneDx, kModelSigning };
enum class OutputKind { kPredicate, kStatement, kAttest, kBundle };

Result<PredicateKind> ParsePredicateKind(const std::string& text);
Result<OutputKind> ParseOutputKind(const std::string& text);  // "" = predicate

// The subject descriptor for a scanned target.
attestation::ResourceDescriptor SubjectFor(const targets::ScannedTarget& target,
                                           const std::string& name, int64_t created_unix);

Result<attestation::Statement> BuildContentStatement(const targets::ScannedTarget& target,
                                                     PredicateKind kind, const std::string& name,
                                                     int64_t created_unix);

// The creation time signed into new evidence: SOURCE_DATE_EPOCH (reproducible-builds.org) when
// set to a non-negative integer, else the clock. kUsage for a malformed SOURCE_DATE_EPOCH.
Result<int64_t> EvidenceCreationTime(const Clock& clock);

// Loads PRIVATE.pem (password from ATTESTFS_PASSWORD) and an optional PEM chain (leaf first).
// The leaf must be valid at `clock`'s now — the time the signature is made, whatever
// SOURCE_DATE_EPOCH puts in the statement; verifiers would refuse it otherwise
// (kInvalidArgument naming the certificate's validity window).
Result<std::unique_ptr<keys::Signer>> LoadSigner(const std::string& key_path,
                                                 const std::string& cert_path, const Clock& clock);

// Serializes and signs: kAttest -> DSSE envelope JSON, kBundle -> Sigstore bundle JSON.
// kTooLarge, naming the size and kMaxDocumentBytes, when verify would refuse the result.
Result<std::string> SignStatement(const attestation::Statement& statement, OutputKind kind,
                                  const keys::Signer& signer);

// Indexes the signed bytes in the store (the statement is ours, just signed).
Result<store::StoreEntry> StoreSigned(const store::AttestationStore& store,
                                      const std::string& bytes,
                                      const attestation::Statement& statement, OutputKind kind);

}  // namespace attestfs::app
