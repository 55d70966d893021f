// SelectManifestEvidence: only signatures that verify count; the newest verified statement that
// names the manifest digest decides; others are reported with a reason.
#include "verify/manifest_evidence.h"

#include <gtest/gtest.h>

#include "attestation/dsse_envelope.h"
#include "attestation/statement.h"
#include "keys/private_key.h"
#include "keys/signer.h"

namespace attestfs::verify {
namespace {

using keys::KeySigner;
using keys::KeyType;
using keys::PrivateKey;

std::string SignedStatement(const KeySigner& signer, const std::string& hex, const std::string& predicate_type) {
  attestation::Statement st;
  attestation::ResourceDescriptor rd;
  rd.name = "apps/serving";
  rd.digest["sha256"] = hex;
  st.subjects.push_back(rd);
  st.predicate_type = predicate_type;
  st.predicate_json = "{}";
  auto env = attestation::DsseEnvelope::Sign("application/vnd.in-toto+json", st.Serialize(), signer);
  EXPECT_TRUE(env.ok());
  return env->Serialize();
}

const digest::Digest kManifest = *digest::Digest::Parse("sha256:" + std::string(64, 'a'));

TEST(ManifestEvidenceTest, NewestVerifiedStatementNamingTheDigestDecides) {
  auto a = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(a.ok());
  keys::KeyTrustPolicy trust({a->Public()});
  KeySigner signer(std::move(a).value());
  std::vector<std::string> docs = {SignedStatement(signer, std::string(64, 'b'), "https://example.com/other"),
                                   SignedStatement(signer, kManifest.Hex(), "https://cyclonedx.org/bom"),
                                   SignedStatement(signer, kManifest.Hex(), "https://example.com/older")};
  auto got = SelectManifestEvidence(docs, kManifest, trust);
  ASSERT_TRUE(got.used.has_value());
  EXPECT_EQ(got.used->statement.predicate_type, "https://cyclonedx.org/bom");
  EXPECT_EQ(got.verified.size(), 3u);  // all three verified: the policy sees them all
  EXPECT_NE(got.reasons.find("no subject names manifest"), std::string::npos) << got.reasons;
}

TEST(ManifestEvidenceTest, ForeignSignaturesAndJunkNeverDecide) {
  auto a = PrivateKey::Generate(KeyType::kEcdsaP256);
  auto b = PrivateKey::Generate(KeyType::kEd25519);
  ASSERT_TRUE(a.ok() && b.ok());
  keys::KeyTrustPolicy trust({a->Public()});
  KeySigner foreign(std::move(b).value());
  std::vector<std::string> docs = {SignedStatement(foreign, kManifest.Hex(), "https://cyclonedx.org/bom"),
                                   "{\"payloadType\":\"x\"}", "not json"};
  auto got = SelectManifestEvidence(docs, kManifest, trust);
  EXPECT_FALSE(got.used.has_value());
  EXPECT_TRUE(got.verified.empty());
  EXPECT_FALSE(got.reasons.empty());
}

TEST(ManifestEvidenceTest, NoDocumentsNoEvidence) {
  auto a = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(a.ok());
  keys::KeyTrustPolicy trust({a->Public()});
  auto got = SelectManifestEvidence({}, kManifest, trust);
  EXPECT_FALSE(got.used.has_value());
  EXPECT_TRUE(got.verified.empty());
}

}  // namespace
}  // namespace attestfs::verify
