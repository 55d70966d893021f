// OpenSSF model-signing v1.0 predicate: writer (files method + attestfs extension) and
// the subject digest. The parser for untrusted input is in model_signing_parser.cc.
#include "attestation/predicates/model_signing.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "digest/sha256_hasher.h"

namespace attestfs::attestation::predicates {

using ojson = nlohmann::ordered_json;

Result<digest::Digest> ModelSigningPredicate::SubjectDigest() const {
  // v1.0: SHA-256 over the concatenated raw resource digests, in the order listed.
  digest::Sha256Hasher h;
  for (const auto& r : resources) {
    auto d = digest::Digest::FromHex(r.digest_hex);
    if (!d.ok()) return d.error().Context("model-signing resource '" + r.name + "'");
    h.Update(d->Raw());
  }
  return h.Finish();
}

std::string BuildModelSigningPredicate(const FileManifest& input) {
  const FileManifest* m = &input;
  FileManifest sorted;
  auto less = [](const FileEntry& a, const FileEntry& b) { return PathLess(a.path, b.path); };
  if (!std::is_sorted(input.files.begin(), input.files.end(), less)) {
    sorted = input;
    sorted.Sort();
    m = &sorted;
  }
  bool any_symlink = std::any_of(m->files.begin(), m->files.end(), [](const FileEntry& f) {
    return f.type == FileEntry::Type::kSymlink;
  });
  ojson resources = ojson::array();
  ojson files = ojson::array();
  for (const auto& f : m->files) {
    resources.push_back(
        ojson{{"name", f.path}, {"algorithm", "sha256"}, {"digest", f.sha256.Hex()}});
    ojson e{{"path", f.path}, {"size", f.size}, {"executable", f.executable}};
    if (f.type == FileEntry::Type::kSymlink) e["symlink"] = f.link_target;
    if (!f.chunks.empty()) e["chunks"] = EncodeChunks(f.chunks);
    files.push_back(std::move(e));
  }
  ojson pred;
  // Ignored paths are re-applied by model_signing at verify time, like our exclusions.
  pred["serialization"] = ojson{{"method", "files"},
                                {"hash_type", "sha256"},
                                {"allow_symlinks", any_symlink},
                                {"ignore_paths", m->excluded}};
  pred["resources"] = std::move(resources);
  // Extension field: "Any other field should be ignored by verifiers adhering to v1.0".
  pred["attestfs"] = ojson{{"chunkSize", m->chunk_size},
                           {"files", std::move(files)},
                           {"include", m->include_patterns},
                           {"exclude", m->exclude_patterns},
                           {"excluded", m->excluded}};
  // Paths are expected to be UTF-8; invalid bytes become U+FFFD (and then fail verification).
  return pred.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace attestfs::attestation::predicates
