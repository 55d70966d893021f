// Fault injection against the fake registry: wrong bytes, wrong size, truncated bodies, 500
// then success, 401 loops and stalls each give a clear error or a successful retry — never
// accepted bad content, never a file left behind.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/transfer_pool.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

class RegistryFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = *Reference::Parse(fake_.host() + "/faults/repo");
    data_ = std::string(50000, 'd');
    for (size_t i = 0; i < data_.size(); ++i) data_[i] = static_cast<char>(i * 7);
    desc_ = DescribeBytes("application/octet-stream", data_);
    fake_.PutBlob("faults/repo", data_);
  }
  std::string BlobPath() const { return "/v2/faults/repo/blobs/" + desc_.digest.ToString(); }
  static http::HttpClientOptions Http(int attempts, int stall_s = 2) {
    auto o = ClientStack::FastHttp();
    o.max_attempts = attempts;
    o.stall_timeout = std::chrono::seconds(stall_s);
    return o;
  }
  bool DirEmpty() const { return std::filesystem::is_empty(dir_.path()); }

  FakeRegistry fake_;
  TempDir dir_;
  Reference repo_;
  std::string data_;
  Descriptor desc_;
};

struct Stack {
  Stack(FakeRegistry& /*registry*/, http::HttpClientOptions o, auth::Credential c = {})
      : http(o), creds(c), registry(http, &creds, PlainOptions()) {}
  static RegistryOptions PlainOptions() {
    RegistryOptions r;
    r.plain_http = true;
    return r;
  }
  http::CurlHttpClient http;
  auth::StaticCredentialStore creds;
  RegistryClient registry;
};

TEST_F(RegistryFaultsTest, WrongBytesAreRejectedAndNothingIsWritten) {
  Stack s(fake_, Http(1));
  fake_.InjectFault("GET " + BlobPath(), Fault::kWrongBytes, 2);
  auto mem = s.registry.FetchBlob(repo_, desc_);
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.error().code(), Errc::kVerificationFailed);
  auto st = s.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  EXPECT_TRUE(DirEmpty());
}

TEST_F(RegistryFaultsTest, WrongSizeIsRejected) {
  Stack s(fake_, Http(1));
  fake_.InjectFault("GET " + BlobPath(), Fault::kWrongSize, 1);
  auto mem = s.registry.FetchBlob(repo_, desc_);
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(mem.error().message().find("more than the expected"), std::string::npos);
  // A descriptor that under-states the size is caught the same way.
  Descriptor lying = desc_;
  lying.size -= 1;
  EXPECT_EQ(s.registry.FetchBlob(repo_, lying).error().code(), Errc::kVerificationFailed);
}

TEST_F(RegistryFaultsTest, TruncatedDownloadResumesWithRangeIntoAVerifiedFile) {
  Stack s(fake_, Http(1));
  fake_.InjectFault("GET " + BlobPath(), Fault::kTruncate, 1);
  auto st = s.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out");
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(std::filesystem::file_size(dir_.path() + "/out"), data_.size());
  EXPECT_EQ(fake_.Count("GET " + BlobPath()), 2);
  // In memory there is no resume: a truncated body is an error.
  fake_.InjectFault("GET " + BlobPath(), Fault::kTruncate, 1);
  EXPECT_FALSE(s.registry.FetchBlob(repo_, desc_).ok());
}

TEST_F(RegistryFaultsTest, ServerErrorThenSuccessIsRetried) {
  Stack s(fake_, Http(3));
  fake_.InjectFault("GET " + BlobPath(), Fault::kServerError, 2);
  auto mem = s.registry.FetchBlob(repo_, desc_);
  ASSERT_TRUE(mem.ok()) << mem.error().message();
  EXPECT_EQ(*mem, data_);
  EXPECT_EQ(s.http.Stats().retries, 2u);
}

TEST_F(RegistryFaultsTest, UploadRetriesAfterServerErrorAndDroppedConnection) {
  Stack s(fake_, Http(3));
  std::string payload(70000, 'u');
  Descriptor d = DescribeBytes("application/octet-stream", payload);
  fake_.InjectFault("PUT /v2/faults/repo/blobs/uploads/", Fault::kServerError, 1);
  fake_.InjectFault("POST /v2/faults/repo/blobs/uploads/", Fault::kDropConnection, 1);
  auto st = s.registry.PushBlobBytes(repo_, d, payload);
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_TRUE(fake_.HasBlob("faults/repo", d.digest.ToString()));
  EXPECT_EQ(fake_.Count("PUT /v2/faults/repo/blobs/uploads/"), 2);  // the body was re-sent whole
}

TEST_F(RegistryFaultsTest, PersistentServerErrorNamesRegistryRepositoryDigestAndCode) {
  Stack s(fake_, Http(2));
  fake_.InjectFault("GET " + BlobPath(), Fault::kServerError, 5);
  auto mem = s.registry.FetchBlob(repo_, desc_);
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.error().code(), Errc::kNetwork);
  const std::string& m = mem.error().message();
  EXPECT_NE(m.find(fake_.host() + "/faults/repo@" + desc_.digest.ToString()), std::string::npos)
      << m;
  EXPECT_NE(m.find("HTTP 500"), std::string::npos) << m;
  EXPECT_NE(m.find("UNKNOWN"), std::string::npos) << m;
}

TEST_F(RegistryFaultsTest, UnauthorizedLoopStopsAfterOneChallenge) {
  fake_.RequireBearer("testuser", "testpass");
  Stack s(fake_, Http(1), auth::Credential{"testuser", "testpass", "", ""});
  fake_.InjectFault("GET " + BlobPath(), Fault::kUnauthorized, 100);
  fake_.ClearLog();
  auto mem = s.registry.FetchBlob(repo_, desc_);
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.error().code(), Errc::kUnauthorized);
  EXPECT_EQ(fake_.Count("GET " + BlobPath()), 2);
  EXPECT_EQ(fake_.Count("GET /token"), 1);
}

TEST_F(RegistryFaultsTest, BearerTokenIsCachedAcrossRequests) {
  fake_.RequireBearer("testuser", "testpass");
  Stack s(fake_, Http(1), auth::Credential{"testuser", "testpass", "", ""});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(s.registry.FetchBlob(repo_, desc_).ok());
  EXPECT_EQ(fake_.Count("GET /token"), 1);
  EXPECT_EQ(fake_.Count("GET " + BlobPath()), 4);  // one 401, then three with the token
}

TEST_F(RegistryFaultsTest, RevokedTokenIsRefreshedOnUnauthorized) {
  fake_.RequireBearer("testuser", "testpass");
  Stack s(fake_, Http(1), auth::Credential{"testuser", "testpass", "", ""});
  ASSERT_TRUE(s.registry.FetchBlob(repo_, desc_).ok());
  fake_.RevokeTokens();
  auto again = s.registry.FetchBlob(repo_, desc_);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(fake_.Count("GET /token"), 2);
}

TEST_F(RegistryFaultsTest, IdentityTokenUsesTheOAuth2RefreshGrant) {
  fake_.RequireBearer("testuser", "testpass");
  fake_.AcceptRefreshToken("refresh-123");
  Stack s(fake_, Http(1), auth::Credential{"", "", "refresh-123", ""});
  auto st = s.registry.PushBlobBytes(repo_, DescribeBytes("x", "oauth"), "oauth");
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_GE(fake_.Count("POST /token"), 1);
  EXPECT_EQ(fake_.Count("GET /token"), 0);
  Stack bad(fake_, Http(1), auth::Credential{"", "", "stale", ""});
  EXPECT_EQ(bad.registry.FetchBlob(repo_, desc_).error().code(), Errc::kUnauthorized);
}

TEST_F(RegistryFaultsTest, AnonymousBearerTokenCanPullButNotPush) {
  fake_.RequireBearer("testuser", "testpass");
  Stack s(fake_, Http(1));
  EXPECT_TRUE(s.registry.FetchBlob(repo_, desc_).ok());
  auto st = s.registry.PushBlobBytes(repo_, DescribeBytes("x", "new"), "new");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kUnauthorized);
}

TEST_F(RegistryFaultsTest, BasicCredentialsAreNotSentOverPlainHttpUnlessAllowed) {
  fake_.RequireBasic("testuser", "testpass");
  http::CurlHttpClient http(Http(1));
  auth::StaticCredentialStore creds(auth::Credential{"testuser", "testpass", "", ""});
  auth::Authenticator strict(http, &creds, auth::AuthOptions{false, "attestfs"});
  http::HttpRequest req;
  req.url = fake_.base_url() + BlobPath();
  auto r = strict.Send(req, fake_.host(), {"repository:faults/repo:pull"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnauthorized);
  EXPECT_NE(r.error().message().find("plain HTTP"), std::string::npos);
}

TEST_F(RegistryFaultsTest, StalledTransferIsAnError) {
  Stack s(fake_, Http(1, 1));
  fake_.InjectFault("GET " + BlobPath(), Fault::kStall, 1);
  auto mem = s.registry.FetchBlob(repo_, desc_);
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.error().code(), Errc::kNetwork);
  EXPECT_NE(mem.error().message().find("stalled"), std::string::npos) << mem.error().message();
}

TEST_F(RegistryFaultsTest, TamperedManifestByDigestIsRejected) {
  Stack s(fake_, Http(1));
  fake_.PutBlob("faults/repo", std::string(kEmptyJson));
  Manifest m;
  m.artifact_type = "application/x";
  m.config = EmptyDescriptor();
  m.layers.push_back(desc_);
  std::string bytes = m.Serialize();
  std::string dg = fake_.PutManifestRaw("faults/repo", "t", bytes, std::string(kOciManifest));
  fake_.InjectFault("GET /v2/faults/repo/manifests/" + dg, Fault::kWrongBytes, 1);
  auto got = s.registry.FetchManifest(repo_.WithDigest(*digest::Digest::Parse(dg)));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kVerificationFailed);
  // By tag, the Docker-Content-Digest header catches the same tampering.
  fake_.InjectFault("GET /v2/faults/repo/manifests/t", Fault::kWrongBytes, 1);
  EXPECT_EQ(s.registry.FetchManifest(repo_.WithTag("t")).error().code(), Errc::kVerificationFailed);
}

TEST_F(RegistryFaultsTest, OversizedManifestResponseIsTooLarge) {
  Stack s(fake_, Http(1));
  std::string big = "{\"schemaVersion\":2,\"pad\":\"" + std::string(kMaxManifestBytes, 'x') + "\"}";
  fake_.PutManifestRaw("faults/repo", "big", big, std::string(kOciManifest));
  EXPECT_EQ(s.registry.FetchManifest(repo_.WithTag("big")).error().code(), Errc::kTooLarge);
}

TEST(TransferPoolTest, RunsAllTasksAndReturnsFirstError) {
  std::atomic<int> ran{0};
  std::vector<std::function<Status()>> tasks;
  for (int i = 0; i < 20; ++i)
    tasks.push_back([&] {
      ran++;
      return OkStatus();
    });
  EXPECT_TRUE(RunParallel(tasks, 3).ok());
  EXPECT_EQ(ran.load(), 20);
  tasks.push_back([] { return Status(Error(Errc::kIo, "boom")); });
  Status s = RunParallel(tasks, 3);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(), "boom");
}

}  // namespace
}  // namespace attestfs::oci::testing

namespace attestfs::oci::testing {
namespace {

TEST(RegistryRedirectTest, FollowsBlobRedirectWithoutForwardingAuthorization) {
  FakeRegistry fake;
  fake.RequireBasic("testuser", "testpass");
  std::string data(10000, 'r');
  fake.PutBlob("redir/repo", data);
  std::atomic<int> with_auth{0}, served{0};
  LoopbackHttpServer storage([&](const FakeRequest& req) {
    served++;
    if (!req.Header("authorization").empty()) with_auth++;
    FakeResponse r;
    r.body = data;
    return r;
  });
  fake.SetBlobRedirect(storage.base_url());
  http::CurlHttpClient http(ClientStack::FastHttp());
  auth::StaticCredentialStore creds(auth::Credential{"testuser", "testpass", "", ""});
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient client(http, &creds, ro);
  Reference repo = *Reference::Parse(fake.host() + "/redir/repo");
  auto got = client.FetchBlob(repo, DescribeBytes("x", data));
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(*got, data);
  EXPECT_EQ(served.load(), 1);
  EXPECT_EQ(with_auth.load(), 0);  // credentials never leave the registry's host:port
}

}  // namespace
}  // namespace attestfs::oci::testing
