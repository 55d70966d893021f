// ParseMountOptionList: one table of value options, one of flags, one of ignored mount(8) options.
#include "cli/mount_option_list.h"

#include <map>
#include <set>

namespace attestfs::cli {
namespace {

constexpr size_t kMaxOptionListBytes = 64 << 10;
constexpr int kMaxReadAheadChunks = 64;  // 256 MiB of 4 MiB chunks in flight per stream

Result<std::vector<std::string>> SplitOptions(std::string_view list) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : list) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (quoted) return Error(Errc::kUsage, "mount options: unbalanced '\"'");
  out.push_back(std::move(cur));
  return out;
}

// A whole number of seconds in 1..max for option `key` ("fetch_timeout=60").
Result<int> ParseSeconds(const std::string& key, bool has_value, const std::string& v, int max) {
  if (!has_value || v.empty() || v.size() > 4 ||
      v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 1 ||
      std::stoi(v) > max) {
    return Error(Errc::kUsage,
                 "mount option '" + key + "' needs seconds (1.." + std::to_string(max) + ")");
  }
  return std::stoi(v);
}

}  // namespace

Result<MountOptionList> ParseMountOptionList(std::string_view list, bool sloppy) {
  if (list.size() > kMaxOptionListBytes) return Error(Errc::kTooLarge, "mount options too long");
  MountOptionList out;
  app::MountSpec& s = out.spec;
  fs::MountOptions& f = out.fs;
  std::string keys;  // key=A:B:C
  const std::map<std::string, std::string*> values = {
      {"key", &keys},
      {"ca_roots", &s.trust.ca_roots},
      {"identity", &s.trust.identity},
      {"identity_regexp", &s.trust.certificate_identity_regexp},
      {"issuer", &s.trust.certificate_oidc_issuer},
      {"issuer_regexp", &s.trust.certificate_oidc_issuer_regexp},
      {"trusted_root", &s.trust.trusted_root},
      {"policy", &s.policy},
      {"attestation", &s.attestation},
      {"store", &s.store},
      {"name", &s.name},
      {"cache", &s.cache},
      {"trace", &f.trace},
      {"log", &f.log},
      {"stats", &s.stats},
      {"ca_file", &s.ca_file},
      {"authfile", &s.authfile},
  };
  const std::map<std::string, std::pair<bool*, bool>> flags = {
      {"plain_http", {&s.plain_http, true}}, {"allow_other", {&f.allow_other, true}},
      {"foreground", {&f.foreground, true}}, {"debug", {&f.debug, true}},
      {"nodev", {&f.nodev, true}},           {"dev", {&f.nodev, false}},
      {"nosuid", {&f.nosuid, true}},         {"suid", {&f.nosuid, false}},
      {"noexec", {&f.noexec, true}},         {"exec", {&f.noexec, false}},
  };
  const std::set<std::string> ignored = {
      "ro",      "auto",     "noauto",     "user",        "nouser",     "users",
      "owner",   "group",    "_netdev",    "defaults",    "nofail",     "atime",
      "noatime", "relatime", "norelatime", "strictatime", "lazytime",   "nolazytime",
      "async",   "silent",   "loud",       "diratime",    "nodiratime", "nosymfollow"};
  AFS_ASSIGN_OR_RETURN(auto items, SplitOptions(list));
  std::vector<std::string> unknown;
  for (const auto& item : items) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string k = item.substr(0, eq);
    bool has_value = eq != std::string::npos;
    std::string v = has_value ? item.substr(eq + 1) : "";
    if (k == "fetch_timeout") {
      AFS_ASSIGN_OR_RETURN(s.fetch_timeout_seconds,
                           ParseSeconds(k, has_value, v, app::kMaxFetchTimeoutSeconds));
    } else if (k == "timeout") {
      AFS_ASSIGN_OR_RETURN(f.mount_timeout_seconds,
                           ParseSeconds(k, has_value, v, fs::kMaxMountTimeoutSeconds));
    } else if (k == "passthrough") {
      if (v == "auto") {
        f.passthrough = fs::PassthroughMode::kAuto;
      } else if (v == "on") {
        f.passthrough = fs::PassthroughMode::kOn;
      } else if (v == "off") {
        f.passthrough = fs::PassthroughMode::kOff;
      } else {
        return Error(Errc::kUsage, "mount option 'passthrough' needs auto, on or off");
      }
    } else if (k == "readahead") {
      if (!has_value || v.empty() || v.size() > 3 ||
          v.find_first_not_of("0123456789") != std::string::npos) {
        return Error(Errc::kUsage, "mount option 'readahead' needs a chunk count (readahead=0.." +
                                       std::to_string(kMaxReadAheadChunks) + ")");
      }
      out.read_ahead_chunks = std::stoi(v);
      if (out.read_ahead_chunks > kMaxReadAheadChunks) {
        return Error(Errc::kUsage, "mount option 'readahead': at most " +
                                       std::to_string(kMaxReadAheadChunks) + " chunks");
      }
    } else if (auto it = values.find(k); it != values.end()) {
      if (!has_value || v.empty()) {
        return Error(Errc::kUsage, "mount option '" + k + "' needs a value (" + k + "=...)");
      }
      *it->second = v;
    } else if (auto f = flags.find(k); f != flags.end()) {
      if (has_value) return Error(Errc::kUsage, "mount option '" + k + "' takes no value");
      *f->second.first = f->second.second;
    } else if (k == "rw") {
      return Error(Errc::kUsage, "mount option 'rw': attestfs is read-only (use ro)");
    } else if (ignored.count(k) || k.rfind("x-", 0) == 0 || k == "comment") {
      out.ignored.push_back(item);
    } else if (sloppy) {
      out.ignored.push_back(item);
    } else {
      unknown.push_back(item);
    }
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
    return Error(Errc::kUsage, "unknown mount option(s): " + names);
  }
  size_t i = 0;
  while (i < keys.size()) {
    size_t j = keys.find(':', i);
    if (j == std::string::npos) j = keys.size();
    if (j > i) s.trust.keys.push_back(keys.substr(i, j - i));
    i = j + 1;
  }
  // Keyless (Sigstore): with issuer=/issuer_regexp=/identity_regexp=/trusted_root= and no key= or
  // ca_roots=, identity= is the exact certificate identity (cosign's --certificate-identity).
  if ((s.trust.Keyless() || !s.trust.trusted_root.empty()) && s.trust.keys.empty() &&
      s.trust.ca_roots.empty()) {
    s.trust.certificate_identity = std::move(s.trust.identity);
    s.trust.identity.clear();
  }
  return out;
}

}  // namespace attestfs::cli
