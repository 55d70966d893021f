// Signed-note checkpoints made here with ECDSA (Rekor v1 style, hint = log id prefix) and Ed25519
// (Rekor v2 style) keys: parse, verify, witness cosignatures ignored, and the rejections.
#include "sigstore/checkpoint.h"

#include <gtest/gtest.h>

#include "digest/base64.h"
#include "unit/sigstore/test_keys.h"

namespace attestfs::sigstore {
namespace {

using testing::Sha256Raw;
using testing::TestKey;

const std::string kDash = "\xE2\x80\x94 ";

struct Log {
  TestKey key;
  TransparencyLog log;
  explicit Log(TestKey k) : key(std::move(k)) {
    log.base_url = "https://log.example";
    log.public_key_der = key.SpkiDer();
    log.log_id = Sha256Raw(log.public_key_der);
  }
  std::string SigLine(const std::string& name, const std::string& body) const {
    return kDash + name + " " + digest::Base64Encode(log.log_id.substr(0, 4) + key.Sign(body)) +
           "\n";
  }
};

std::string Body(const std::string& origin, uint64_t size, const std::string& root) {
  return origin + "\n" + std::to_string(size) + "\n" + digest::Base64Encode(root) + "\n";
}

TEST(CheckpointTest, EcdsaLogSignatureVerifies) {
  Log l(TestKey::Ecdsa());
  std::string root(32, 'r');
  std::string body = Body("log.example - 42", 736, root) + "Timestamp: 1689177396617352539\n";
  auto cp = Checkpoint::Parse(body + "\n" + l.SigLine("log.example", body));
  ASSERT_TRUE(cp.ok()) << cp.error().message();
  EXPECT_EQ(cp->origin, "log.example - 42");
  EXPECT_EQ(cp->size, 736u);
  EXPECT_EQ(cp->root_hash, root);
  ASSERT_EQ(cp->extensions.size(), 1u);
  EXPECT_TRUE(cp->VerifySignature(l.log).ok());
}

TEST(CheckpointTest, Ed25519WithWitnessCosignaturesInAnyOrder) {
  Log l(TestKey::Ed25519());
  Log witness(TestKey::Ed25519());
  std::string body = Body("log2025.example", 9, std::string(32, 'x'));
  std::string cosig = kDash + "witness.example " +
                      digest::Base64Encode(std::string("wxyz") + std::string(72, '\1')) + "\n";
  for (const std::string& sigs :
       {l.SigLine("log2025.example", body) + cosig,
        cosig + l.SigLine("log2025.example", body) + witness.SigLine("w2", body)}) {
    auto cp = Checkpoint::Parse(body + "\n" + sigs);
    ASSERT_TRUE(cp.ok()) << cp.error().message();
    EXPECT_TRUE(cp->VerifySignature(l.log).ok());
  }
}

TEST(CheckpointTest, RejectsWrongKeyHintTamperedBodyAndOtherKey) {
  Log l(TestKey::Ecdsa());
  Log other(TestKey::Ecdsa());
  std::string body = Body("o", 3, std::string(32, 'a'));
  // Another log's signature only: no signature with this log's hint.
  auto cp = Checkpoint::Parse(body + "\n" + other.SigLine("o", body));
  ASSERT_TRUE(cp.ok());
  Status st = cp->VerifySignature(l.log);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("key hint"), std::string::npos);
  // The right hint over a different body.
  std::string tampered = Body("o", 4, std::string(32, 'a'));
  auto cp2 = Checkpoint::Parse(tampered + "\n" + l.SigLine("o", body));
  ASSERT_TRUE(cp2.ok());
  st = cp2->VerifySignature(l.log);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("does not verify"), std::string::npos);
}

TEST(CheckpointTest, RejectsMalformedNotes) {
  Log l(TestKey::Ecdsa());
  std::string root = digest::Base64Encode(std::string(32, 'a'));
  auto parse = [&](const std::string& body) {
    return Checkpoint::Parse(body + "\n" + l.SigLine("o", body));
  };
  EXPECT_FALSE(parse("3\n" + root + "\n").ok());                                 // no origin
  EXPECT_FALSE(parse("o\n" + root + "\n").ok());                                 // no size
  EXPECT_FALSE(parse("o\n3\n").ok());                                            // no root
  EXPECT_FALSE(parse("o\n-3\n" + root + "\n").ok());                             // negative size
  EXPECT_FALSE(parse("o\n3\nAAAA\n").ok());                                      // short root
  EXPECT_FALSE(Checkpoint::Parse("o\n3\n" + root + "\n\n").ok());                // no signatures
  EXPECT_FALSE(Checkpoint::Parse("o\n3\n" + root + "\n").ok());                  // no blank line
  EXPECT_FALSE(Checkpoint::Parse("o\n3\n" + root + "\n\n- o AAAAAAAA\n").ok());  // no em dash
}

}  // namespace
}  // namespace attestfs::sigstore
