// RFC 6962 / RFC 9162 Merkle trees over SHA-256: leaf and node hashes, and the inclusion proof
// check of RFC 9162 section 2.1.3.2 (audit path from a leaf at `index` in a tree of `size`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::sigstore {

std::string MerkleLeafHash(std::string_view leaf);                          // H(0x00 || leaf)
std::string MerkleNodeHash(std::string_view left, std::string_view right);  // H(0x01 || l || r)

// The root the audit path leads to; kVerificationFailed when index >= size, a hash is not 32
// bytes, or the path has the wrong length for (index, size).
Result<std::string> RootFromInclusionProof(uint64_t index, uint64_t size,
                                           std::string_view leaf_hash,
                                           const std::vector<std::string>& proof);

// RootFromInclusionProof compared with `root`: "computed root X != expected root Y" (hex).
Status VerifyInclusionProof(uint64_t index, uint64_t size, std::string_view leaf_hash,
                            const std::vector<std::string>& proof, std::string_view root);

}  // namespace attestfs::sigstore
