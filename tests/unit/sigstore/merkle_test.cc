// RFC 9162 inclusion proofs against a reference Merkle tree built here from RFC 6962's recursive
// definitions (MTH and PATH), for every index of every tree up to 33 leaves.
#include "sigstore/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/sigstore/merkle_reference.h"

namespace attestfs::sigstore {
namespace {

using testing::Mth;
using testing::Path;

TEST(MerkleTest, EveryIndexOfTreesUpTo33Leaves) {
  std::vector<std::string> leaves;
  for (int i = 0; i < 33; ++i) leaves.push_back("leaf " + std::to_string(i));
  for (uint64_t size = 1; size <= leaves.size(); ++size) {
    std::string root = Mth(leaves, 0, size);
    for (uint64_t i = 0; i < size; ++i) {
      auto proof = Path(leaves, i, 0, size);
      EXPECT_TRUE(VerifyInclusionProof(i, size, MerkleLeafHash(leaves[i]), proof, root).ok())
          << "index " << i << " size " << size;
    }
  }
}

TEST(MerkleTest, RejectsCorruptedHashWrongLeafAndWrongShape) {
  std::vector<std::string> leaves;
  for (int i = 0; i < 11; ++i) leaves.push_back("entry " + std::to_string(i));
  std::string root = Mth(leaves, 0, 11);
  auto proof = Path(leaves, 6, 0, 11);
  ASSERT_TRUE(VerifyInclusionProof(6, 11, MerkleLeafHash(leaves[6]), proof, root).ok());

  auto bad = proof;
  bad[1][0] ^= 1;
  Status st = VerifyInclusionProof(6, 11, MerkleLeafHash(leaves[6]), bad, root);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("computed root"), std::string::npos);

  EXPECT_FALSE(VerifyInclusionProof(6, 11, MerkleLeafHash(leaves[7]), proof, root).ok());
  EXPECT_FALSE(VerifyInclusionProof(5, 11, MerkleLeafHash(leaves[6]), proof, root).ok());
  auto longer = proof;
  longer.push_back(root);
  EXPECT_FALSE(VerifyInclusionProof(6, 11, MerkleLeafHash(leaves[6]), longer, root).ok());
  auto shorter = proof;
  shorter.pop_back();
  EXPECT_FALSE(VerifyInclusionProof(6, 11, MerkleLeafHash(leaves[6]), shorter, root).ok());
  EXPECT_FALSE(VerifyInclusionProof(11, 11, MerkleLeafHash(leaves[6]), proof, root).ok());
  auto short_hash = proof;
  short_hash[0].resize(31);
  EXPECT_FALSE(VerifyInclusionProof(6, 11, MerkleLeafHash(leaves[6]), short_hash, root).ok());
}

TEST(MerkleTest, SingleLeafTreeHasEmptyProof) {
  std::string leaf = MerkleLeafHash("only");
  EXPECT_TRUE(VerifyInclusionProof(0, 1, leaf, {}, leaf).ok());
  EXPECT_FALSE(VerifyInclusionProof(0, 1, leaf, {leaf}, leaf).ok());
}

}  // namespace
}  // namespace attestfs::sigstore
