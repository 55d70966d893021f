// CheckArtifactSubject: a content statement that names an OCI manifest digest besides its
// content subject vouches for that manifest only (evidence re-pointed at another manifest by a
// registry with push access must not verify it); one that names none is bound by its content.
#include "verify/content_selection.h"

#include <gtest/gtest.h>

#include "attestation/statement.h"

namespace attestfs::verify {
namespace {

const std::string kContent = "sha256:" + std::string(64, 'c');
const digest::Digest kManifest = *digest::Digest::Parse("sha256:" + std::string(64, 'a'));
const digest::Digest kOther = *digest::Digest::Parse("sha256:" + std::string(64, 'b'));

attestation::Statement WithSubjects(const std::vector<std::string>& hexes) {
  attestation::Statement st;
  for (const auto& h : hexes) {
    attestation::ResourceDescriptor rd;
    rd.name = "models/m";
    rd.digest["sha256"] = h;
    st.subjects.push_back(rd);
  }
  return st;
}

TEST(ContentSelectionTest, StatementNamingTheManifestIsBoundToIt) {
  auto st = WithSubjects({kContent.substr(7), kManifest.Hex()});
  EXPECT_TRUE(CheckArtifactSubject(st, kContent, kManifest).ok());
}

TEST(ContentSelectionTest, StatementNamingAnotherManifestIsRefusedWithBothDigests) {
  auto st = WithSubjects({kContent.substr(7), kOther.Hex()});
  auto s = CheckArtifactSubject(st, kContent, kManifest);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(s.error().message().find(kOther.ToString()), std::string::npos);
  EXPECT_NE(s.error().message().find(kManifest.ToString()), std::string::npos);
}

TEST(ContentSelectionTest, StatementAboutContentOnlyIsNotBoundToAManifest) {
  auto st = WithSubjects({kContent.substr(7)});
  EXPECT_TRUE(CheckArtifactSubject(st, kContent, kManifest).ok());
}

TEST(ContentSelectionTest, NoSignedDocumentsIsAVerificationFailure) {
  keys::KeyTrustPolicy trust(std::vector<keys::PublicKey>{});
  auto got = SelectContentAttestation({}, trust, false, kManifest);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kVerificationFailed);
}

}  // namespace
}  // namespace attestfs::verify
