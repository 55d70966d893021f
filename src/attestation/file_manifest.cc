// FileManifest ordering, validation, subject digest and chunk-index encoding.
#include "attestation/file_manifest.h"

#include <algorithm>
#include <set>

#include "digest/base64.h"
#include "digest/sha256_hasher.h"

namespace attestfs::attestation {

bool PathLess(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    if (i >= a.size() || j >= b.size()) return i >= a.size() && j < b.size();
    size_t ie = a.find('/', i), je = b.find('/', j);
    if (ie == std::string_view::npos) ie = a.size();
    if (je == std::string_view::npos) je = b.size();
    std::string_view ca = a.substr(i, ie - i), cb = b.substr(j, je - j);
    if (ca != cb) return ca < cb;
    i = ie + 1;
    j = je + 1;
    if (ie == a.size() || je == b.size()) return ie == a.size() && je != b.size();
  }
}

Status ValidateRelativePath(std::string_view path) {
  auto bad = [&](const char* why) {
    std::string shown;
    for (char c : path.substr(0, 200)) {
      shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    }
    return Error(Errc::kUnsafePath, "path '" + shown + "': " + why);
  };
  if (path.empty()) return bad("empty path");
  if (path.size() > 4096) return bad("longer than 4096 bytes");
  if (path.front() == '/') return bad("absolute path");
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return bad("contains a control character");
    if (c == '\\') return bad("contains a backslash");
  }
  size_t i = 0;
  while (i <= path.size()) {
    size_t e = path.find('/', i);
    if (e == std::string_view::npos) e = path.size();
    std::string_view comp = path.substr(i, e - i);
    if (comp.empty()) return bad("empty path component");
    if (comp == ".") return bad("'.' component");
    if (comp == "..") return bad("'..' component (path traversal)");
    i = e + 1;
  }
  return OkStatus();
}

uint64_t ChunkCount(uint64_t size, uint64_t chunk_size) {
  if (chunk_size == 0) return 0;
  return (size + chunk_size - 1) / chunk_size;
}

void FileManifest::Sort() {
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return PathLess(a.path, b.path); });
}

digest::Digest FileManifest::SubjectDigest() const {
  digest::Sha256Hasher h;
  for (const auto& f : files) h.Update(f.sha256.Raw());
  return h.Finish();
}

const FileEntry* FileManifest::Find(std::string_view path) const {
  for (const auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

Status FileManifest::Validate() const {
  if (chunk_size < kMinChunkSize || chunk_size > kMaxChunkSize) {
    return Error(Errc::kMalformed, "chunk size " + std::to_string(chunk_size) + " out of range");
  }
  std::set<std::string_view> seen;
  for (const auto& f : files) {
    if (auto s = ValidateRelativePath(f.path); !s.ok()) return s;
    if (!seen.insert(f.path).second) return Error(Errc::kMalformed, "duplicate path '" + f.path + "'");
    if (f.type == FileEntry::Type::kSymlink) {
      if (f.link_target.empty()) return Error(Errc::kMalformed, "symlink '" + f.path + "' has no target");
    }
    if (f.size > chunk_size) {
      if (f.chunks.size() != ChunkCount(f.size, chunk_size)) {
        return Error(Errc::kMalformed, "file '" + f.path + "': chunk index has " +
                                           std::to_string(f.chunks.size()) + " entries, expected " +
                                           std::to_string(ChunkCount(f.size, chunk_size)));
      }
    } else if (!f.chunks.empty()) {
      return Error(Errc::kMalformed, "file '" + f.path + "': chunk index on a single-chunk file");
    }
  }
  // A path may not be both a file and a directory prefix of another path.
  for (const auto& f : files) {
    std::string prefix = f.path + "/";
    auto it = seen.lower_bound(prefix);
    if (it != seen.end() && it->substr(0, prefix.size()) == prefix) {
      return Error(Errc::kMalformed, "path '" + f.path + "' is both a file and a directory");
    }
  }
  return OkStatus();
}

std::string EncodeChunks(const std::vector<digest::Digest>& chunks) {
  std::string raw;
  raw.reserve(chunks.size() * digest::Digest::kSize);
  for (const auto& c : chunks) raw.append(c.Raw());
  return digest::Base64Encode(raw);
}

Result<std::vector<digest::Digest>> DecodeChunks(std::string_view base64) {
  auto raw = digest::Base64Decode(base64);
  if (!raw.ok()) return raw.error().Context("chunk index");
  if (raw->size() % digest::Digest::kSize != 0) {
    return Error(Errc::kMalformed, "chunk index length is not a multiple of 32 bytes");
  }
  std::vector<digest::Digest> out;
  out.reserve(raw->size() / digest::Digest::kSize);
  for (size_t i = 0; i < raw->size(); i += digest::Digest::kSize) {
    out.push_back(*digest::Digest::FromRaw(std::string_view(*raw).substr(i, digest::Digest::kSize)));
  }
  return out;
}

}  // namespace attestfs::attestation
