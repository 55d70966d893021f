// Test-only reference Merkle tree from RFC 6962's recursive definitions: MTH (the root of
// leaves[lo, hi)) and PATH (the audit path of leaf m), to make proofs the verifier must accept.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sigstore/merkle.h"

namespace attestfs::sigstore::testing {

inline uint64_t SplitPoint(uint64_t n) {  // largest power of two < n
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

inline std::string Mth(const std::vector<std::string>& leaves, uint64_t lo, uint64_t hi) {
  uint64_t n = hi - lo;
  if (n == 1) return MerkleLeafHash(leaves[lo]);
  uint64_t k = SplitPoint(n);
  return MerkleNodeHash(Mth(leaves, lo, lo + k), Mth(leaves, lo + k, hi));
}

// RFC 6962 2.1.1 PATH(m, D[lo:hi]).
inline std::vector<std::string> Path(const std::vector<std::string>& leaves, uint64_t m,
                                     uint64_t lo, uint64_t hi) {
  uint64_t n = hi - lo;
  if (n == 1) return {};
  uint64_t k = SplitPoint(n);
  std::vector<std::string> out;
  if (m < k) {
    out = Path(leaves, m, lo, lo + k);
    out.push_back(Mth(leaves, lo + k, hi));
  } else {
    out = Path(leaves, m - k, lo + k, hi);
    out.push_back(Mth(leaves, lo, lo + k));
  }
  return out;
}

}  // namespace attestfs::sigstore::testing
