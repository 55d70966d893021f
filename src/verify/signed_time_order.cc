// SignedNewer / SortNewestSignedFirst over Statement::CreatedAt.
#include "verify/signed_time_order.h"

#include <algorithm>

namespace attestfs::verify {

bool SignedNewer(const attestation::Statement& a, const attestation::Statement& b) {
  const auto ta = a.CreatedAt();
  const auto tb = b.CreatedAt();
  if (!ta) return false;
  if (!tb) return true;
  return *ta > *tb;
}

void SortNewestSignedFirst(std::vector<VerifiedAttestation>& verified) {
  std::stable_sort(verified.begin(), verified.end(),
                   [](const VerifiedAttestation& a, const VerifiedAttestation& b) {
                     return SignedNewer(a.statement, b.statement);
                   });
}

}  // namespace attestfs::verify
