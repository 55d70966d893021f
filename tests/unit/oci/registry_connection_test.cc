// RegistryConnection: the CLI-level factory reads --authfile / explicit credentials and talks
// to an authenticated registry end to end.
#include "oci/registry_connection.h"

#include <gtest/gtest.h>

#include <fstream>

#include "digest/base64.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

TEST(RegistryConnectionTest, UsesAuthfileCredentialsForBearerRegistry) {
  FakeRegistry fake;
  fake.RequireBearer("testuser", "testpass");
  TempDir dir;
  std::string authfile = dir.path() + "/auth.json";
  std::ofstream(authfile) << R"({"auths":{")" << fake.host() << R"(":{"auth":")"
                          << digest::Base64Encode("testuser:testpass") << R"("}}})";
  ConnectionOptions o;
  o.plain_http = true;
  o.authfile = authfile;
  o.http = ClientStack::FastHttp();
  RegistryConnection conn(o);
  Reference repo = *Reference::Parse(fake.host() + "/conn/repo");
  auto st = conn.registry().PushBlobBytes(repo, DescribeBytes("x", "payload"), "payload");
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_TRUE(fake.HasBlob("conn/repo", DescribeBytes("x", "payload").digest.ToString()));
  EXPECT_GT(conn.Stats().bytes_uploaded, 0u);
}

TEST(RegistryConnectionTest, ExplicitCredentialsWinAndWrongOnesFail) {
  FakeRegistry fake;
  fake.RequireBasic("testuser", "testpass");
  ConnectionOptions o;
  o.plain_http = true;
  o.username = "testuser";
  o.password = "nope";
  o.http = ClientStack::FastHttp();
  RegistryConnection conn(o);
  Reference repo = *Reference::Parse(fake.host() + "/conn/repo");
  EXPECT_EQ(conn.registry().PushBlobBytes(repo, DescribeBytes("x", "p"), "p").error().code(),
            Errc::kUnauthorized);
}

TEST(RegistryConnectionTest, RefusesPlainHttpRegistryWithoutPlainHttpOption) {
  FakeRegistry fake;
  ConnectionOptions o;  // https by default
  o.http = ClientStack::FastHttp();
  o.http.max_attempts = 1;
  o.http.connect_timeout = std::chrono::milliseconds(300);
  RegistryConnection conn(o);
  Reference repo = *Reference::Parse(fake.host() + "/conn/repo");
  auto r = conn.registry().BlobSize(repo, DescribeBytes("x", "p").digest);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kNetwork);
}

}  // namespace
}  // namespace attestfs::oci::testing
