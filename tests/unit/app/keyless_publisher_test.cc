// EvidencePublisher::Open with Sigstore keyless signing: -o bundle only, never with a key or a
// certificate (usage errors before any service is contacted); IdentityToken's sources.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "app/evidence_publisher.h"
#include "app/keyless_signing.h"

namespace attestfs::app {
namespace {

PublishOptions Keyless(OutputKind kind) {
  PublishOptions o;
  o.kind = kind;
  o.keyless = KeylessSigningRequest{
      "header.payload.", "http://127.0.0.1:1", "http://127.0.0.1:1", "", "", ""};
  return o;
}

TEST(KeylessPublisherTest, BundleOnlyAndNoKey) {
  EXPECT_TRUE(EvidencePublisher::Open(Keyless(OutputKind::kBundle), SystemClock()).ok());
  auto attest = EvidencePublisher::Open(Keyless(OutputKind::kAttest), SystemClock());
  ASSERT_FALSE(attest.ok());
  EXPECT_EQ(attest.error().code(), Errc::kUsage);
  PublishOptions with_key = Keyless(OutputKind::kBundle);
  with_key.key = "/some/key.pem";
  auto r = EvidencePublisher::Open(with_key, SystemClock());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUsage);
}

TEST(KeylessPublisherTest, IdentityTokenSources) {
  ::unsetenv("SIGSTORE_ID_TOKEN");
  EXPECT_EQ(IdentityToken("", "").error().code(), Errc::kUsage);
  EXPECT_EQ(*IdentityToken("flag.token.\n", ""), "flag.token.");
  ::setenv("SIGSTORE_ID_TOKEN", "env.token.", 1);
  EXPECT_EQ(*IdentityToken("", ""), "env.token.");
  EXPECT_EQ(*IdentityToken("flag.token.", ""), "flag.token.");
  ::unsetenv("SIGSTORE_ID_TOKEN");
  EXPECT_EQ(IdentityToken("", "/nonexistent/token").error().code(), Errc::kUsage);
}

}  // namespace
}  // namespace attestfs::app
