// Newest-first order of verified evidence by its signed creation time (the statement's
// attestfs.dev/created subject annotation, Statement::CreatedAt). Store index entries and
// referrer manifest annotations also carry a `created`, but nobody signed those: they may order
// the documents to try, never decide which verified evidence is the newest.
#pragma once

#include <vector>

#include "attestation/statement.h"
#include "verify/signed_attestation.h"

namespace attestfs::verify {

// True when `a` was signed as created later than `b`; a statement without a signed creation
// time is older than any with one. Equal times compare false (callers keep a stable order).
bool SignedNewer(const attestation::Statement& a, const attestation::Statement& b);

// Stable sort, newest signed creation time first; ties keep their input order.
void SortNewestSignedFirst(std::vector<VerifiedAttestation>& verified);

}  // namespace attestfs::verify
