// Model artifacts: push/pull round trips (raw layers and packed tar layers) against the fake
// and docker-registry, the ranged blob source, and pull safety (tampering, escaping paths,
// failed verification hooks) — a failed pull leaves no directory behind.
#include "oci/model_transfer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "oci/media_types.h"
#include "oci/model_artifact.h"
#include "oci/model_layout.h"
#include "oci/registry_blob_source.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

namespace fs = std::filesystem;

void WriteFile(const std::string& root, const std::string& rel, const std::string& data,
               bool exec = false) {
  fs::create_directories(fs::path(root + "/" + rel).parent_path());
  std::ofstream(root + "/" + rel, std::ios::binary) << data;
  ::chmod((root + "/" + rel).c_str(), exec ? 0755 : 0644);
}

attestation::FileManifest ManifestOf(const std::string& root) {
  attestation::FileManifest fm;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    attestation::FileEntry f;
    f.path = fs::relative(e.path(), root).string();
    auto h = digest::HashFile(e.path().string());
    f.sha256 = h->digest;
    f.size = h->size;
    f.executable = (fs::status(e.path()).permissions() & fs::perms::owner_exec) != fs::perms::none;
    fm.files.push_back(f);
  }
  fm.Sort();
  return fm;
}

std::string Read(const std::string& p) { return *ReadFileLimited(p, 64 << 20); }

const std::string kLongDir = std::string(120, 'd') + "/" + std::string(90, 'e') + "/" +
                             std::string(90, 'f');  // > 255 chars with the name: needs PAX

void MakeModel(const std::string& root) {
  WriteFile(root, "model.safetensors", std::string(300000, 'w'));
  WriteFile(root, "config.json", R"({"arch":"tiny"})");
  WriteFile(root, "README.md", "# tiny\n");
  WriteFile(root, "tok/tokenizer.json", R"({"v":[1,2,3]})");
  WriteFile(root, "run.sh", "#!/bin/sh\necho hi\n", true);
  WriteFile(root, "data/train.csv", "a,b\n1,2\n");
  WriteFile(root, kLongDir + "/vocab.txt", "hello\nworld\n");
  WriteFile(root, "empty.txt", "");
}

class ModelTransferTest : public ::testing::TestWithParam<BackendKind> {};

TEST_P(ModelTransferTest, PushesRawLayersAndPullsAnIdenticalTree) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  TempDir work;
  std::string src = work.path() + "/src";
  MakeModel(src);
  auto fm = ManifestOf(src);
  Reference ref = RepoRef(*b, TestRepo("m"), "v1");
  PushModelOptions po;
  po.build.created_unix = 1767323045;
  auto pushed = PushModel(c.registry, src, fm, ref, po);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  auto raw = c.registry.FetchManifest(ref);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->descriptor.digest, pushed->manifest.digest);
  auto m = Manifest::Parse(raw->bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->artifact_type, kModelArtifactType);
  EXPECT_EQ(m->config.media_type, kModelConfig);
  ASSERT_EQ(m->layers.size(), fm.files.size());
  for (auto& l : m->layers) {
    std::string path = l.Annotation("org.cncf.model.filepath");
    const auto* f = fm.Find(path);
    ASSERT_NE(f, nullptr) << path;
    EXPECT_EQ(l.digest, f->sha256);  // a raw layer digest is the file's SHA-256
    EXPECT_EQ(l.Annotation("org.opencontainers.image.title"), path);
    EXPECT_EQ(l.media_type, ModelLayerMediaType(ClassifyModelFile(path), false));
  }

  std::string dest = work.path() + "/dest";
  auto pulled = PullModel(c.registry, ref, dest);
  ASSERT_TRUE(pulled.ok()) << pulled.error().message();
  auto back = ManifestOf(dest);
  ASSERT_EQ(back.files.size(), fm.files.size());
  for (size_t i = 0; i < fm.files.size(); ++i) {
    EXPECT_EQ(back.files[i].path, fm.files[i].path);
    EXPECT_EQ(back.files[i].sha256, fm.files[i].sha256);
    EXPECT_EQ(back.files[i].executable, fm.files[i].executable) << fm.files[i].path;
  }
  EXPECT_EQ(fs::status(dest).permissions() & fs::perms::others_read, fs::perms::others_read);
  // Pushing again uploads no blob (HEAD says they exist).
  uint64_t before = c.registry.Stats().bytes_uploaded;
  ASSERT_TRUE(PushModel(c.registry, src, fm, ref, po).ok());
  EXPECT_EQ(c.registry.Stats().bytes_uploaded - before,
            pushed->artifact.manifest_bytes.size());  // the manifest only
}

TEST_P(ModelTransferTest, PacksFilesBeyondTheRawLayerLimitWithOffsets) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  ClientStack c(*b);
  TempDir work;
  std::string src = work.path() + "/src";
  MakeModel(src);
  for (int i = 0; i < 6; ++i)
    WriteFile(src, "shards/s" + std::to_string(i) + ".txt", std::string(700 + i, 'a' + i));
  auto fm = ManifestOf(src);
  Reference ref = RepoRef(*b, TestRepo("m"), "packed");
  PushModelOptions po;
  po.build.max_raw_layers = 4;  // 14 files: the 2 largest raw, the rest packed
  auto pushed = PushModel(c.registry, src, fm, ref, po);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  size_t tar_layers = 0;
  for (auto& l : pushed->artifact.layers) tar_layers += l.tar.segments.empty() ? 0 : 1;
  EXPECT_GE(tar_layers, 1u);
  EXPECT_EQ(pushed->artifact.files.size(), fm.files.size());

  // The layout read back from the registry locates every file; ranged reads return its bytes.
  auto loaded = LoadModelLayout(c.registry, ref);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->layout.size(), fm.files.size());
  RegistryBlobSource source(c.registry, ref, loaded->layout);
  for (auto& f : fm.files) {
    std::string want = Read(src + "/" + f.path);
    auto got = source.ReadRange(f, 0, f.size + 10);
    ASSERT_TRUE(got.ok()) << f.path << ": " << got.error().message();
    EXPECT_EQ(*got, want) << f.path;
    if (f.size > 3) {
      EXPECT_EQ(*source.ReadRange(f, 1, 2), want.substr(1, 2));
    }
  }
  EXPECT_TRUE(loaded->layout.at(kLongDir + "/vocab.txt").packed ||
              !loaded->layout.at("model.safetensors").packed);

  std::string dest = work.path() + "/dest";
  auto pulled = PullModel(c.registry, ref, dest);
  ASSERT_TRUE(pulled.ok()) << pulled.error().message();
  auto back = ManifestOf(dest);
  ASSERT_EQ(back.files.size(), fm.files.size());
  for (size_t i = 0; i < fm.files.size(); ++i) {
    EXPECT_EQ(back.files[i].path, fm.files[i].path);
    EXPECT_EQ(back.files[i].sha256, fm.files[i].sha256);
    EXPECT_EQ(back.files[i].executable, fm.files[i].executable) << fm.files[i].path;
  }
}

TEST_P(ModelTransferTest, ModelWithMoreThanAThousandFilesStaysUnderTheManifestLimit) {
  AFS_ACQUIRE_BACKEND(b, GetParam());
  if (b->is_real() && GetParam() != BackendKind::kDockerPlain)
    GTEST_SKIP() << "one real backend is enough";
  ClientStack c(*b);
  TempDir work;
  std::string src = work.path() + "/src";
  WriteFile(src, "model.safetensors", std::string(50000, 'w'));
  for (int i = 0; i < 1200; ++i) {
    WriteFile(src, "vocab/part-" + std::to_string(i) + ".json",
              "{\"i\":" + std::to_string(i) + "}");
  }
  auto fm = ManifestOf(src);
  Reference ref = RepoRef(*b, TestRepo("m"), "many");
  auto pushed = PushModel(c.registry, src, fm, ref);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  EXPECT_LE(pushed->artifact.layers.size(), kMaxRawLayerFiles);
  EXPECT_LT(pushed->artifact.manifest_bytes.size(), kMaxManifestBytes);
  std::string dest = work.path() + "/dest";
  auto pulled = PullModel(c.registry, ref, dest);
  ASSERT_TRUE(pulled.ok()) << pulled.error().message();
  EXPECT_EQ(pulled->layout.size(), fm.files.size());
  auto back = ManifestOf(dest);
  ASSERT_EQ(back.files.size(), fm.files.size());
  EXPECT_EQ(back.SubjectDigest(), fm.SubjectDigest());
}

INSTANTIATE_TEST_SUITE_P(Backends, ModelTransferTest,
                         ::testing::Values(BackendKind::kFake, BackendKind::kDockerPlain,
                                           BackendKind::kDockerTls),
                         [](const auto& info) { return BackendName(info.param); });

class ModelPullSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegistryOptions ro;
    ro.plain_http = true;
    client_ = std::make_unique<RegistryClient>(http_, nullptr, ro);
    src_ = work_.path() + "/src";
    MakeModel(src_);
    fm_ = ManifestOf(src_);
    ref_ = *Reference::Parse(fake_.host() + "/safety/model:v1");
    auto pushed = PushModel(*client_, src_, fm_, ref_);
    ASSERT_TRUE(pushed.ok()) << pushed.error().message();
    pushed_ = pushed->manifest;
  }
  // Nothing but src/ is left in the work directory (no dest, no temp dirs).
  void ExpectNothingWritten() {
    for (auto& e : fs::directory_iterator(work_.path())) {
      EXPECT_EQ(e.path().filename(), "src") << "left behind: " << e.path();
    }
  }

  FakeRegistry fake_;
  http::CurlHttpClient http_{ClientStack::FastHttp()};
  std::unique_ptr<RegistryClient> client_;
  TempDir work_;
  std::string src_;
  attestation::FileManifest fm_;
  Reference ref_;
  Descriptor pushed_;
};

TEST_F(ModelPullSafetyTest, TamperedLayerFailsThePullAndLeavesNoTree) {
  const auto* f = fm_.Find("model.safetensors");
  fake_.InjectFault("GET /v2/safety/model/blobs/" + f->sha256.ToString(), Fault::kWrongBytes, 10);
  auto pulled = PullModel(*client_, ref_, work_.path() + "/dest");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code(), Errc::kVerificationFailed);
  ExpectNothingWritten();
}

TEST_F(ModelPullSafetyTest, TruncatedLayerIsResumedAndThePullSucceeds) {
  const auto* f = fm_.Find("model.safetensors");
  fake_.InjectFault("GET /v2/safety/model/blobs/" + f->sha256.ToString(), Fault::kTruncate, 1);
  auto pulled = PullModel(*client_, ref_, work_.path() + "/dest");
  ASSERT_TRUE(pulled.ok()) << pulled.error().message();
  EXPECT_EQ(Read(work_.path() + "/dest/model.safetensors"), Read(src_ + "/model.safetensors"));
}

TEST_F(ModelPullSafetyTest, RefusesPathsThatEscapeTheDestination) {
  auto fetched = client_->FetchManifest(ref_);
  ASSERT_TRUE(fetched.ok());
  auto m = Manifest::Parse(fetched->bytes);
  ASSERT_TRUE(m.ok());
  for (const char* evil : {"../evil", "/etc/evil", "a/../../evil"}) {
    Manifest bad = *m;
    bad.layers[0].annotations["org.cncf.model.filepath"] = evil;
    bad.layers[0].annotations["org.opencontainers.image.title"] = evil;
    std::string bytes = bad.Serialize();
    fake_.PutManifestRaw("safety/model", "evil", bytes, std::string(kOciManifest));
    auto pulled = PullModel(*client_, ref_.WithTag("evil"), work_.path() + "/dest");
    ASSERT_FALSE(pulled.ok()) << evil;
    EXPECT_EQ(pulled.error().code(), Errc::kUnsafePath) << pulled.error().message();
    ExpectNothingWritten();
  }
}

TEST_F(ModelPullSafetyTest, FailedVerificationHookLeavesNoTree) {
  PullModelOptions o;
  std::string seen_dir;
  o.before_commit = [&](const std::string& tmp, const Descriptor& d, const Manifest&) -> Status {
    seen_dir = tmp;
    EXPECT_EQ(d.digest, pushed_.digest);
    EXPECT_TRUE(fs::exists(tmp + "/model.safetensors"));
    return Error(Errc::kVerificationFailed, "signature does not verify");
  };
  auto pulled = PullModel(*client_, ref_, work_.path() + "/dest", o);
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code(), Errc::kVerificationFailed);
  EXPECT_FALSE(seen_dir.empty());
  ExpectNothingWritten();
}

TEST_F(ModelPullSafetyTest, RefusesNonEmptyDestinationAndNonModelArtifacts) {
  fs::create_directories(work_.path() + "/dest");
  WriteFile(work_.path(), "dest/keep.txt", "mine");
  auto pulled = PullModel(*client_, ref_, work_.path() + "/dest");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(Read(work_.path() + "/dest/keep.txt"), "mine");
  Manifest img;
  img.config = EmptyDescriptor();
  fake_.PutBlob("safety/model", std::string(kEmptyJson));
  fake_.PutManifestRaw("safety/model", "img", img.Serialize(), std::string(kOciManifest));
  EXPECT_EQ(PullModel(*client_, ref_.WithTag("img"), work_.path() + "/d2").error().code(),
            Errc::kUnsupported);
}

TEST_F(ModelPullSafetyTest, PullsOrasStyleFileArtifactsWhenAllowed) {
  std::string content = "hello from oras\n";
  Descriptor layer = DescribeBytes(kOciLayerTar, content);  // oras types plain files this way
  layer.annotations["org.opencontainers.image.title"] = "hello.txt";
  fake_.PutBlob("safety/model", content);
  fake_.PutBlob("safety/model", std::string(kEmptyJson));
  Manifest m;
  m.artifact_type = "application/vnd.unknown.artifact.v1";
  m.config = EmptyDescriptor();
  m.layers = {layer};
  fake_.PutManifestRaw("safety/model", "oras", m.Serialize(), std::string(kOciManifest));
  PullModelOptions o;
  o.allow_non_model = true;
  auto pulled = PullModel(*client_, ref_.WithTag("oras"), work_.path() + "/oras", o);
  ASSERT_TRUE(pulled.ok()) << pulled.error().message();
  EXPECT_EQ(Read(work_.path() + "/oras/hello.txt"), content);
}

TEST_F(ModelPullSafetyTest, RefusesALayerThatNoFileOfTheModelLiesIn) {
  // inject.py / hostile extralayer: the tag re-published with one more (executable) layer.
  auto fetched = client_->FetchManifest(ref_);
  ASSERT_TRUE(fetched.ok());
  auto m = Manifest::Parse(fetched->bytes);
  ASSERT_TRUE(m.ok());
  std::string evil = "#!/bin/sh\necho pwned\n";
  Descriptor layer = DescribeBytes(kOciLayerTar, evil);
  layer.annotations["org.opencontainers.image.title"] = "evil.sh";
  layer.annotations["org.cncf.model.file.metadata+json"] = "{\"mode\":493}";
  fake_.PutBlob("safety/model", evil);
  Manifest bad = *m;
  bad.layers.push_back(layer);
  fake_.PutManifestRaw("safety/model", "extra", bad.Serialize(), std::string(kOciManifest));
  auto pulled = PullModel(*client_, ref_.WithTag("extra"), work_.path() + "/dest");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(pulled.error().message().find(layer.digest.ToString()), std::string::npos)
      << pulled.error().message();
  EXPECT_NE(pulled.error().message().find("evil.sh"), std::string::npos);
  ExpectNothingWritten();
}

TEST_F(ModelPullSafetyTest, RefusesATarMemberThatTheFileListDoesNotPlaceThere) {
  // A member appended to a packed layer the config does list (hostile tar-extra, deeper): the
  // listed files keep their offsets, so only the extraction can notice.
  PushModelOptions po;
  po.build.max_raw_layers = 4;
  Reference packed = ref_.WithTag("packed");
  auto pushed = PushModel(*client_, src_, fm_, packed, po);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  const ModelLayer* tar = nullptr;
  for (auto& l : pushed->artifact.layers) {
    if (!l.tar.segments.empty()) tar = &l;
  }
  ASSERT_NE(tar, nullptr);
  std::vector<TarMember> members;
  for (auto& p : tar->paths) members.push_back({p, fm_.Find(p)->size, fm_.Find(p)->executable});
  const std::string evil = "import os; os.system('id')\n";
  members.push_back({"evil_extra.py", evil.size(), true});
  auto plan = PlanTar(members);
  ASSERT_TRUE(plan.ok());
  std::string bytes;
  for (auto& s : plan->segments) {
    if (s.member < 0) {
      bytes += s.literal;
    } else if (static_cast<size_t>(s.member) < tar->paths.size()) {
      bytes += Read(src_ + "/" + tar->paths[static_cast<size_t>(s.member)]);
    } else {
      bytes += evil;
    }
  }
  Descriptor evil_layer = tar->descriptor;
  evil_layer.digest = digest::Sha256(bytes);
  evil_layer.size = static_cast<int64_t>(bytes.size());
  fake_.PutBlob("safety/model", bytes);
  std::string cfg = pushed->artifact.config_bytes;
  const std::string old_digest = tar->descriptor.digest.ToString();
  for (size_t p = cfg.find(old_digest); p != std::string::npos; p = cfg.find(old_digest, p)) {
    cfg.replace(p, old_digest.size(), evil_layer.digest.ToString());
  }
  fake_.PutBlob("safety/model", cfg);
  auto m = Manifest::Parse(pushed->artifact.manifest_bytes);
  ASSERT_TRUE(m.ok());
  m->config = DescribeBytes(kModelConfig, cfg);
  for (auto& l : m->layers) {
    if (l.digest == tar->descriptor.digest) l = evil_layer;
  }
  fake_.PutManifestRaw("safety/model", "tarextra", m->Serialize(), std::string(kOciManifest));
  ASSERT_TRUE(LoadModelLayout(*client_, ref_.WithTag("tarextra")).ok());  // the list looks fine
  auto pulled = PullModel(*client_, ref_.WithTag("tarextra"), work_.path() + "/dest");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(pulled.error().message().find("evil_extra.py"), std::string::npos)
      << pulled.error().message();
  ExpectNothingWritten();
}

TEST(ModelArtifactTest, LayoutRefusesUncoveredLayersAndDuplicatePaths) {
  TempDir work;
  MakeModel(work.path());
  auto fm = ManifestOf(work.path());
  auto built = BuildModelArtifact(work.path(), fm, {});
  ASSERT_TRUE(built.ok()) << built.error().message();
  auto m = Manifest::Parse(built->manifest_bytes);
  ASSERT_TRUE(m.ok());
  Manifest extra = *m;
  Descriptor gz = DescribeBytes("application/vnd.cncf.model.code.v1.tar+gzip", "x");
  gz.annotations["org.opencontainers.image.title"] = "evil2.sh";
  extra.layers.push_back(gz);
  auto l = ParseModelLayout(extra.Serialize(), built->config_bytes);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(l.error().message().find("evil2.sh"), std::string::npos) << l.error().message();
  Manifest dup = *m;
  dup.layers.push_back(dup.layers[0]);
  dup.layers.back().digest = digest::Sha256("other bytes");
  auto d = ParseModelLayout(dup.Serialize(), built->config_bytes);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message().find("twice"), std::string::npos) << d.error().message();
}

TEST(ModelArtifactTest, LayoutMustMatchTheAttestedFilesOneToOne) {
  TempDir work;
  MakeModel(work.path());
  auto fm = ManifestOf(work.path());
  ModelBuildOptions o;
  o.max_raw_layers = 4;
  auto built = BuildModelArtifact(work.path(), fm, o);
  ASSERT_TRUE(built.ok()) << built.error().message();
  ModelLayout layout = built->Layout();
  EXPECT_TRUE(CheckLayoutMatchesFiles(layout, fm).ok());
  auto extra = fm;
  extra.files.push_back({"not-pushed.bin",
                         attestation::FileEntry::Type::kRegular,
                         1,
                         digest::Sha256("x"),
                         false,
                         "",
                         {}});
  extra.Sort();
  EXPECT_EQ(CheckLayoutMatchesFiles(layout, extra).error().code(), Errc::kVerificationFailed);
  auto missing = fm;
  missing.files.erase(missing.files.begin());
  EXPECT_NE(CheckLayoutMatchesFiles(layout, missing).error().message().find("not attested"),
            std::string::npos);
  auto swapped = fm;
  for (auto& f : swapped.files) {
    if (f.path == "model.safetensors") f.sha256 = digest::Sha256("other");
  }
  EXPECT_FALSE(CheckLayoutMatchesFiles(layout, swapped).ok());
}

TEST(ModelArtifactTest, ClassifiesFilesByRole) {
  EXPECT_EQ(ClassifyModelFile("a/model-00001.safetensors"), FileRole::kWeight);
  EXPECT_EQ(ClassifyModelFile("config.json"), FileRole::kWeightConfig);
  EXPECT_EQ(ClassifyModelFile("README.md"), FileRole::kDoc);
  EXPECT_EQ(ClassifyModelFile("LICENSE"), FileRole::kDoc);
  EXPECT_EQ(ClassifyModelFile("src/train.py"), FileRole::kCode);
  EXPECT_EQ(ClassifyModelFile("data/x.parquet"), FileRole::kDataset);
  EXPECT_EQ(ModelLayerMediaType(FileRole::kWeightConfig, true),
            "application/vnd.cncf.model.weight.config.v1.tar");
  EXPECT_EQ(ModelLayerMediaType(FileRole::kWeight, false),
            "application/vnd.cncf.model.weight.v1.raw");
}

TEST(ModelArtifactTest, RefusesToPackFilesThatChangedSinceAttestation) {
  TempDir work;
  MakeModel(work.path());
  auto fm = ManifestOf(work.path());
  WriteFile(work.path(), "README.md", "# changed\n");
  ModelBuildOptions o;
  o.max_raw_layers = 2;
  auto built = BuildModelArtifact(work.path(), fm, o);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code(), Errc::kVerificationFailed);
}

TEST(ModelArtifactTest, RejectsConfigThatPlacesFilesOutsideItsLayers) {
  TempDir work;
  MakeModel(work.path());
  auto fm = ManifestOf(work.path());
  ModelBuildOptions o;
  o.max_raw_layers = 2;
  auto built = BuildModelArtifact(work.path(), fm, o);
  ASSERT_TRUE(built.ok()) << built.error().message();
  EXPECT_TRUE(ParseModelLayout(built->manifest_bytes, built->config_bytes).ok());
  std::string cfg = built->config_bytes;
  size_t p = cfg.find("\"offset\":");
  ASSERT_NE(p, std::string::npos);
  cfg.insert(p + 9, "99999999");
  EXPECT_EQ(ParseModelLayout(built->manifest_bytes, cfg).error().code(), Errc::kMalformed);
}

}  // namespace
}  // namespace attestfs::oci::testing
