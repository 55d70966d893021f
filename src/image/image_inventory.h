// ImageInventory: what a container image contains once its layers are applied in order —
// every file with its SHA-256, the OS (etc/os-release), Debian packages (dpkg status and
// status.d), Python distributions (*.dist-info/METADATA) and model files found by extension.
// ScanImage streams each layer once through libarchive, verifying the layer digest as it reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::image {

class OpenedImage;

struct ImageFile {
  enum class Type { kRegular, kSymlink };
  std::string path;  // relative to the image root ("usr/bin/env")
  Type type = Type::kRegular;
  uint64_t size = 0;
  digest::Digest sha256;    // regular files only
  unsigned mode = 0;        // permission bits (07777)
  int layer = 0;            // index into OpenedImage::layers() of the layer that wrote it
  std::string link_target;  // symlinks only
};

struct OsRelease {
  std::string id;          // "debian"
  std::string version_id;  // "12"
  std::string version_codename;
  std::string name;
  std::string pretty_name;
};

struct OsPackage {
  std::string name;
  std::string version;
  std::string arch;
  std::string source;                 // source package name when it differs ("" otherwise)
  std::string source_version;         // from "Source: name (version)"
  std::vector<std::string> licenses;  // DEP-5 License: names from usr/share/doc/<name>/copyright
  std::string database;               // "var/lib/dpkg/status" or the status.d file
};

struct PythonDist {
  std::string name;
  std::string version;
  std::string license;             // License: (first line)
  std::string license_expression;  // License-Expression: (PEP 639)
  std::vector<std::string>
      license_classifiers;  // "MIT License" from "License :: ... :: MIT License"
  std::string metadata_path;
};

struct ModelFile {
  std::string path;
  digest::Digest sha256;
  uint64_t size = 0;
  std::string format;  // safetensors, gguf, onnx, pytorch, keras, tflite, tensorflow, ...
};

struct ImageInventory {
  std::vector<ImageFile> files;  // sorted by path
  std::optional<OsRelease> os;
  std::vector<OsPackage> os_packages;
  std::vector<PythonDist> python;
  std::vector<ModelFile> models;
  uint64_t total_file_bytes = 0;
  uint64_t whiteouts = 0;  // whiteout entries applied
};

// Applies the layers in order (tar, tar+gzip, tar+zstd; .wh.<name> and .wh..wh..opq
// honoured), refusing '..' in entry names (kUnsafePath) and any layer whose bytes do not match
// its digest (kVerificationFailed naming the digest), then reads the package databases.
Result<ImageInventory> ScanImage(OpenedImage& image);

// Model format for a path by extension ("" when not a model); `size` matters for .bin.
std::string ModelFormatFor(std::string_view path, uint64_t size);

}  // namespace attestfs::image
