// AttestationStore implementation: content-addressed blobs plus one JSON entry file each.
#include "store/attestation_store.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "base/file_io.h"
#include "base/json_depth.h"
#include "digest/sha256_hasher.h"

namespace attestfs::store {

using nlohmann::json;

namespace {
constexpr uint64_t kMaxEntryBytes = 1 << 20;  // an index entry is small; refuse anything bigger

json EntryToJson(const StoreEntry& e) {
  return json{{"digest", e.digest},
              {"mediaType", e.media_type},
              {"predicateType", e.predicate_type},
              {"subjectNames", e.subject_names},
              {"subjectDigests", e.subject_digests},
              {"created", e.created},
              {"size", e.size}};
}

Result<StoreEntry> EntryFromJson(const std::string& text) {
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("store entry");
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error(Errc::kMalformed, "store entry is not JSON");
  try {
    StoreEntry e;
    e.digest = j.at("digest").get<std::string>();
    e.media_type = j.at("mediaType").get<std::string>();
    e.predicate_type = j.at("predicateType").get<std::string>();
    e.subject_names = j.at("subjectNames").get<std::vector<std::string>>();
    e.subject_digests = j.at("subjectDigests").get<std::vector<std::string>>();
    e.created = j.at("created").get<std::string>();
    e.size = j.at("size").get<uint64_t>();
    return e;
  } catch (const json::exception& ex) {
    return Error(Errc::kMalformed, std::string("store entry: ") + ex.what());
  }
}
}  // namespace

std::string AttestationStore::DefaultRoot() {
  if (::geteuid() == 0) return "/var/lib/attestfs";
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/attestfs";
  if (const char* h = std::getenv("HOME"); h && *h)
    return std::string(h) + "/.local/share/attestfs";
  return ".attestfs";
}

Result<StoreEntry> AttestationStore::Put(const std::string& bytes, StoreEntry entry) const {
  auto d = digest::Sha256(bytes);
  entry.digest = d.ToString();
  entry.size = bytes.size();
  AFS_TRY(MakeDirs(root_ + "/blobs/sha256", 0755));
  AFS_TRY(MakeDirs(root_ + "/entries", 0755));
  std::string blob = root_ + "/blobs/sha256/" + d.Hex();
  if (::access(blob.c_str(), F_OK) != 0) {
    AFS_TRY(WriteFileAtomic(blob, bytes, 0644));
  }
  AFS_TRY(WriteFileAtomic(root_ + "/entries/" + d.Hex() + ".json",
                          EntryToJson(entry).dump(2) + "\n", 0644));
  return entry;
}

Result<std::string> AttestationStore::ResolveDigest(const std::string& in) const {
  std::string hex = in.rfind("sha256:", 0) == 0 ? in.substr(7) : in;
  if (hex.empty() || hex.size() > 64 ||
      hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Error(Errc::kInvalidArgument, "'" + in + "' is not a sha256 digest or hex prefix");
  }
  if (hex.size() == 64) return hex;
  std::vector<std::string> matches;
  DIR* dir = ::opendir((root_ + "/blobs/sha256").c_str());
  if (!dir) return Error(Errc::kNotFound, "no attestation " + in + " in store " + root_);
  while (auto* ent = ::readdir(dir)) {
    std::string name = ent->d_name;
    if (name.size() == 64 && name.compare(0, hex.size(), hex) == 0) matches.push_back(name);
  }
  ::closedir(dir);
  if (matches.empty()) return Error(Errc::kNotFound, "no attestation " + in + " in store " + root_);
  if (matches.size() > 1)
    return Error(Errc::kInvalidArgument, "digest prefix " + in + " is ambiguous");
  return matches[0];
}

Result<std::string> AttestationStore::Get(const std::string& digest_in) const {
  AFS_ASSIGN_OR_RETURN(std::string hex, ResolveDigest(digest_in));
  std::string path = root_ + "/blobs/sha256/" + hex;
  auto bytes = ReadFileLimited(path, attestation::kMaxDocumentBytes);
  if (!bytes.ok()) {
    if (bytes.error().code() == Errc::kNotFound) {
      return Error(Errc::kNotFound, "no attestation sha256:" + hex + " in store " + root_);
    }
    return bytes.error();
  }
  if (digest::Sha256(*bytes).Hex() != hex) {
    return Error(Errc::kVerificationFailed,
                 "store blob " + path + " does not match its digest (corrupted)");
  }
  return bytes;
}

Result<StoreEntry> AttestationStore::Entry(const std::string& digest_in) const {
  AFS_ASSIGN_OR_RETURN(std::string hex, ResolveDigest(digest_in));
  AFS_ASSIGN_OR_RETURN(std::string text,
                       ReadFileLimited(root_ + "/entries/" + hex + ".json", kMaxEntryBytes));
  return EntryFromJson(text);
}

Result<std::vector<StoreEntry>> AttestationStore::List() const {
  std::vector<StoreEntry> out;
  DIR* dir = ::opendir((root_ + "/entries").c_str());
  if (!dir) return out;  // an empty or missing store lists nothing
  std::vector<std::string> names;
  while (auto* ent = ::readdir(dir)) {
    std::string name = ent->d_name;
    if (name.size() == 64 + 5 && name.substr(64) == ".json") names.push_back(name);
  }
  ::closedir(dir);
  for (const auto& name : names) {
    auto text = ReadFileLimited(root_ + "/entries/" + name, kMaxEntryBytes);
    if (!text.ok()) continue;
    auto e = EntryFromJson(*text);
    if (!e.ok() || e->digest != "sha256:" + name.substr(0, 64)) continue;
    if (::access((root_ + "/blobs/sha256/" + name.substr(0, 64)).c_str(), F_OK) != 0) continue;
    out.push_back(std::move(*e));
  }
  std::sort(out.begin(), out.end(), [](const StoreEntry& a, const StoreEntry& b) {
    return a.created != b.created ? a.created > b.created : a.digest < b.digest;
  });
  return out;
}

Result<std::vector<StoreEntry>> AttestationStore::FindByName(const std::string& name) const {
  AFS_ASSIGN_OR_RETURN(auto all, List());
  std::vector<StoreEntry> out;
  for (auto& e : all) {
    if (std::find(e.subject_names.begin(), e.subject_names.end(), name) != e.subject_names.end()) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

Result<std::vector<StoreEntry>> AttestationStore::FindBySubjectDigest(const std::string& d) const {
  AFS_ASSIGN_OR_RETURN(auto all, List());
  std::vector<StoreEntry> out;
  for (auto& e : all) {
    if (std::find(e.subject_digests.begin(), e.subject_digests.end(), d) !=
        e.subject_digests.end()) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace attestfs::store
