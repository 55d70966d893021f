// File-by-file comparison of attested content against a scanned target.
#include "verify/manifest_diff.h"

#include <algorithm>
#include <map>
#include <set>

#include "targets/scanner.h"

namespace attestfs::verify {

using attestation::FileEntry;

std::string Difference::Line() const {
  switch (kind) {
    case Kind::kChanged:
      return "changed " + path + (detail.empty() ? "" : " (" + detail + ")");
    case Kind::kAdded:
      return "added " + path;
    case Kind::kRemoved:
      return "removed " + path;
  }
  return path;
}

namespace {
bool Ignored(const std::vector<std::string>& ignore, const std::string& path) {
  for (const auto& p : ignore) {
    std::string q = p;
    while (!q.empty() && q.back() == '/') q.pop_back();
    if (path == q || path.rfind(q + "/", 0) == 0) return true;
  }
  return false;
}

std::string CompareEntry(const FileEntry& want, const FileEntry& have, bool digests_only) {
  if (want.sha256 != have.sha256) return "sha256 mismatch";
  if (digests_only) return "";
  if (want.size != have.size) return "size mismatch";
  if (want.type != have.type)
    return want.type == FileEntry::Type::kSymlink ? "not a symlink" : "became a symlink";
  if (want.type == FileEntry::Type::kSymlink && want.link_target != have.link_target)
    return "symlink target";
  if (want.executable != have.executable) return "executable bit";
  return "";
}
}  // namespace

Result<std::vector<Difference>> CompareContent(const AttestedContent& expected,
                                               const attestation::FileManifest& actual,
                                               const std::string& root) {
  if (expected.single_file && !expected.manifest.files.empty()) {
    // A single-file model's one resource is ".": it stands for whichever file the target is.
    if (actual.files.size() != 1) {
      return std::vector<Difference>{{Difference::Kind::kChanged, ".",
                                      "the signature covers a single-file model: verify it as "
                                      "file:PATH"}};
    }
    AttestedContent one = expected;
    one.single_file = false;
    one.manifest.files.resize(1);
    one.manifest.files[0].path = actual.files[0].path;
    return CompareContent(one, actual, root);
  }
  std::vector<Difference> out;
  std::map<std::string, const FileEntry*> have;
  for (const auto& f : actual.files) {
    if (!Ignored(expected.ignore_paths, f.path)) have[f.path] = &f;
  }
  std::set<std::string> attested;
  if (expected.detail == AttestedContent::Detail::kShards) {
    for (const auto& sh : expected.shards) {
      attested.insert(sh.path);
      auto it = have.find(sh.path);
      if (it == have.end()) continue;  // reported as removed below
      if (sh.end > it->second->size) {
        out.push_back({Difference::Kind::kChanged, sh.path, "shorter than attested"});
        continue;
      }
      auto d = targets::HashFileRange(root + "/" + sh.path, sh.start, sh.end - sh.start);
      if (!d.ok()) return d.error();
      if (d->Hex() != sh.digest_hex) {
        out.push_back(
            {Difference::Kind::kChanged, sh.path,
             "shard " + std::to_string(sh.start) + "-" + std::to_string(sh.end) + " mismatch"});
      }
    }
    // A file longer than its last shard changed too.
    std::map<std::string, uint64_t> ends;
    for (const auto& sh : expected.shards) ends[sh.path] = std::max(ends[sh.path], sh.end);
    for (const auto& [path, end] : ends) {
      auto it = have.find(path);
      if (it != have.end() && it->second->size > end)
        out.push_back({Difference::Kind::kChanged, path, "longer than attested"});
    }
  } else {
    bool digests_only = expected.detail == AttestedContent::Detail::kDigestsOnly;
    for (const auto& want : expected.manifest.files) {
      attested.insert(want.path);
      auto it = have.find(want.path);
      if (it == have.end()) continue;
      std::string why = CompareEntry(want, *it->second, digests_only);
      if (!why.empty()) out.push_back({Difference::Kind::kChanged, want.path, why});
    }
  }
  for (const auto& p : attested) {
    if (!have.count(p)) out.push_back({Difference::Kind::kRemoved, p, ""});
  }
  for (const auto& [p, f] : have) {
    if (!attested.count(p)) out.push_back({Difference::Kind::kAdded, p, ""});
  }
  // Shard mode lists a file once per changed shard; keep the first line per path and kind.
  std::sort(out.begin(), out.end(), [](const Difference& a, const Difference& b) {
    return attestation::PathLess(a.path, b.path) || (a.path == b.path && a.kind < b.kind);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Difference& a, const Difference& b) {
                          return a.path == b.path && a.kind == b.kind;
                        }),
            out.end());
  return out;
}

}  // namespace attestfs::verify
