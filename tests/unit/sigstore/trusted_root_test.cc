// trusted_root.json parsing: logs and authorities, validity windows (end inclusive, null end
// open-ended, missing start refused), and lookups by log id.
#include "sigstore/trusted_root.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "digest/base64.h"

namespace attestfs::sigstore {
namespace {

std::string Root(const std::string& tlog_valid_for) {
  std::string key = digest::Base64Encode("not a real key but bytes");
  std::string id = digest::Base64Encode(std::string(32, '\7'));
  return R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    "tlogs":[{"baseUrl":"https://rekor.example","hashAlgorithm":"SHA2_256",
      "publicKey":{"rawBytes":")" +
         key + R"(","keyDetails":"PKIX_ECDSA_P256_SHA_256",
      "validFor":)" +
         tlog_valid_for + R"(},"logId":{"keyId":")" + id + R"("}}],
    "certificateAuthorities":[{"subject":{"organization":"example","commonName":"ca"},
      "uri":"https://fulcio.example","certChain":{"certificates":[{"rawBytes":"AAEC"}]},
      "validFor":{"start":"2021-03-07T03:20:29Z","end":"2022-12-31T23:59:59.999Z"}}],
    "ctlogs":[],"timestampAuthorities":[]})";
}

TEST(TrustedRootTest, ParsesLogsAuthoritiesAndWindows) {
  auto r = TrustedRoot::Parse(Root(R"({"start":"2021-01-12T11:53:27Z"})"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->tlogs.size(), 1u);
  ASSERT_EQ(r->certificate_authorities.size(), 1u);
  EXPECT_EQ(r->certificate_authorities[0].subject, "O=example, CN=ca");
  EXPECT_NE(r->FindTlog(std::string(32, '\7')), nullptr);
  EXPECT_EQ(r->FindTlog(std::string(32, '\6')), nullptr);
  const TimeWindow& ca = r->certificate_authorities[0].valid_for;
  int64_t end = *ParseRfc3339("2022-12-31T23:59:59Z");
  EXPECT_TRUE(ca.Contains(end));  // inclusive
  EXPECT_FALSE(ca.Contains(end + 1));
  EXPECT_FALSE(ca.Contains(*ParseRfc3339("2021-03-07T03:20:28Z")));
  EXPECT_FALSE(r->tlogs[0].valid_for.end.has_value());
  EXPECT_NE(r->Describe().find("tlog https://rekor.example"), std::string::npos);
}

TEST(TrustedRootTest, NullEndIsOpenAndMissingStartIsRefused) {
  auto open = TrustedRoot::Parse(Root(R"({"start":"2025-09-23T00:00:00Z","end":null})"));
  ASSERT_TRUE(open.ok()) << open.error().message();
  EXPECT_FALSE(open->tlogs[0].valid_for.end.has_value());
  auto no_start = TrustedRoot::Parse(Root(R"({"end":"2030-01-01T00:00:00Z"})"));
  ASSERT_FALSE(no_start.ok());
  EXPECT_NE(no_start.error().message().find("validFor.start"), std::string::npos);
  EXPECT_FALSE(TrustedRoot::Parse(Root(R"({"start":"yesterday"})")).ok());
}

TEST(TrustedRootTest, RefusesOtherDocuments) {
  EXPECT_FALSE(TrustedRoot::Parse("[]").ok());
  EXPECT_FALSE(TrustedRoot::Parse(R"({"mediaType":"application/json","tlogs":[]})").ok());
  EXPECT_FALSE(TrustedRoot::Parse("{").ok());
}

}  // namespace
}  // namespace attestfs::sigstore
