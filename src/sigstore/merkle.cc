// RFC 9162 2.1.3.2 inclusion proof verification.
#include "sigstore/merkle.h"

#include "digest/digest.h"
#include "digest/sha256_hasher.h"

namespace attestfs::sigstore {

std::string MerkleLeafHash(std::string_view leaf) {
  digest::Sha256Hasher h;
  const char zero = 0;
  h.Update(&zero, 1);
  h.Update(leaf);
  return std::string(h.Finish().Raw());
}

std::string MerkleNodeHash(std::string_view left, std::string_view right) {
  digest::Sha256Hasher h;
  const char one = 1;
  h.Update(&one, 1);
  h.Update(left);
  h.Update(right);
  return std::string(h.Finish().Raw());
}

Result<std::string> RootFromInclusionProof(uint64_t index, uint64_t size,
                                           std::string_view leaf_hash,
                                           const std::vector<std::string>& proof) {
  if (index >= size) {
    return Error(
        Errc::kVerificationFailed,
        "index " + std::to_string(index) + " is not below the tree size " + std::to_string(size));
  }
  if (leaf_hash.size() != 32) return Error(Errc::kVerificationFailed, "leaf hash is not 32 bytes");
  uint64_t fn = index, sn = size - 1;
  std::string r(leaf_hash);
  for (const auto& p : proof) {
    if (p.size() != 32) return Error(Errc::kVerificationFailed, "a proof hash is not 32 bytes");
    if (sn == 0) return Error(Errc::kVerificationFailed, "proof has too many hashes");
    if ((fn & 1) == 1 || fn == sn) {
      r = MerkleNodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Error(Errc::kVerificationFailed, "proof has too few hashes");
  return r;
}

Status VerifyInclusionProof(uint64_t index, uint64_t size, std::string_view leaf_hash,
                            const std::vector<std::string>& proof, std::string_view root) {
  AFS_ASSIGN_OR_RETURN(std::string computed, RootFromInclusionProof(index, size, leaf_hash, proof));
  if (computed != root) {
    return Error(Errc::kVerificationFailed, "computed root " + digest::HexEncode(computed) +
                                                " != expected root " + digest::HexEncode(root));
  }
  return OkStatus();
}

}  // namespace attestfs::sigstore
