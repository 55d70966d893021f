// Copy and OCI image layouts: registry -> registry and registry -> layout -> registry with
// referrers and preserved digests; interop with skopeo (inspect --raw, copy --preserve-digests,
// oci: layouts) against docker-registry.
#include "oci/copy.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "attestation/media_types.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/model_transfer.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

namespace fs = std::filesystem;

attestation::FileManifest SmallModel(const std::string& root) {
  fs::create_directories(root + "/sub");
  std::ofstream(root + "/model.safetensors", std::ios::binary) << std::string(20000, 'w');
  std::ofstream(root + "/config.json") << "{\"a\":1}";
  std::ofstream(root + "/sub/README.md") << "# m\n";
  attestation::FileManifest fm;
  for (const char* p : {"model.safetensors", "config.json", "sub/README.md"}) {
    attestation::FileEntry f;
    f.path = p;
    auto h = digest::HashFile(root + "/" + p);
    f.sha256 = h->digest;
    f.size = h->size;
    fm.files.push_back(f);
  }
  fm.Sort();
  return fm;
}

struct Pushed {
  Descriptor model;
  Descriptor referrer;
};

Pushed PushModelWithReferrer(ClientStack& c, ReferrersClient& rc, const Reference& ref,
                             const std::string& dir) {
  auto fm = SmallModel(dir);
  auto pm = PushModel(c.registry, dir, fm, ref);
  EXPECT_TRUE(pm.ok()) << pm.error().message();
  auto art = BuildBundleReferrer(pm->manifest, R"({"bundle":true})", "https://cyclonedx.org/bom",
                                 1767323045);
  auto att = rc.Attach(ref, art);
  EXPECT_TRUE(att.ok()) << att.error().message();
  return {pm->manifest, *att};
}

std::string RunCommand(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  *rc = ::pclose(p);
  return out;
}

class CopyTest : public ::testing::TestWithParam<BackendKind> {};

TEST_P(CopyTest, CopiesAModelWithItsReferrersBetweenRepositories) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient rc(c.registry);
  TempDir work;
  Reference a = RepoRef(*b, TestRepo("src"), "v1");
  Reference bref = RepoRef(*b, TestRepo("dst"), "v1");
  Pushed p = PushModelWithReferrer(c, rc, a, work.path() + "/m");
  RegistryStore src(c.registry, rc, a), dst(c.registry, rc, bref);
  CopyOptions o;
  o.temp_dir = work.path();
  auto copied = Copy(src, "v1", dst, "v1", o);
  ASSERT_TRUE(copied.ok()) << copied.error().message();
  EXPECT_EQ(copied->root.digest, p.model.digest);
  EXPECT_EQ(copied->referrers_copied, 1);
  EXPECT_EQ(c.registry.ResolveManifest(bref)->digest, p.model.digest);
  auto refs = rc.List(bref, p.model.digest);
  ASSERT_TRUE(refs.ok());
  ASSERT_EQ(refs->size(), 1u);
  EXPECT_EQ((*refs)[0].descriptor.digest, p.referrer.digest);
  ASSERT_TRUE(PullModel(c.registry, bref, work.path() + "/pulled").ok());
}

TEST_P(CopyTest, RoundTripsThroughAnOciLayoutForAirGappedSites) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient rc(c.registry);
  TempDir work;
  Reference a = RepoRef(*b, TestRepo("src"), "v1");
  Pushed p = PushModelWithReferrer(c, rc, a, work.path() + "/m");
  auto layout = ImageLayout::OpenOrCreate(work.path() + "/layout");
  ASSERT_TRUE(layout.ok()) << layout.error().message();
  RegistryStore src(c.registry, rc, a);
  LayoutStore lstore(**layout);
  CopyOptions o;
  o.temp_dir = work.path();
  auto out = Copy(src, "v1", lstore, "v1", o);
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_EQ((*layout)->Resolve("v1")->digest, p.model.digest);
  auto lrefs = (*layout)->Referrers(p.model.digest);
  ASSERT_TRUE(lrefs.ok());
  ASSERT_EQ(lrefs->size(), 1u);
  EXPECT_EQ((*lrefs)[0].artifact_type, attestation::kBundleMediaTypeV03);

  Reference back = RepoRef(*b, TestRepo("back"), "v1");
  RegistryStore dst(c.registry, rc, back);
  auto in = Copy(lstore, "v1", dst, "v1", o);
  ASSERT_TRUE(in.ok()) << in.error().message();
  EXPECT_EQ(c.registry.ResolveManifest(back)->digest, p.model.digest);
  auto payloads = rc.FetchPayloads(back, p.model.digest);
  ASSERT_TRUE(payloads.ok()) << payloads.error().message();
  ASSERT_EQ(payloads->size(), 1u);
  EXPECT_EQ((*payloads)[0].bytes, R"({"bundle":true})");
}

TEST_P(CopyTest, LayoutBlobTamperingIsDetectedOnCopy) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient rc(c.registry);
  TempDir work;
  Reference a = RepoRef(*b, TestRepo("src"), "v1");
  Pushed p = PushModelWithReferrer(c, rc, a, work.path() + "/m");
  auto layout = ImageLayout::OpenOrCreate(work.path() + "/layout");
  ASSERT_TRUE(layout.ok());
  RegistryStore src(c.registry, rc, a);
  LayoutStore lstore(**layout);
  CopyOptions o;
  o.temp_dir = work.path();
  ASSERT_TRUE(Copy(src, "v1", lstore, "v1", o).ok());
  std::string weights = (*layout)->BlobPath(digest::Sha256(std::string(20000, 'w')));
  std::ofstream(weights, std::ios::binary) << std::string(20000, 'X');
  Reference back = RepoRef(*b, TestRepo("back"), "v1");
  RegistryStore dst(c.registry, rc, back);
  auto in = Copy(lstore, "v1", dst, "v1", o);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error().code(), Errc::kVerificationFailed);
  EXPECT_FALSE(c.registry.ResolveManifest(back).ok());  // the manifest was never pushed
}

TEST_P(CopyTest, CarriesCosignLegacyAttestationTags) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient rc(c.registry);
  TempDir work;
  Reference a = RepoRef(*b, TestRepo("src"), "v1");
  Pushed p = PushModelWithReferrer(c, rc, a, work.path() + "/m");
  std::string env =
      R"({"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]})";
  std::string cfg =
      R"({"architecture":"","os":"","config":{},"rootfs":{"type":"layers","diff_ids":[]}})";
  Descriptor ld = DescribeBytes(attestation::kDsseEnvelopeMediaType, env);
  Descriptor cd = DescribeBytes(kOciConfig, cfg);
  ASSERT_TRUE(c.registry.PushBlobBytes(a, ld, env).ok());
  ASSERT_TRUE(c.registry.PushBlobBytes(a, cd, cfg).ok());
  Manifest att;
  att.config = cd;
  att.layers = {ld};
  ASSERT_TRUE(c.registry
                  .PushManifest(a.WithTag(CosignAttestationTag(p.model.digest)), att.Serialize(),
                                kOciManifest)
                  .ok());
  auto layout = ImageLayout::OpenOrCreate(work.path() + "/layout");
  ASSERT_TRUE(layout.ok());
  RegistryStore src(c.registry, rc, a);
  LayoutStore lstore(**layout);
  CopyOptions o;
  o.temp_dir = work.path();
  auto out = Copy(src, "v1", lstore, "v1", o);
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_EQ(out->referrers_copied, 2);
  EXPECT_TRUE((*layout)->Resolve(CosignAttestationTag(p.model.digest)).ok());
  Reference back = RepoRef(*b, TestRepo("back"), "v1");
  RegistryStore dst(c.registry, rc, back);
  ASSERT_TRUE(Copy(lstore, "v1", dst, "v1", o).ok());
  auto payloads = rc.FetchPayloads(back, p.model.digest);
  ASSERT_TRUE(payloads.ok()) << payloads.error().message();
  EXPECT_EQ(payloads->size(), 2u);  // the bundle referrer and the legacy .att envelope
}

INSTANTIATE_TEST_SUITE_P(Backends, CopyTest,
                         ::testing::Values(BackendKind::kFake, BackendKind::kFakeReferrersApi,
                                           BackendKind::kDockerPlain),
                         [](const auto& info) { return BackendName(info.param); });

class SkopeoInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/bin/skopeo", X_OK) != 0) {
      if (InteropRequired()) FAIL() << "skopeo is not installed";
      GTEST_SKIP() << "skopeo is not installed";
    }
  }
};

TEST_F(SkopeoInteropTest, InspectsAndCopiesOurModelAndReferrerWithPreservedDigests) {
  AFS_ACQUIRE_BACKEND(b, BackendKind::kDockerPlain);
  ClientStack c(*b);
  ReferrersClient rc(c.registry);
  TempDir work;
  Reference a = RepoRef(*b, TestRepo("skopeo"), "v1");
  Pushed p = PushModelWithReferrer(c, rc, a, work.path() + "/m");
  auto raw = c.registry.FetchManifest(a);
  ASSERT_TRUE(raw.ok());
  int rc_code = 0;
  std::string inspected =
      RunCommand("skopeo inspect --raw --tls-verify=false docker://" + a.ToString(), &rc_code);
  ASSERT_EQ(rc_code, 0) << inspected;
  EXPECT_EQ(inspected, raw->bytes);

  Reference dst = RepoRef(*b, TestRepo("skopeo-copy"), "v1");
  std::string out = RunCommand(
      "skopeo copy --preserve-digests --src-tls-verify=false "
      "--dest-tls-verify=false docker://" +
          a.RepositoryName() + "@" + p.model.digest.ToString() + " docker://" + dst.ToString(),
      &rc_code);
  ASSERT_EQ(rc_code, 0) << out;
  // The referrer by digest and its fallback index tag, as a user would copy them with skopeo.
  out = RunCommand(
      "skopeo copy --preserve-digests --src-tls-verify=false --dest-tls-verify=false "
      "docker://" +
          a.RepositoryName() + "@" + p.referrer.digest.ToString() + " docker://" +
          dst.RepositoryName() + "@" + p.referrer.digest.ToString(),
      &rc_code);
  ASSERT_EQ(rc_code, 0) << out;
  std::string tag = ReferrersTag(p.model.digest);
  // The fallback index tag needs --all (otherwise skopeo copies one entry and writes that
  // manifest to the tag); skopeo 1.9.3 refuses --preserve-digests for an index ("Manifest list
  // must be converted"), so the index is re-written — its entries keep their digests.
  out = RunCommand(
      "skopeo copy --all --src-tls-verify=false --dest-tls-verify=false "
      "docker://" +
          a.RepositoryName() + ":" + tag + " docker://" + dst.RepositoryName() + ":" + tag,
      &rc_code);
  ASSERT_EQ(rc_code, 0) << out;
  EXPECT_EQ(c.registry.ResolveManifest(dst)->digest, p.model.digest);
  auto payloads = rc.FetchPayloads(dst, p.model.digest);
  ASSERT_TRUE(payloads.ok()) << payloads.error().message();
  ASSERT_EQ(payloads->size(), 1u);
  auto pulled = PullModel(c.registry, dst, work.path() + "/pulled");
  ASSERT_TRUE(pulled.ok()) << pulled.error().message();
}

TEST_F(SkopeoInteropTest, ReadsOurOciLayoutAndWeReadItsLayout) {
  AFS_ACQUIRE_BACKEND(b, BackendKind::kDockerPlain);
  ClientStack c(*b);
  ReferrersClient rc(c.registry);
  TempDir work;
  Reference a = RepoRef(*b, TestRepo("skopeo"), "v1");
  Pushed p = PushModelWithReferrer(c, rc, a, work.path() + "/m");
  auto layout = ImageLayout::OpenOrCreate(work.path() + "/ours");
  ASSERT_TRUE(layout.ok());
  RegistryStore src(c.registry, rc, a);
  LayoutStore lstore(**layout);
  CopyOptions o;
  o.temp_dir = work.path();
  ASSERT_TRUE(Copy(src, "v1", lstore, "v1", o).ok());
  int code = 0;
  std::string inspected = RunCommand("skopeo inspect --raw oci:" + work.path() + "/ours:v1", &code);
  ASSERT_EQ(code, 0) << inspected;
  EXPECT_EQ(digest::Sha256(inspected), p.model.digest);
  std::string out = RunCommand("skopeo copy --preserve-digests oci:" + work.path() +
                                   "/ours:v1 oci:" + work.path() + "/theirs:v1",
                               &code);
  ASSERT_EQ(code, 0) << out;
  auto theirs = ImageLayout::Open(work.path() + "/theirs");
  ASSERT_TRUE(theirs.ok()) << theirs.error().message();
  auto d = (*theirs)->Resolve("v1");
  ASSERT_TRUE(d.ok()) << d.error().message();
  EXPECT_EQ(d->digest, p.model.digest);
  LayoutStore tstore(**theirs);
  Reference back = RepoRef(*b, TestRepo("from-skopeo-layout"), "v1");
  RegistryStore dst(c.registry, rc, back);
  o.referrers = false;
  ASSERT_TRUE(Copy(tstore, "v1", dst, "v1", o).ok());
  ASSERT_TRUE(PullModel(c.registry, back, work.path() + "/pulled").ok());
}

}  // namespace
}  // namespace attestfs::oci::testing
