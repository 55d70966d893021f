// SignStatement: evidence that `verify` would refuse as too large is never signed or stored
// (issue 9 item 11: `bom` of 190,000 files stored a 70 MB envelope over the 64 MiB limit).
#include "app/evidence_builder.h"

#include <gtest/gtest.h>

#include "attestation/statement.h"
#include "digest/base64.h"
#include "keys/private_key.h"
#include "keys/signer.h"

namespace attestfs::app {
namespace {

using attestation::kMaxDocumentBytes;

// A statement whose serialized form is exactly `payload_bytes` long.
attestation::Statement StatementOfSize(size_t payload_bytes) {
  attestation::Statement st;
  st.predicate_type = "https://example.com/p";
  st.predicate_json = "\"\"";
  const size_t base = st.Serialize().size();
  st.predicate_json = "\"" + std::string(payload_bytes - base, 'a') + "\"";
  return st;
}

keys::KeySigner NewSigner() {
  auto key = keys::PrivateKey::Generate(keys::KeyType::kEd25519);
  EXPECT_TRUE(key.ok());
  return keys::KeySigner(std::move(key).value());
}

void ExpectTooLarge(const Result<std::string>& r) {
  ASSERT_FALSE(r.ok()) << "signed " << r->size() << " bytes";
  EXPECT_EQ(r.error().code(), Errc::kTooLarge);
  EXPECT_NE(r.error().message().find(std::to_string(kMaxDocumentBytes)), std::string::npos)
      << r.error().message();
}

TEST(SignStatementTest, RefusesEvidenceOverTheDocumentLimit) {
  keys::KeySigner signer = NewSigner();
  const auto st = StatementOfSize(kMaxDocumentBytes / 4 * 3 + 3);  // base64 alone is over
  ExpectTooLarge(SignStatement(st, OutputKind::kAttest, signer));
  ExpectTooLarge(SignStatement(st, OutputKind::kBundle, signer));
}

TEST(SignStatementTest, RefusesEnvelopeOverTheLimitWhosePayloadAloneFits) {
  keys::KeySigner signer = NewSigner();
  // base64(payload) is 12 bytes under the limit; the envelope's other fields push it over.
  const auto st = StatementOfSize((kMaxDocumentBytes - 12) / 4 * 3);
  ASSERT_LE(digest::Base64Encode(st.Serialize()).size(), kMaxDocumentBytes);
  ExpectTooLarge(SignStatement(st, OutputKind::kAttest, signer));
  ExpectTooLarge(SignStatement(st, OutputKind::kBundle, signer));
}

TEST(SignStatementTest, SignsEvidenceWellUnderTheLimit) {
  keys::KeySigner signer = NewSigner();
  auto r = SignStatement(StatementOfSize(4096), OutputKind::kAttest, signer);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_LE(r->size(), kMaxDocumentBytes);
}

}  // namespace
}  // namespace attestfs::app
