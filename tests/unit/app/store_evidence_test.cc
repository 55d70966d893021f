// CheckEvidenceInStore (what `copy --key` trusts) over an in-memory ArtifactStore: a ModelPack
// model with signed evidence as a referrer verifies file-for-layer; cosign's legacy .att tag
// counts too; another key, a referrer re-pointed at a manifest with an extra layer, and a
// config whose bytes do not match its digest are refused.
#include "app/store_evidence.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/evidence_builder.h"
#include "base/file_io.h"
#include "base/temp_dir.h"
#include "fakes/oci/memory_artifact_store.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/model_artifact.h"
#include "oci/referrer_artifact.h"
#include "targets/scanner.h"

namespace attestfs::app {
namespace {

constexpr int64_t kCreated = 1767323045;

class StoreEvidenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tmp = TempDir::Create("attestfs-store-evidence");
    ASSERT_TRUE(tmp.ok());
    tmp_ = std::move(*tmp);
    const std::string dir = tmp_.path() + "/m";
    std::filesystem::create_directories(dir);
    files_ = {{"weights.bin", std::string(50000, 'w')}, {"config.json", "{\"arch\":\"x\"}"}};
    for (const auto& [p, b] : files_) ASSERT_TRUE(WriteFileAtomic(dir + "/" + p, b).ok());
    auto scanned = targets::ScanTarget({targets::TargetSpec::Kind::kDir, dir}, {});
    ASSERT_TRUE(scanned.ok());
    scanned_ = std::move(*scanned);
    auto artifact = oci::BuildModelArtifact(dir, scanned_.manifest, {});
    ASSERT_TRUE(artifact.ok()) << artifact.error().message();
    store_.PutBlob(artifact->config.media_type, artifact->config_bytes);
    for (const auto& [p, b] : files_) store_.PutBlob("application/octet-stream", b);
    config_ = artifact->config;
    manifest_bytes_ = artifact->manifest_bytes;
    manifest_ = store_.PutManifest("v1", oci::kOciManifest, manifest_bytes_);
    auto key = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
    ASSERT_TRUE(key.ok());
    trust_ = std::make_unique<keys::KeyTrustPolicy>(std::vector<keys::PublicKey>{key->Public()});
    signer_ = std::make_unique<keys::KeySigner>(std::move(key).value());
  }

  // Signed CycloneDX evidence naming `manifest` as well as the content.
  std::string Envelope(const oci::Descriptor& manifest) {
    auto st = BuildContentStatement(scanned_, PredicateKind::kCycloneDx, "models/m", kCreated);
    EXPECT_TRUE(st.ok());
    attestation::ResourceDescriptor rd;
    rd.name = "models/m";
    rd.digest["sha256"] = manifest.digest.Hex();
    st->subjects.push_back(rd);
    predicate_type_ = st->predicate_type;
    auto bytes = SignStatement(*st, OutputKind::kAttest, *signer_);
    EXPECT_TRUE(bytes.ok());
    return *bytes;
  }

  void AttachReferrer(const oci::Descriptor& subject, const std::string& envelope) {
    auto r = oci::BuildDsseReferrer(subject, envelope, predicate_type_, kCreated);
    for (const auto& [d, b] : r.blobs) store_.PutBlob(d.media_type, b);
    store_.PutManifest("", r.manifest.media_type, r.manifest_bytes);
  }

  TempDir tmp_;
  std::vector<std::pair<std::string, std::string>> files_;
  targets::ScannedTarget scanned_;
  oci::testing::MemoryArtifactStore store_;
  oci::Descriptor config_, manifest_;
  std::string manifest_bytes_, predicate_type_;
  std::unique_ptr<keys::KeyTrustPolicy> trust_;
  std::unique_ptr<keys::KeySigner> signer_;
};

TEST_F(StoreEvidenceTest, ReferrerEvidenceVerifiesTheModelFileForLayer) {
  AttachReferrer(manifest_, Envelope(manifest_));
  auto checked = CheckEvidenceInStore(store_, "v1", *trust_);
  ASSERT_TRUE(checked.ok()) << checked.error().message();
  EXPECT_TRUE(checked->model);
  EXPECT_EQ(checked->files, 2u);
  EXPECT_EQ(checked->root.descriptor.digest, manifest_.digest);
}

TEST_F(StoreEvidenceTest, CosignLegacyAttTagCounts) {
  const std::string env = Envelope(manifest_);
  oci::Manifest att;
  att.config = store_.PutBlob("application/vnd.oci.image.config.v1+json", "{}");
  att.layers.push_back(store_.PutBlob("application/vnd.dsse.envelope.v1+json", env));
  store_.PutManifest(oci::CosignAttestationTag(manifest_.digest), oci::kOciManifest,
                     att.Serialize());
  auto checked = CheckEvidenceInStore(store_, "v1", *trust_);
  ASSERT_TRUE(checked.ok()) << checked.error().message();
  EXPECT_EQ(checked->files, 2u);
}

TEST_F(StoreEvidenceTest, AnotherKeyIsRefused) {
  AttachReferrer(manifest_, Envelope(manifest_));
  auto other = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  ASSERT_TRUE(other.ok());
  keys::KeyTrustPolicy wrong({other->Public()});
  auto checked = CheckEvidenceInStore(store_, "v1", wrong);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code(), Errc::kVerificationFailed);
}

TEST_F(StoreEvidenceTest, ReferrerRePointedAtAManifestWithAnExtraLayerIsRefused) {
  const std::string env = Envelope(manifest_);  // names the original manifest
  auto m = oci::Manifest::Parse(manifest_bytes_);
  ASSERT_TRUE(m.ok());
  m->layers.push_back(
      store_.PutBlob("application/vnd.cncf.model.weight.v1.raw", "#!/bin/sh\nevil\n"));
  const oci::Descriptor evil = store_.PutManifest("v1", oci::kOciManifest, m->Serialize());
  AttachReferrer(evil, env);
  auto checked = CheckEvidenceInStore(store_, "v1", *trust_);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code(), Errc::kVerificationFailed);
}

TEST_F(StoreEvidenceTest, ConfigNotMatchingItsDigestIsRefused) {
  AttachReferrer(manifest_, Envelope(manifest_));
  store_.Corrupt(config_.digest, std::string(config_.size, 'x'));
  auto checked = CheckEvidenceInStore(store_, "v1", *trust_);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code(), Errc::kVerificationFailed);
}

}  // namespace
}  // namespace attestfs::app
