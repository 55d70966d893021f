// app::VerifyArtifact without the CLI: a local tree signed into a store verifies and a changed
// file, another key or a usage mistake do not; a model pushed to the in-memory fake registry
// with its evidence attached as a referrer verifies file-for-layer, and the same model under a
// tag re-pointed at another manifest does not; the policy and signed evaluation travel in the
// result.
#include "app/verify_artifact.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/evidence_builder.h"
#include "app/oci_evidence.h"
#include "base/file_io.h"
#include "base/temp_dir.h"
#include "fakes/oci/fake_registry.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "oci/model_transfer.h"
#include "oci/registry_connection.h"
#include "policy/policy_file.h"
#include "store/attestation_store.h"
#include "targets/scanner.h"

namespace attestfs::app {
namespace {

constexpr int64_t kCreated = 1767323045;  // 2026-01-02T03:04:05Z

class VerifyArtifactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tmp = TempDir::Create("attestfs-app-test");
    ASSERT_TRUE(tmp.ok());
    tmp_ = std::move(*tmp);
    model_ = tmp_.path() + "/model";
    store_ = tmp_.path() + "/store";
    std::filesystem::create_directories(model_ + "/tok");
    ASSERT_TRUE(WriteFileAtomic(model_ + "/weights.bin", std::string(70000, 'w')).ok());
    ASSERT_TRUE(WriteFileAtomic(model_ + "/tok/vocab.txt", "a\nb\n").ok());
    auto key = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
    ASSERT_TRUE(key.ok());
    trust_ = std::make_unique<keys::KeyTrustPolicy>(std::vector<keys::PublicKey>{key->Public()});
    auto pem = key->ToPem(std::nullopt);
    ASSERT_TRUE(pem.ok());
    key_pem_ = *pem;
    signer_ = std::make_unique<keys::KeySigner>(std::move(key).value());
  }

  targets::TargetSpec Dir() const { return {targets::TargetSpec::Kind::kDir, model_}; }

  // Signs the model directory's CycloneDX evidence; `attach` also names its manifest.
  std::string SignModel(const OciAttachTarget* attach = nullptr) {
    auto scanned = targets::ScanTarget(Dir(), targets::ScanOptions{});
    EXPECT_TRUE(scanned.ok());
    auto st = BuildContentStatement(*scanned, PredicateKind::kCycloneDx, "models/m", kCreated);
    EXPECT_TRUE(st.ok());
    if (attach != nullptr) AddManifestSubject(*attach, &*st);
    auto bytes = SignStatement(*st, OutputKind::kAttest, *signer_);
    EXPECT_TRUE(bytes.ok());
    store::AttestationStore store(store_);
    EXPECT_TRUE(StoreSigned(store, *bytes, *st, OutputKind::kAttest).ok());
    if (attach != nullptr) {
      auto referrer = AttachEvidence(*attach, *bytes, *st, OutputKind::kAttest);
      EXPECT_TRUE(referrer.ok()) << referrer.error().message();
    }
    return *bytes;
  }

  VerifyRequest TreeRequest() const {
    VerifyRequest r;
    r.target = Dir();
    r.trust = trust_.get();
    r.store = store_;
    r.name = "models/m";  // the subject name it was signed under
    return r;
  }

  TempDir tmp_;
  std::string model_, store_, key_pem_;
  std::unique_ptr<keys::KeyTrustPolicy> trust_;
  std::unique_ptr<keys::KeySigner> signer_;
};

TEST_F(VerifyArtifactTest, SignedTreeVerifiesAndAChangedFileDoesNot) {
  SignModel();
  auto ok = VerifyArtifact(TreeRequest());
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_TRUE(ok->verified) << ok->reason;
  EXPECT_EQ(ok->kind, VerifyResult::Kind::kTree);
  ASSERT_TRUE(ok->used.has_value());
  EXPECT_EQ(ok->verified_docs.size(), 1u);
  ASSERT_TRUE(ok->tree.has_value());
  EXPECT_TRUE(ok->tree->differences.empty());

  ASSERT_TRUE(WriteFileAtomic(model_ + "/tok/vocab.txt", "a\nc\n").ok());
  auto changed = VerifyArtifact(TreeRequest());
  ASSERT_TRUE(changed.ok()) << changed.error().message();
  EXPECT_FALSE(changed->verified);
  EXPECT_EQ(changed->failure, Errc::kVerificationFailed);
  ASSERT_EQ(changed->tree->differences.size(), 1u);
  EXPECT_EQ(changed->tree->differences[0].path, "tok/vocab.txt");
}

TEST_F(VerifyArtifactTest, AnotherKeyDoesNotVerify) {
  SignModel();
  auto other = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  ASSERT_TRUE(other.ok());
  keys::KeyTrustPolicy wrong({other->Public()});
  VerifyRequest r = TreeRequest();
  r.trust = &wrong;
  auto res = VerifyArtifact(r);
  ASSERT_TRUE(res.ok()) << res.error().message();
  EXPECT_FALSE(res->verified);
  EXPECT_TRUE(res->verified_docs.empty());
}

TEST_F(VerifyArtifactTest, UsageMistakesAreErrorsNotVerdicts) {
  VerifyRequest r = TreeRequest();
  r.sign.key = "k.pem";  // signing an evaluation needs a policy
  auto no_policy = VerifyArtifact(r);
  ASSERT_FALSE(no_policy.ok());
  EXPECT_EQ(no_policy.error().code(), Errc::kUsage);
  VerifyRequest reg = TreeRequest();
  reg.target = {targets::TargetSpec::Kind::kRegistry, "127.0.0.1:1/m:v1"};
  reg.exclude = {"*.txt"};
  EXPECT_EQ(VerifyArtifact(reg).error().code(), Errc::kUsage);
  VerifyRequest none = TreeRequest();
  none.trust = nullptr;
  EXPECT_EQ(VerifyArtifact(none).error().code(), Errc::kUsage);
}

TEST_F(VerifyArtifactTest, PolicyDecisionAndSignedEvaluationAreInTheResult) {
  SignModel();
  const std::string yaml =
      "policies:\n  - name: p\n    rules:\n      - name: bias\n"
      "        uses: required-evidence\n"
      "        with: { predicate-type: https://example.com/bias/v1 }\n";
  auto pf = policy::PolicyFile::Parse(yaml, "p.yaml", tmp_.path());
  ASSERT_TRUE(pf.ok()) << pf.error().message();
  VerifyRequest r = TreeRequest();
  r.policy = &*pf;
  auto denied = VerifyArtifact(r);
  ASSERT_TRUE(denied.ok()) << denied.error().message();
  EXPECT_TRUE(denied->verified);
  ASSERT_TRUE(denied->decision.has_value());
  EXPECT_FALSE(denied->PolicyOk());

  ASSERT_TRUE(WriteFileAtomic(tmp_.path() + "/sign.key", key_pem_).ok());
  r.sign.key = tmp_.path() + "/sign.key";
  r.sign.output = "attest";
  auto signed_eval = VerifyArtifact(r);
  ASSERT_TRUE(signed_eval.ok()) << signed_eval.error().message();
  ASSERT_TRUE(signed_eval->evaluation.has_value());
  EXPECT_EQ(signed_eval->evaluation_store, store_);
  EXPECT_TRUE(signed_eval->evaluation_referrer.empty());  // local targets attach nothing
}

TEST_F(VerifyArtifactTest, RegistryModelIsBoundToTheManifestItsEvidenceNames) {
  oci::testing::FakeRegistry registry;
  oci::ConnectionOptions co;
  co.plain_http = true;
  oci::RegistryConnection conn(co);
  auto ref = oci::Reference::Parse(registry.host() + "/models/m:v1");
  ASSERT_TRUE(ref.ok());
  auto scanned = targets::ScanTarget(Dir(), targets::ScanOptions{});
  ASSERT_TRUE(scanned.ok());
  auto pushed = oci::PushModel(conn.registry(), model_, scanned->manifest, *ref);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  auto attach = ResolveAttachTarget(conn, ref->ToString());
  ASSERT_TRUE(attach.ok()) << attach.error().message();
  SignModel(&*attach);

  VerifyRequest r;
  r.target = {targets::TargetSpec::Kind::kRegistry, ref->ToString()};
  r.trust = trust_.get();
  r.registry = &conn;
  r.store = store_;
  auto ok = VerifyArtifact(r);
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_TRUE(ok->verified) << ok->reason;
  EXPECT_EQ(ok->kind, VerifyResult::Kind::kModel);
  EXPECT_EQ(ok->files, 2u);
  EXPECT_EQ(ok->manifest.digest, pushed->manifest.digest);

  // The tag re-pointed at another artifact: the evidence names the first manifest only.
  ASSERT_TRUE(WriteFileAtomic(model_ + "/extra.sh", "#!/bin/sh\n").ok());
  auto rescanned = targets::ScanTarget(Dir(), targets::ScanOptions{});
  ASSERT_TRUE(rescanned.ok());
  ASSERT_TRUE(oci::PushModel(conn.registry(), model_, rescanned->manifest, *ref).ok());
  auto moved = VerifyArtifact(r);
  ASSERT_TRUE(moved.ok()) << moved.error().message();
  EXPECT_FALSE(moved->verified);
  EXPECT_NE(moved->manifest.digest, pushed->manifest.digest);

  VerifyRequest no_conn = r;
  no_conn.registry = nullptr;
  EXPECT_FALSE(VerifyArtifact(no_conn).ok());
}

}  // namespace
}  // namespace attestfs::app
