// Issue 9 item 14: which evidence is "newest" is decided after signature verification, from the
// signed creation time (the statement's attestfs.dev/created annotation), never from the order
// of the input (a store index or referrer annotations nobody signed). Ties keep the input order.
#include <gtest/gtest.h>

#include "attestation/dsse_envelope.h"
#include "attestation/file_manifest.h"
#include "attestation/predicates/model_signing.h"
#include "attestation/statement.h"
#include "base/clock.h"
#include "digest/sha256_hasher.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "verify/content_selection.h"
#include "verify/manifest_evidence.h"

namespace attestfs::verify {
namespace {

using attestation::FileEntry;
using attestation::FileManifest;

struct Signing {
  keys::KeySigner signer;
  keys::KeyTrustPolicy trust;
};

Signing NewSigning() {
  auto key = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  EXPECT_TRUE(key.ok());
  keys::KeyTrustPolicy trust({key->Public()});
  return Signing{keys::KeySigner(std::move(key).value()), std::move(trust)};
}

// A model-signing content statement over one file whose content is `text`, created at `created`
// (no annotation when created < 0).
std::string ContentEvidence(const keys::KeySigner& signer, const std::string& text,
                            int64_t created) {
  FileManifest m;
  m.files.push_back(
      FileEntry{.path = "model.bin", .size = text.size(), .sha256 = digest::Sha256(text)});
  attestation::Statement st;
  attestation::ResourceDescriptor rd;
  rd.name = "model";
  rd.digest["sha256"] = m.SubjectDigest().Hex();
  if (created >= 0) {
    rd.annotations[std::string(attestation::kCreatedAnnotation)] = FormatRfc3339(created);
  }
  st.subjects.push_back(rd);
  st.predicate_type = std::string(attestation::kModelSigningPredicate);
  st.predicate_json = attestation::predicates::BuildModelSigningPredicate(m);
  auto env =
      attestation::DsseEnvelope::Sign("application/vnd.in-toto+json", st.Serialize(), signer);
  EXPECT_TRUE(env.ok());
  return env->Serialize();
}

std::string ManifestEvidence(const keys::KeySigner& signer, const digest::Digest& manifest,
                             const std::string& predicate_type, int64_t created) {
  attestation::Statement st;
  attestation::ResourceDescriptor rd;
  rd.name = "apps/serving";
  rd.digest["sha256"] = manifest.Hex();
  rd.annotations[std::string(attestation::kCreatedAnnotation)] = FormatRfc3339(created);
  st.subjects.push_back(rd);
  st.predicate_type = predicate_type;
  st.predicate_json = "{}";
  auto env =
      attestation::DsseEnvelope::Sign("application/vnd.in-toto+json", st.Serialize(), signer);
  EXPECT_TRUE(env.ok());
  return env->Serialize();
}

constexpr int64_t kOlder = 1700000000;
constexpr int64_t kNewer = 1800000000;

TEST(SignedTimeOrderTest, ContentSelectionTakesTheNewestSignedTimeNotTheFirstDocument) {
  Signing s = NewSigning();
  // The input (e.g. a store index that lies about `created`) lists the older evidence first.
  std::vector<std::string> docs = {ContentEvidence(s.signer, "old weights", kOlder),
                                   ContentEvidence(s.signer, "new weights", kNewer)};
  auto got = SelectContentAttestation(docs, s.trust, /*require_full=*/false);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(got->attestation.statement.CreatedAt(), kNewer);
  ASSERT_EQ(got->content.manifest.files.size(), 1u);
  EXPECT_EQ(got->content.manifest.files[0].sha256, digest::Sha256("new weights"));
  // Every verified document is still returned, newest signed first.
  ASSERT_EQ(got->verified.size(), 2u);
  EXPECT_EQ(got->verified[0].statement.CreatedAt(), kNewer);
}

TEST(SignedTimeOrderTest, ContentSelectionKeepsInputOrderOnTiesAndPutsUndatedLast) {
  Signing s = NewSigning();
  std::vector<std::string> tie = {ContentEvidence(s.signer, "first", kOlder),
                                  ContentEvidence(s.signer, "second", kOlder)};
  auto got = SelectContentAttestation(tie, s.trust, false);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(got->content.manifest.files[0].sha256, digest::Sha256("first"));

  std::vector<std::string> undated_first = {ContentEvidence(s.signer, "undated", -1),
                                            ContentEvidence(s.signer, "dated", kOlder)};
  got = SelectContentAttestation(undated_first, s.trust, false);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(got->content.manifest.files[0].sha256, digest::Sha256("dated"));
}

TEST(SignedTimeOrderTest, ManifestEvidenceTakesTheNewestSignedTime) {
  Signing s = NewSigning();
  const digest::Digest manifest = *digest::Digest::Parse("sha256:" + std::string(64, 'a'));
  std::vector<std::string> docs = {
      ManifestEvidence(s.signer, manifest, "https://example.com/older", kOlder),
      ManifestEvidence(s.signer, manifest, "https://example.com/newer", kNewer)};
  auto got = SelectManifestEvidence(docs, manifest, s.trust);
  ASSERT_TRUE(got.used.has_value());
  EXPECT_EQ(got.used->statement.predicate_type, "https://example.com/newer");
}

}  // namespace
}  // namespace attestfs::verify
