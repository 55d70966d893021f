// RegistryClient tests: the same bodies against the fake registry (plain, Basic, Bearer) and the
// real docker-registry 2.8.2 (plain HTTP, TLS + htpasswd, token auth).
#include "oci/registry_client.h"

#include <gtest/gtest.h>

#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

class RegistryClientTest : public ::testing::TestWithParam<BackendKind> {};

std::string Pattern(size_t n, char seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + (i * 31) % 251);
  return s;
}

TEST_P(RegistryClientTest, PushesAndFetchesVerifiedBlobs) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  Reference repo = RepoRef(*b, TestRepo("t"));
  std::string data = Pattern(100000, 'a');
  Descriptor d = DescribeBytes("application/octet-stream", data);
  ASSERT_TRUE(c.registry.PushBlobBytes(repo, d, data).ok());
  auto size = c.registry.BlobSize(repo, d.digest);
  ASSERT_TRUE(size.ok()) << size.error().message();
  ASSERT_TRUE(size->has_value());
  EXPECT_EQ(**size, 100000);
  auto got = c.registry.FetchBlob(repo, d);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(*got, data);
  TempDir dir;
  std::string path = dir.path() + "/blob";
  auto st = c.registry.FetchBlobToFile(repo, d, path);
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(*ReadFileLimited(path, 1 << 20), data);
  auto range = c.registry.ReadRangeUnverified(repo, d.digest, 10, 20);
  ASSERT_TRUE(range.ok()) << range.error().message();
  EXPECT_EQ(*range, data.substr(10, 20));
  // A second push is a no-op (HEAD says it exists).
  EXPECT_TRUE(c.registry.PushBlobBytes(repo, d, data).ok());
  EXPECT_GT(c.registry.Stats().bytes_uploaded, 0u);
}

TEST_P(RegistryClientTest, MissingBlobIsNotFoundAndNamesRepositoryAndDigest) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  Reference repo = RepoRef(*b, TestRepo("t"));
  ASSERT_TRUE(c.registry.PushBlobBytes(repo, DescribeBytes("x", "seed"), "seed").ok());
  Descriptor d = DescribeBytes("application/octet-stream", "never pushed");
  auto size = c.registry.BlobSize(repo, d.digest);
  ASSERT_TRUE(size.ok()) << size.error().message();
  EXPECT_FALSE(size->has_value());
  auto got = c.registry.FetchBlob(repo, d);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kNotFound);
  EXPECT_NE(got.error().message().find(repo.repository + "@" + d.digest.ToString()),
            std::string::npos)
      << got.error().message();
  EXPECT_NE(got.error().message().find("BLOB_UNKNOWN"), std::string::npos);
}

TEST_P(RegistryClientTest, UploadsInChunksAboveThreshold) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  RegistryOptions ro;
  ro.chunked_upload_threshold = 1000;
  ro.upload_chunk_size = 700;
  ClientStack c(*b, ClientStack::FastHttp(), ro);
  Reference repo = RepoRef(*b, TestRepo("t"));
  std::string data = Pattern(2500, 'c');
  Descriptor d = DescribeBytes("application/octet-stream", data);
  auto st = c.registry.PushBlobBytes(repo, d, data);
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(*c.registry.FetchBlob(repo, d), data);
  if (b->fake()) {
    EXPECT_EQ(b->fake()->Count("PATCH "), 4);
  }
}

TEST_P(RegistryClientTest, MountsBlobFromAnotherRepository) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  Reference src = RepoRef(*b, TestRepo("src"));
  Reference dst = RepoRef(*b, TestRepo("dst"));
  std::string data = Pattern(5000, 'm');
  Descriptor d = DescribeBytes("application/octet-stream", data);
  ASSERT_TRUE(c.registry.PushBlobBytes(src, d, data).ok());
  http::BodySource never{data.size(), [](uint64_t, char*, size_t) -> Result<size_t> {
                           return Error(Errc::kInternal, "mount should not upload");
                         }};
  auto st = c.registry.PushBlob(dst, d, never, src.repository);
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(*c.registry.FetchBlob(dst, d), data);
}

TEST_P(RegistryClientTest, PushesManifestsAndResolvesTags) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  Reference repo = RepoRef(*b, TestRepo("t"), "v1");
  std::string layer = "layer-bytes";
  Descriptor ld = DescribeBytes(kOciLayerTar, layer);
  ASSERT_TRUE(c.registry.PushBlobBytes(repo, ld, layer).ok());
  ASSERT_TRUE(c.registry.PushBlobBytes(repo, EmptyDescriptor(), kEmptyJson).ok());
  Manifest m;
  m.artifact_type = "application/vnd.example+json";
  m.config = EmptyDescriptor();
  m.layers.push_back(ld);
  std::string bytes = m.Serialize();
  auto pushed = c.registry.PushManifest(repo, bytes, kOciManifest);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  EXPECT_EQ(pushed->descriptor.digest, digest::Sha256(bytes));
  auto by_tag = c.registry.FetchManifest(repo);
  ASSERT_TRUE(by_tag.ok()) << by_tag.error().message();
  EXPECT_EQ(by_tag->bytes, bytes);
  EXPECT_EQ(by_tag->descriptor.media_type, kOciManifest);
  auto resolved = c.registry.ResolveManifest(repo);
  ASSERT_TRUE(resolved.ok()) << resolved.error().message();
  EXPECT_EQ(resolved->digest, pushed->descriptor.digest);
  auto by_digest = c.registry.FetchManifest(repo.WithDigest(pushed->descriptor.digest));
  ASSERT_TRUE(by_digest.ok());
  auto tags = c.registry.ListTags(repo);
  ASSERT_TRUE(tags.ok()) << tags.error().message();
  EXPECT_EQ(*tags, std::vector<std::string>{"v1"});
  EXPECT_FALSE(pushed->oci_subject_header);
  // Missing manifest: not found with the registry's code.
  auto missing = c.registry.FetchManifest(repo.WithTag("nope"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), Errc::kNotFound);
  EXPECT_NE(missing.error().message().find("MANIFEST_UNKNOWN"), std::string::npos);
  // A manifest referring to a blob the registry does not have is refused.
  m.layers.push_back(DescribeBytes(kOciLayerTar, "absent"));
  auto refused = c.registry.PushManifest(repo.WithTag("bad"), m.Serialize(), kOciManifest);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("MANIFEST_BLOB_UNKNOWN"), std::string::npos);
}

TEST_P(RegistryClientTest, RefusesManifestsOverFourMiBBeforeSending) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  Reference repo = RepoRef(*b, TestRepo("t"), "big");
  std::string huge(kMaxManifestBytes + 1, ' ');
  EXPECT_EQ(c.registry.PushManifest(repo, huge, kOciManifest).error().code(), Errc::kTooLarge);
}

TEST_P(RegistryClientTest, WrongCredentialsAreUnauthorized) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  if (b->credential().empty()) GTEST_SKIP() << "backend without auth";
  http::CurlHttpClient http(ClientStack::WithCa(ClientStack::FastHttp(), b->ca_file()));
  auth::StaticCredentialStore wrong(auth::Credential{"testuser", "wrong", "", ""});
  RegistryOptions ro;
  ro.plain_http = b->plain_http();
  RegistryClient client(http, &wrong, ro);
  Reference repo = RepoRef(*b, TestRepo("t"));
  auto st = client.PushBlobBytes(repo, DescribeBytes("x", "data"), "data");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kUnauthorized) << st.error().message();
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryClientTest,
                         ::testing::Values(BackendKind::kFake, BackendKind::kFakeBasic,
                                           BackendKind::kFakeBearer, BackendKind::kDockerPlain,
                                           BackendKind::kDockerTls, BackendKind::kDockerToken),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace attestfs::oci::testing

namespace attestfs::oci::testing {
namespace {

TEST(RegistryTlsHintsTest, SuggestsPlainHttpOrCaFileOnTlsFailures) {
  {
    AFS_ACQUIRE_BACKEND(plain, BackendKind::kDockerPlain);
    http::HttpClientOptions o = ClientStack::FastHttp();
    o.max_attempts = 1;
    http::CurlHttpClient http(o);
    RegistryClient client(http, nullptr, RegistryOptions{});  // https by default
    auto r = client.BlobSize(RepoRef(*plain, "hint/repo"), DescribeBytes("x", "x").digest);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), Errc::kNetwork);
    EXPECT_NE(r.error().message().find("--plain-http"), std::string::npos) << r.error().message();
  }
  AFS_ACQUIRE_BACKEND(tls, BackendKind::kDockerTls);
  http::HttpClientOptions o = ClientStack::FastHttp();
  o.max_attempts = 1;
  http::CurlHttpClient http(o);  // system store only: the test CA is unknown
  RegistryClient client(http, nullptr, RegistryOptions{});
  auto r = client.BlobSize(RepoRef(*tls, "hint/repo"), DescribeBytes("x", "x").digest);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("--ca-file"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace attestfs::oci::testing
