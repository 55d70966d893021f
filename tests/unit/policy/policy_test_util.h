// Test helpers for the policy engine: a fixed clock, temp directories with policy files,
// real evidence built with attestfs' own codecs (CycloneDX, model-signing, runtime trace),
// and signing/verification through PolicyTrust so "verified" is earned, not asserted.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "attestation/file_manifest.h"
#include "attestation/predicates/model_signing.h"
#include "attestation/statement.h"
#include "base/clock.h"
#include "digest/sha256_hasher.h"
#include "keys/private_key.h"
#include "policy/evaluator.h"
#include "policy/evidence_item.h"
#include "policy/policy_file.h"
#include "sbom/cyclonedx_bom.h"

namespace attestfs::policy::test_util {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t now) : now_(now) {}
  int64_t NowUnixSeconds() const override { return now_; }

 private:
  int64_t now_;
};

// 2026-11-25T00:00:00Z
inline constexpr int64_t kNow = 1795564800;
inline constexpr int64_t kDay = 86400;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "afs-policy-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    path_ = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::string path_;
};

inline attestation::FileEntry File(const std::string& path, bool executable = false) {
  attestation::FileEntry f;
  f.path = path;
  f.size = path.size();
  f.sha256 = digest::Sha256("content of " + path);
  f.executable = executable;
  return f;
}

inline attestation::FileEntry Symlink(const std::string& path, const std::string& target) {
  attestation::FileEntry f = File(path);
  f.type = attestation::FileEntry::Type::kSymlink;
  f.link_target = target;
  return f;
}

inline attestation::FileManifest Manifest(std::vector<attestation::FileEntry> files) {
  attestation::FileManifest m;
  m.files = std::move(files);
  m.Sort();
  return m;
}

inline attestation::FileManifest SafeModel() {
  return Manifest(
      {File("config.json"), File("model.safetensors"), File("README.md"), File("tokenizer.json")});
}

inline attestation::Statement StatementFor(std::string predicate_type, std::string predicate_json,
                                           std::optional<int64_t> created) {
  attestation::Statement st;
  attestation::ResourceDescriptor rd;
  rd.name = "tiny-model";
  rd.digest["sha256"] = digest::Sha256("tiny-model").Hex();
  if (created)
    rd.annotations[std::string(attestation::kCreatedAnnotation)] = FormatRfc3339(*created);
  st.subjects.push_back(std::move(rd));
  st.predicate_type = std::move(predicate_type);
  st.predicate_json = std::move(predicate_json);
  return st;
}

// A CycloneDX ML-BOM statement made by attestfs' own writer from a model card.
inline attestation::Statement BomStatement(const std::string& card_license,
                                           const attestation::FileManifest& m = SafeModel(),
                                           int64_t created = kNow - kDay,
                                           const std::string& extra_card = "") {
  sbom::BomContext ctx;
  ctx.kind = sbom::BomContext::Kind::kModel;
  ctx.name = "tiny-model";
  ctx.readme_text = "---\nlicense: " + card_license + "\n" + extra_card + "---\n# tiny model\n";
  ctx.created_unix = created;
  ctx.serial_uuid = "3e671687-395b-41f5-a30f-a58921a69b79";
  auto bom = sbom::BuildCycloneDx(m, ctx);
  EXPECT_TRUE(bom.ok()) << (bom.ok() ? "" : bom.error().message());
  return StatementFor(std::string(attestation::kCycloneDxPredicate), bom.ok() ? *bom : "{}",
                      created);
}

inline attestation::Statement ModelSigningStatement(const attestation::FileManifest& m,
                                                    int64_t created = kNow - kDay) {
  return StatementFor(std::string(attestation::kModelSigningPredicate),
                      attestation::predicates::BuildModelSigningPredicate(m), created);
}

// Evidence verified by an (unnamed) trusted key: the common case for non-signer rules.
inline EvidenceItem Verified(attestation::Statement st, const std::string& key_id = "test-key") {
  EvidenceItem item;
  item.digest = digest::Sha256(st.Serialize()).ToString();
  item.statement = std::move(st);
  item.signature_verified = true;
  item.signer.key_id = key_id;
  item.signer.description = "key " + key_id;
  return item;
}

inline EvidenceItem Unverified(attestation::Statement st) {
  EvidenceItem item = Verified(std::move(st));
  item.signature_verified = false;
  item.signer = {};
  return item;
}

inline EvaluationInput Input(std::vector<EvidenceItem> evidence) {
  EvaluationInput in;
  in.subject_name = "tiny-model";
  in.subject_digest = digest::Sha256("tiny-model").ToString();
  in.evidence = std::move(evidence);
  return in;
}

// Parses a policy from text (relative paths against `dir`); fails the test on error.
inline PolicyFile MustParse(const std::string& yaml, const std::string& dir = "") {
  auto p = PolicyFile::Parse(yaml, "test.yaml", dir);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message());
  if (!p.ok())
    return *PolicyFile::Parse(
        "policies: [{name: empty, rules: [{name: x, uses: max-age, with: {max: 1d}, enable: "
        "false}]}]",
        "x", "");
  return std::move(*p);
}

// One-rule policy text.
inline std::string OneRule(const std::string& uses, const std::string& with,
                           const std::string& extra = "") {
  return "policies:\n  - name: p\n    rules:\n      - name: r\n        uses: " + uses +
         "\n        with: " + with + "\n" + extra;
}

inline Decision Eval(const PolicyFile& p, std::vector<EvidenceItem> evidence, int64_t now = kNow) {
  FixedClock clock(now);
  return Evaluate(p, Input(std::move(evidence)), clock);
}

}  // namespace attestfs::policy::test_util
