// Test fixtures for the image module: tar layers written with libarchive (plain, gzip, zstd)
// and OCI image layouts assembled by hand, plus a self-removing temp directory.
#pragma once

#include <string>
#include <vector>

#include "oci/descriptor.h"

namespace attestfs::image::testing {

struct TarEntry {
  enum class Type { kFile, kDir, kSymlink, kHardlink };
  std::string path;
  std::string content;
  Type type = Type::kFile;
  std::string link;  // symlink / hardlink target
  unsigned mode = 0644;
};

enum class Compression { kNone, kGzip, kZstd };

// A tar stream (pax format) of `entries`, compressed as asked.
std::string MakeTar(const std::vector<TarEntry>& entries, Compression c = Compression::kGzip);

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Layer {
  std::string bytes;
  std::string media_type;
  std::string diff_id;  // sha256 of the uncompressed tar ("" = same as bytes)
};

Layer MakeLayer(const std::vector<TarEntry>& entries, Compression c = Compression::kGzip);

// Writes an OCI layout under `dir` (created if needed).
class LayoutBuilder {
 public:
  explicit LayoutBuilder(std::string dir);
  oci::Descriptor PutBlob(const std::string& media_type, const std::string& bytes);
  // Config + manifest for `layers`; returns the manifest descriptor (not yet in index.json).
  oci::Descriptor PutImage(const std::vector<Layer>& layers, const std::string& arch = "amd64",
                           bool docker_types = false);
  // Adds a descriptor to index.json (tag "" = untagged); writes index.json.
  void Tag(oci::Descriptor d, const std::string& tag);
  std::string BlobPath(const oci::Descriptor& d) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::vector<oci::Descriptor> index_;
};

// Writes `data` to `path`.
void WriteFile(const std::string& path, const std::string& data);
std::string ReadFile(const std::string& path);
// Runs a shell command; returns its exit status and fills `output` (stdout+stderr).
int Run(const std::string& cmd, std::string* output = nullptr);
bool HaveProgram(const std::string& name);

}  // namespace attestfs::image::testing
