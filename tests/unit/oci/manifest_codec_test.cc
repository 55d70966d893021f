// Tests for the descriptor / manifest / index codecs: round trips, missing mediaType,
// size limit, tampered embedded data, kind detection.
#include <gtest/gtest.h>

#include "attestation/media_types.h"
#include "digest/sha256_hasher.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci {
namespace {

TEST(ManifestCodecTest, RoundTripsArtifactManifestWithSubject) {
  Manifest m;
  m.artifact_type = std::string(attestation::kBundleMediaTypeV03);
  m.config = EmptyDescriptor();
  Descriptor layer = DescribeBytes(attestation::kBundleMediaTypeV03, "bundle-bytes");
  layer.annotations["k"] = "v";
  m.layers.push_back(layer);
  m.subject = DescribeBytes(kOciManifest, "subject");
  m.annotations[std::string(kAnnotationCreated)] = "2026-01-02T03:04:05Z";
  std::string json = m.Serialize();
  EXPECT_EQ(json.find("{\"schemaVersion\":2,\"mediaType\":\"" + std::string(kOciManifest)), 0u);
  auto back = Manifest::Parse(json);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->artifact_type, attestation::kBundleMediaTypeV03);
  EXPECT_EQ(back->config.digest.ToString(), kEmptyJsonDigest);
  ASSERT_EQ(back->layers.size(), 1u);
  EXPECT_EQ(back->layers[0].Annotation("k"), "v");
  ASSERT_TRUE(back->subject.has_value());
  EXPECT_EQ(back->subject->digest, digest::Sha256("subject"));
  EXPECT_EQ(back->Serialize(), json);
}

TEST(ManifestCodecTest, AcceptsManifestWithoutMediaType) {
  std::string json = std::string("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"") +
                     std::string(kOciConfig) + "\",\"digest\":\"" + std::string(kEmptyJsonDigest) +
                     "\",\"size\":2},\"layers\":[],\"extra\":{\"ignored\":true}}";
  auto m = Manifest::Parse(json);
  ASSERT_TRUE(m.ok()) << m.error().message();
  EXPECT_TRUE(m->media_type.empty());
  EXPECT_EQ(m->EffectiveArtifactType(), kOciConfig);
  auto kind = DetectManifestKind(json, "");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ManifestKind::kImageManifest);
}

TEST(ManifestCodecTest, RefusesManifestOverFourMiB) {
  std::string big = "{\"schemaVersion\":2,\"pad\":\"" + std::string(kMaxManifestBytes, 'a') + "\"}";
  EXPECT_EQ(Manifest::Parse(big).error().code(), Errc::kTooLarge);
  EXPECT_EQ(ImageIndex::Parse(big).error().code(), Errc::kTooLarge);
}

// Issue 9 item 6: a registry's deeply nested manifest, index or referrers list is refused
// before a document is built.
TEST(ManifestCodecTest, RefusesDeepNestingNamingTheLimit) {
  const std::string deep =
      "{\"schemaVersion\":2,\"annotations\":" + std::string(200, '[') + std::string(200, ']') + "}";
  const std::string open_only(3u << 20, '[');  // under the 4 MiB manifest limit
  for (const std::string* text : {&deep, &open_only}) {
    auto m = Manifest::Parse(*text);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code(), Errc::kMalformed);
    EXPECT_NE(m.error().message().find("nested deeper than 128 levels"), std::string::npos)
        << m.error().message();
    auto i = ImageIndex::Parse(*text);
    ASSERT_FALSE(i.ok());
    EXPECT_NE(i.error().message().find("nested deeper than 128 levels"), std::string::npos)
        << i.error().message();
  }
}

TEST(ManifestCodecTest, RejectsMalformedInput) {
  EXPECT_EQ(Manifest::Parse("not json").error().code(), Errc::kMalformed);
  EXPECT_EQ(Manifest::Parse("{\"schemaVersion\":1}").error().code(), Errc::kMalformed);
  EXPECT_EQ(Manifest::Parse("{\"schemaVersion\":2}").error().code(), Errc::kMalformed);
  // size as string
  std::string bad_size =
      std::string("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"") +
      std::string(kEmptyJsonDigest) + "\",\"size\":\"2\"}}";
  EXPECT_EQ(Manifest::Parse(bad_size).error().code(), Errc::kMalformed);
  // an index is not a manifest
  ImageIndex idx;
  EXPECT_FALSE(Manifest::Parse(idx.Serialize()).ok());
}

TEST(ManifestCodecTest, RejectsEmbeddedDataThatDoesNotMatchDigest) {
  std::string json = std::string("{\"mediaType\":\"") + std::string(kOciEmpty) +
                     "\",\"digest\":\"" + std::string(kEmptyJsonDigest) +
                     "\",\"size\":2,\"data\":\"e30=\"}";
  auto ok = ParseDescriptorJson(json);
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(*ok->data, "{}");
  std::string tampered = json;
  tampered.replace(tampered.find("e30="), 4, "W10=");  // "[]"
  EXPECT_EQ(ParseDescriptorJson(tampered).error().code(), Errc::kVerificationFailed);
}

TEST(ImageIndexCodecTest, RoundTripsAndDetectsKind) {
  ImageIndex idx;
  Descriptor d = DescribeBytes(kOciManifest, "m");
  d.artifact_type = std::string(attestation::kDsseEnvelopeMediaType);
  d.annotations["a"] = "b";
  idx.manifests.push_back(d);
  std::string json = idx.Serialize();
  auto back = ImageIndex::Parse(json);
  ASSERT_TRUE(back.ok()) << back.error().message();
  ASSERT_EQ(back->manifests.size(), 1u);
  EXPECT_EQ(back->manifests[0].artifact_type, attestation::kDsseEnvelopeMediaType);
  EXPECT_EQ(*DetectManifestKind(json, kOciIndex), ManifestKind::kImageIndex);
  EXPECT_FALSE(DetectManifestKind(json, kOciManifest).ok());  // body contradicts Content-Type
}

}  // namespace
}  // namespace attestfs::oci
