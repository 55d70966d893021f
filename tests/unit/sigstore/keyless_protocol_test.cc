// Keyless signing wire formats on answers written here: the token's subject, Fulcio's chain,
// a Rekor v1 response turned into a bundle entry (hex ids and hashes to raw bytes), the
// signing config's service choice by validity and API version, and the bundle writer's
// round trip through Bundle::Parse.
#include "sigstore/keyless_protocol.h"

#include <gtest/gtest.h>

#include "digest/base64.h"
#include "sigstore/bundle.h"
#include "sigstore/bundle_writer.h"
#include "sigstore/signing_config.h"

namespace attestfs::sigstore {
namespace {

std::string B64Url(const std::string& s) {
  std::string b = digest::Base64Encode(s);
  for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

TEST(KeylessProtocolTest, TokenSubjectPrefersEmail) {
  std::string h = B64Url(R"({"alg":"none"})");
  EXPECT_EQ(*TokenSubject(h + "." + B64Url(R"({"sub":"https://a","iss":"x"})") + "."), "https://a");
  EXPECT_EQ(*TokenSubject(h + "." + B64Url(R"({"sub":"123","email":"a@b.c"})") + ".sig"), "a@b.c");
  EXPECT_EQ(TokenSubject("not-a-jwt").error().code(), Errc::kUsage);
  EXPECT_EQ(TokenSubject(h + "." + B64Url(R"({"iss":"x"})") + ".").error().code(), Errc::kUsage);
}

TEST(KeylessProtocolTest, FulcioLeafFromTheChain) {
  std::string pem = DerToPem("leaf-der-bytes", "CERTIFICATE");
  std::string resp = R"({"signedCertificateEmbeddedSct":{"chain":{"certificates":[")" +
                     std::string() + "PLACEHOLDER" + R"(","root"]}}})";
  std::string escaped;
  for (char c : pem) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
  resp.replace(resp.find("PLACEHOLDER"), 11, escaped);
  EXPECT_EQ(*FulcioLeafDer(resp), "leaf-der-bytes");
  EXPECT_FALSE(FulcioLeafDer(R"({"signedCertificateEmbeddedSct":{}})").ok());
  EXPECT_FALSE(FulcioLeafDer("[]").ok());
}

TEST(KeylessProtocolTest, RekorResponseBecomesABundleEntry) {
  std::string body = R"({"kind":"hashedrekord"})";
  std::string resp = R"({"uuid1":{"body":")" + digest::Base64Encode(body) +
                     R"(","integratedTime":1700000060,"logID":"0a0b","logIndex":1003,
      "verification":{"signedEntryTimestamp":")" +
                     digest::Base64Encode("set") +
                     R"(","inclusionProof":{"logIndex":3,"treeSize":7,"rootHash":"ff00",
      "hashes":["01","02"],"checkpoint":"o\n7\nAAAA\n\n"}}}})";
  auto e = ParseRekorResponse(resp, "hashedrekord", "0.0.1");
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->body, body);
  EXPECT_EQ(e->integrated_time, 1700000060);
  EXPECT_EQ(e->log_id, std::string("\x0a\x0b"));
  EXPECT_EQ(e->log_index, 1003u);
  EXPECT_EQ(*e->signed_entry_timestamp, "set");
  EXPECT_EQ(e->proof->log_index, 3u);
  EXPECT_EQ(e->proof->root_hash, std::string("\xff\x00", 2));
  EXPECT_EQ(e->proof->hashes.size(), 2u);
  EXPECT_FALSE(ParseRekorResponse(R"({"a":{},"b":{}})", "hashedrekord", "0.0.1").ok());
  EXPECT_FALSE(ParseRekorResponse(R"({"a":{"body":"e30="}})", "hashedrekord", "0.0.1").ok());
}

TEST(KeylessProtocolTest, SigningConfigPicksServicesValidNow) {
  std::string cfg = R"({"mediaType":"application/vnd.dev.sigstore.signingconfig.v0.2+json",
    "caUrls":[{"url":"https://old-ca","validFor":{"start":"2020-01-01T00:00:00Z","end":"2021-01-01T00:00:00Z"}},
              {"url":"https://ca","validFor":{"start":"2021-01-01T00:00:00Z"}}],
    "rekorTlogUrls":[{"url":"https://rekor-v2","majorApiVersion":2,"validFor":{"start":"2021-01-01T00:00:00Z"}},
                     {"url":"https://rekor","majorApiVersion":1,"validFor":{"start":"2021-01-01T00:00:00Z"}}],
    "tsaUrls":[]})";
  auto c = SigningConfig::Parse(cfg, 1700000000);
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->fulcio_url, "https://ca");
  EXPECT_EQ(c->rekor_url, "https://rekor");
  EXPECT_EQ(c->tsa_url, "");
  EXPECT_FALSE(SigningConfig::Parse(cfg, 1500000000).ok());  // nothing valid yet
  EXPECT_FALSE(SigningConfig::Parse(R"({"mediaType":"x"})", 1700000000).ok());
}

TEST(KeylessProtocolTest, WrittenBundlesParseBack) {
  Bundle b;
  b.certificates = {"leaf"};
  b.message_signature = MessageSignature{std::string(32, 'd'), "sig"};
  TlogEntry e;
  e.log_index = 5;
  e.log_id = "id";
  e.kind = "hashedrekord";
  e.version = "0.0.1";
  e.integrated_time = 1700000000;
  e.body = "{}";
  e.signed_entry_timestamp = "set";
  e.proof = InclusionProof{3, 7, std::string(32, 'r'), {std::string(32, 'h')}, "o\n7\nx\n\n"};
  b.tlog_entries.push_back(e);
  b.rfc3161_timestamps = {"ts"};
  auto parsed = Bundle::Parse(WriteBundle(b));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->minor_version, 3);
  EXPECT_EQ(parsed->certificates, b.certificates);
  EXPECT_EQ(parsed->Signature(), "sig");
  ASSERT_EQ(parsed->tlog_entries.size(), 1u);
  EXPECT_EQ(parsed->tlog_entries[0].proof->hashes, e.proof->hashes);
  EXPECT_EQ(*parsed->tlog_entries[0].signed_entry_timestamp, "set");
  EXPECT_EQ(parsed->rfc3161_timestamps, b.rfc3161_timestamps);
}

}  // namespace
}  // namespace attestfs::sigstore
