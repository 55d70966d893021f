// Test fixtures: libarchive tar writer and a hand-made OCI layout.
#include "image_fixture.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "digest/sha256_hasher.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::image::testing {

namespace {
la_ssize_t AppendCb(struct archive*, void* user, const void* buf, size_t n) {
  static_cast<std::string*>(user)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}
}  // namespace

std::string MakeTar(const std::vector<TarEntry>& entries, Compression c) {
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (c == Compression::kGzip) archive_write_add_filter_gzip(a);
  if (c == Compression::kZstd) archive_write_add_filter_zstd(a);
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &out, nullptr, AppendCb, nullptr) != ARCHIVE_OK)
    throw std::runtime_error(archive_error_string(a));
  for (const auto& e : entries) {
    struct archive_entry* en = archive_entry_new();
    archive_entry_set_pathname(en, e.path.c_str());
    archive_entry_set_perm(en, e.mode);
    archive_entry_set_mtime(en, 0, 0);
    switch (e.type) {
      case TarEntry::Type::kFile:
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_size(en, static_cast<la_int64_t>(e.content.size()));
        break;
      case TarEntry::Type::kDir:
        archive_entry_set_filetype(en, AE_IFDIR);
        archive_entry_set_perm(en, 0755);
        break;
      case TarEntry::Type::kSymlink:
        archive_entry_set_filetype(en, AE_IFLNK);
        archive_entry_set_symlink(en, e.link.c_str());
        break;
      case TarEntry::Type::kHardlink:
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_hardlink(en, e.link.c_str());
        archive_entry_set_size(en, 0);
        break;
    }
    if (archive_write_header(a, en) != ARCHIVE_OK)
      throw std::runtime_error(archive_error_string(a));
    if (e.type == TarEntry::Type::kFile && !e.content.empty())
      archive_write_data(a, e.content.data(), e.content.size());
    archive_entry_free(en);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

Layer MakeLayer(const std::vector<TarEntry>& entries, Compression c) {
  Layer l;
  l.bytes = MakeTar(entries, c);
  l.diff_id = digest::Sha256(MakeTar(entries, Compression::kNone)).ToString();
  l.media_type = std::string(c == Compression::kGzip   ? oci::kOciLayerTarGzip
                             : c == Compression::kZstd ? oci::kOciLayerTarZstd
                                                       : oci::kOciLayerTar);
  return l;
}

TempDir::TempDir() {
  std::string t = (std::filesystem::temp_directory_path() / "afs-image-test-XXXXXX").string();
  if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp");
  path_ = t;
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << data;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

LayoutBuilder::LayoutBuilder(std::string dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_ + "/blobs/sha256");
  WriteFile(dir_ + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  WriteFile(dir_ + "/index.json", R"({"schemaVersion":2,"manifests":[]})");
}

oci::Descriptor LayoutBuilder::PutBlob(const std::string& media_type, const std::string& bytes) {
  oci::Descriptor d = oci::DescribeBytes(media_type, bytes);
  WriteFile(BlobPath(d), bytes);
  return d;
}

std::string LayoutBuilder::BlobPath(const oci::Descriptor& d) const {
  return dir_ + "/blobs/sha256/" + d.digest.Hex();
}

oci::Descriptor LayoutBuilder::PutImage(const std::vector<Layer>& layers, const std::string& arch,
                                        bool docker_types) {
  nlohmann::ordered_json cfg{{"architecture", arch}, {"os", "linux"}};
  nlohmann::ordered_json ids = nlohmann::ordered_json::array();
  for (const auto& l : layers)
    ids.push_back(l.diff_id.empty() ? digest::Sha256(l.bytes).ToString() : l.diff_id);
  cfg["rootfs"] = {{"type", "layers"}, {"diff_ids", ids}};
  cfg["config"] = nlohmann::ordered_json::object();
  oci::Manifest m;
  m.media_type = docker_types ? std::string(oci::kDockerManifest) : std::string(oci::kOciManifest);
  m.config = PutBlob(docker_types ? "application/vnd.docker.container.image.v1+json"
                                  : std::string(oci::kOciConfig),
                     cfg.dump());
  for (const auto& l : layers) {
    m.layers.push_back(
        PutBlob(docker_types ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : l.media_type,
                l.bytes));
  }
  return PutBlob(m.media_type, m.Serialize());
}

void LayoutBuilder::Tag(oci::Descriptor d, const std::string& tag) {
  if (!tag.empty()) d.annotations[std::string(oci::kAnnotationRefName)] = tag;
  index_.push_back(d);
  oci::ImageIndex idx;
  idx.manifests = index_;
  WriteFile(dir_ + "/index.json", idx.Serialize());
}

int Run(const std::string& cmd, std::string* output) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool HaveProgram(const std::string& name) { return Run("command -v " + name + " >/dev/null") == 0; }

}  // namespace attestfs::image::testing
