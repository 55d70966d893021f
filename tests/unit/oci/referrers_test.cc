// Referrers: the same bodies against the fake registry with and without the referrers API and
// against docker-registry 2.8.2 (tag-schema fallback), plus fake-only ordering/race checks.
#include <gtest/gtest.h>

#include <thread>

#include "attestation/media_types.h"
#include "digest/sha256_hasher.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/referrers_client.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

constexpr int64_t kCreated = 1767323045;  // 2026-01-02T03:04:05Z

// Pushes a small image-like manifest to `ref` and returns its descriptor.
Descriptor PushSubject(RegistryClient& c, const Reference& ref, const std::string& seed) {
  std::string layer = "layer " + seed;
  Descriptor ld = DescribeBytes(kOciLayerTar, layer);
  EXPECT_TRUE(c.PushBlobBytes(ref, ld, layer).ok());
  EXPECT_TRUE(c.PushBlobBytes(ref, EmptyDescriptor(), kEmptyJson).ok());
  Manifest m;
  m.artifact_type = "application/vnd.example.thing";
  m.config = EmptyDescriptor();
  m.layers.push_back(ld);
  auto pushed = c.PushManifest(ref, m.Serialize(), kOciManifest);
  EXPECT_TRUE(pushed.ok()) << pushed.error().message();
  return pushed->descriptor;
}

class ReferrersTest : public ::testing::TestWithParam<BackendKind> {};

TEST_P(ReferrersTest, AttachesBundleReferrerAndFindsIt) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient referrers(c.registry);
  Reference ref = RepoRef(*b, TestRepo("r"), "v1");
  Descriptor subject = PushSubject(c.registry, ref, "a");
  std::string bundle = R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"})";
  ReferrerArtifact art =
      BuildBundleReferrer(subject, bundle, "https://cyclonedx.org/bom", kCreated);
  auto attached = referrers.Attach(ref, art);
  ASSERT_TRUE(attached.ok()) << attached.error().message();
  EXPECT_EQ(attached->digest, art.manifest.digest);

  auto api = referrers.SupportsReferrersApi(ref);
  ASSERT_TRUE(api.ok()) << api.error().message();
  EXPECT_EQ(*api, b->referrers_api());
  auto tag = c.registry.FetchManifest(ref.WithTag(ReferrersTag(subject.digest)));
  EXPECT_EQ(tag.ok(), !b->referrers_api());  // fallback index only without the API

  auto list = referrers.List(ref, subject.digest);
  ASSERT_TRUE(list.ok()) << list.error().message();
  ASSERT_EQ(list->size(), 1u);
  const Descriptor& d = (*list)[0].descriptor;
  EXPECT_EQ(d.digest, art.manifest.digest);
  EXPECT_EQ(d.artifact_type, attestation::kBundleMediaTypeV03);
  EXPECT_EQ(d.Annotation("dev.sigstore.bundle.predicateType"), "https://cyclonedx.org/bom");
  EXPECT_EQ(d.Annotation("org.opencontainers.image.created"), "2026-01-02T03:04:05Z");
  EXPECT_EQ((*list)[0].source,
            b->referrers_api() ? ReferrersSource::kApi : ReferrersSource::kTagSchema);

  auto payloads = referrers.FetchPayloads(ref, subject.digest);
  ASSERT_TRUE(payloads.ok()) << payloads.error().message();
  ASSERT_EQ(payloads->size(), 1u);
  EXPECT_EQ((*payloads)[0].bytes, bundle);
  EXPECT_EQ((*payloads)[0].layer.media_type, attestation::kBundleMediaTypeV03);
  // The referrer manifest is in cosign's format.
  auto m = Manifest::Parse(art.manifest_bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->config.media_type, kOciEmpty);
  EXPECT_EQ(m->config.size, 2);
  EXPECT_EQ(m->annotations.at("dev.sigstore.bundle.content"), "dsse-envelope");
}

TEST_P(ReferrersTest, KeepsEveryEntryAndFiltersByArtifactType) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient referrers(c.registry);
  Reference ref = RepoRef(*b, TestRepo("r"), "v1");
  Descriptor subject = PushSubject(c.registry, ref, "b");
  ReferrerArtifact bundle = BuildBundleReferrer(subject, "{\"b\":1}", "https://x/p1", kCreated);
  ReferrerArtifact dsse =
      BuildDsseReferrer(subject, "{\"payload\":\"\"}", "https://x/p2", kCreated);
  ASSERT_TRUE(referrers.Attach(ref, bundle).ok());
  ASSERT_TRUE(referrers.Attach(ref, dsse).ok());
  ASSERT_TRUE(referrers.Attach(ref, bundle).ok());  // again: no duplicate entry
  auto all = referrers.List(ref, subject.digest);
  ASSERT_TRUE(all.ok()) << all.error().message();
  EXPECT_EQ(all->size(), 2u);
  auto only_dsse = referrers.List(ref, subject.digest, attestation::kInTotoPayloadType);
  ASSERT_TRUE(only_dsse.ok());
  ASSERT_EQ(only_dsse->size(), 1u);
  EXPECT_EQ((*only_dsse)[0].descriptor.digest, dsse.manifest.digest);
  auto payloads = referrers.FetchPayloads(ref, subject.digest, attestation::kInTotoPayloadType);
  ASSERT_TRUE(payloads.ok());
  ASSERT_EQ(payloads->size(), 1u);
  EXPECT_EQ((*payloads)[0].layer.media_type, attestation::kDsseEnvelopeMediaType);
  // Nothing refers to an unrelated digest.
  auto none = referrers.List(ref, digest::Sha256("unrelated"));
  ASSERT_TRUE(none.ok()) << none.error().message();
  EXPECT_TRUE(none->empty());
}

TEST_P(ReferrersTest, ReadsCosignLegacyAttestationTag) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  ReferrersClient referrers(c.registry);
  Reference ref = RepoRef(*b, TestRepo("r"), "v1");
  Descriptor subject = PushSubject(c.registry, ref, "c");
  // cosign's .att layout: small image config, one DSSE layer per attestation.
  std::string config =
      R"({"architecture":"","os":"","config":{},"rootfs":{"type":"layers","diff_ids":[]}})";
  std::string env1 =
      R"({"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]})";
  Descriptor cd = DescribeBytes(kOciConfig, config);
  Descriptor l1 = DescribeBytes(attestation::kDsseEnvelopeMediaType, env1);
  l1.annotations["dev.cosignproject.cosign/signature"] = "";
  l1.annotations["predicateType"] = "https://slsa.dev/provenance/v1";
  ASSERT_TRUE(c.registry.PushBlobBytes(ref, cd, config).ok());
  ASSERT_TRUE(c.registry.PushBlobBytes(ref, l1, env1).ok());
  Manifest att;
  att.config = cd;
  att.layers = {l1};
  ASSERT_TRUE(c.registry
                  .PushManifest(ref.WithTag(CosignAttestationTag(subject.digest)), att.Serialize(),
                                kOciManifest)
                  .ok());
  auto payloads = referrers.FetchPayloads(ref, subject.digest);
  ASSERT_TRUE(payloads.ok()) << payloads.error().message();
  ASSERT_EQ(payloads->size(), 1u);
  EXPECT_EQ((*payloads)[0].source, ReferrersSource::kCosignAttTag);
  EXPECT_EQ((*payloads)[0].bytes, env1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferrersTest,
                         ::testing::Values(BackendKind::kFake, BackendKind::kFakeReferrersApi,
                                           BackendKind::kDockerPlain, BackendKind::kDockerToken),
                         [](const auto& info) { return BackendName(info.param); });

class ReferrersFakeTest : public ::testing::Test {
 protected:
  FakeRegistry fake_;
};

TEST_F(ReferrersFakeTest, PushesReferrerManifestBeforeTheFallbackIndex) {
  http::CurlHttpClient http(ClientStack::FastHttp());
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient c(http, nullptr, ro);
  ReferrersClient referrers(c);
  Reference ref = *Reference::Parse(fake_.host() + "/order/repo:v1");
  Descriptor subject = PushSubject(c, ref, "o");
  ReferrerArtifact art = BuildBundleReferrer(subject, "{}x", "p", kCreated);
  fake_.ClearLog();
  ASSERT_TRUE(referrers.Attach(ref, art).ok());
  auto log = fake_.Log();
  auto pos = [&](const std::string& s) {
    return std::find_if(log.begin(), log.end(), [&](auto& l) { return l == s; }) - log.begin();
  };
  long manifest_put = pos("PUT /v2/order/repo/manifests/" + art.manifest.digest.ToString());
  long index_put = pos("PUT /v2/order/repo/manifests/" + ReferrersTag(subject.digest));
  ASSERT_LT(manifest_put, static_cast<long>(log.size()));
  ASSERT_LT(index_put, static_cast<long>(log.size()));
  EXPECT_LT(manifest_put, index_put);
}

TEST_F(ReferrersFakeTest, ConcurrentAttachesKeepAllEntries) {
  http::CurlHttpClient http(ClientStack::FastHttp());
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient c(http, nullptr, ro);
  ReferrersClient referrers(c);
  Reference ref = *Reference::Parse(fake_.host() + "/race/repo:v1");
  Descriptor subject = PushSubject(c, ref, "r");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      auto art = BuildBundleReferrer(subject, "{\"n\":" + std::to_string(i) + "}", "p", kCreated);
      if (!referrers.Attach(ref, art).ok()) failures++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto list = referrers.List(ref, subject.digest);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 6u);
}

TEST_F(ReferrersFakeTest, RedoesAFallbackUpdateLostToAnotherWriter) {
  http::CurlHttpClient http(ClientStack::FastHttp());
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient c(http, nullptr, ro);
  ReferrersClient referrers(c);
  Reference ref = *Reference::Parse(fake_.host() + "/lost/repo:v1");
  Descriptor subject = PushSubject(c, ref, "lost");
  fake_.InjectFault("PUT /v2/lost/repo/manifests/" + ReferrersTag(subject.digest),
                    Fault::kLoseWrite, 1);
  auto art = BuildBundleReferrer(subject, "{}", "p", kCreated);
  ASSERT_TRUE(referrers.Attach(ref, art).ok());
  auto list = referrers.List(ref, subject.digest);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(fake_.Count("PUT /v2/lost/repo/manifests/" + ReferrersTag(subject.digest)), 2);
  // A registry that never keeps the write is an error, not a silent success.
  Descriptor subject2 = PushSubject(c, ref.WithTag("v2"), "lost2");
  fake_.InjectFault("PUT /v2/lost/repo/manifests/" + ReferrersTag(subject2.digest),
                    Fault::kLoseWrite, 100);
  auto lost = referrers.Attach(ref, BuildBundleReferrer(subject2, "{}", "p", kCreated));
  ASSERT_FALSE(lost.ok());
  EXPECT_NE(lost.error().message().find("lost"), std::string::npos);
}

TEST_F(ReferrersFakeTest, FollowsReferrersPagesAndFiltersWhenTheRegistryDoesNot) {
  fake_.SetReferrersApi(true);
  fake_.SetReferrersPaging(2, /*apply_filter=*/false);
  http::CurlHttpClient http(ClientStack::FastHttp());
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient c(http, nullptr, ro);
  ReferrersClient referrers(c);
  Reference ref = *Reference::Parse(fake_.host() + "/pages/repo:v1");
  Descriptor subject = PushSubject(c, ref, "p");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(referrers
                    .Attach(ref, BuildBundleReferrer(subject, "{\"b\":" + std::to_string(i) + "}",
                                                     "p", kCreated))
                    .ok());
  }
  ASSERT_TRUE(referrers.Attach(ref, BuildDsseReferrer(subject, "{}", "p", kCreated)).ok());
  auto all = referrers.List(ref, subject.digest);
  ASSERT_TRUE(all.ok()) << all.error().message();
  EXPECT_EQ(all->size(), 4u);  // two pages of two
  auto dsse = referrers.List(ref, subject.digest, attestation::kInTotoPayloadType);
  ASSERT_TRUE(dsse.ok());
  ASSERT_EQ(dsse->size(), 1u);  // filtered client-side: no OCI-Filters-Applied
  EXPECT_EQ((*dsse)[0].descriptor.artifact_type, attestation::kInTotoPayloadType);
  EXPECT_EQ(fake_.Count("PUT /v2/pages/repo/manifests/sha256-"), 0);  // API: no fallback tag
}

TEST_F(ReferrersFakeTest, PreservesEntriesWrittenByOtherToolsAndRefusesNonIndexTags) {
  http::CurlHttpClient http(ClientStack::FastHttp());
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient c(http, nullptr, ro);
  ReferrersClient referrers(c);
  Reference ref = *Reference::Parse(fake_.host() + "/keep/repo:v1");
  Descriptor subject = PushSubject(c, ref, "k");
  // Another tool's referrer, already in the fallback index.
  ReferrerArtifact other =
      BuildReferrer(subject, "application/vnd.other", "application/x", "o", {});
  for (auto& [d, bytes] : other.blobs) fake_.PutBlob("keep/repo", bytes);
  fake_.PutManifestRaw("keep/repo", "", other.manifest_bytes, std::string(kOciManifest));
  ImageIndex idx;
  Descriptor od = other.manifest;
  od.artifact_type = "application/vnd.other";
  idx.manifests.push_back(od);
  fake_.PutManifestRaw("keep/repo", ReferrersTag(subject.digest), idx.Serialize(),
                       std::string(kOciIndex));
  ASSERT_TRUE(referrers.Attach(ref, BuildBundleReferrer(subject, "{}", "p", kCreated)).ok());
  auto list = referrers.List(ref, subject.digest);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);

  // A fallback tag that holds an image manifest is not overwritten.
  Descriptor subject2 = PushSubject(c, ref.WithTag("v2"), "k2");
  Manifest not_index;
  not_index.config = EmptyDescriptor();
  fake_.PutManifestRaw("keep/repo", ReferrersTag(subject2.digest), not_index.Serialize(),
                       std::string(kOciManifest));
  auto refused = referrers.Attach(ref, BuildBundleReferrer(subject2, "{}", "p", kCreated));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), Errc::kMalformed);
}

TEST_F(ReferrersFakeTest, IgnoresFallbackEntriesWhoseManifestHasAnotherSubject) {
  http::CurlHttpClient http(ClientStack::FastHttp());
  RegistryOptions ro;
  ro.plain_http = true;
  RegistryClient c(http, nullptr, ro);
  ReferrersClient referrers(c);
  Reference ref = *Reference::Parse(fake_.host() + "/lie/repo:v1");
  Descriptor subject = PushSubject(c, ref, "l");
  Descriptor elsewhere = PushSubject(c, ref.WithTag("v2"), "l2");
  ReferrerArtifact art = BuildBundleReferrer(elsewhere, "{\"other\":1}", "p", kCreated);
  ASSERT_TRUE(referrers.Attach(ref, art).ok());
  // Copy the (other subject's) fallback index under our subject's tag.
  auto idx = c.FetchManifest(ref.WithTag(ReferrersTag(elsewhere.digest)));
  ASSERT_TRUE(idx.ok());
  fake_.PutManifestRaw("lie/repo", ReferrersTag(subject.digest), idx->bytes,
                       std::string(kOciIndex));
  auto payloads = referrers.FetchPayloads(ref, subject.digest);
  ASSERT_TRUE(payloads.ok());
  EXPECT_TRUE(payloads->empty());
}

}  // namespace
}  // namespace attestfs::oci::testing
