// PlanMount: NodePublishVolume request + volumeAttributes -> `attestfs mount` arguments.
#include "csi/publish_request.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "digest/sha256_hasher.h"
#include "oci/reference.h"

namespace attestfs::csi {

namespace {

// Access modes (csi.v1 VolumeCapability.AccessMode.Mode).
constexpr int kSingleNodeWriter = 1;
constexpr int kSingleNodeReaderOnly = 2;
constexpr int kMultiNodeReaderOnly = 3;
constexpr int kSingleNodeSingleWriter = 6;

// Attributes whose value names files under the secrets directory.
const std::set<std::string>& FileAttributes() {
  static const std::set<std::string> k = {"key",     "ca_roots", "policy",      "attestation",
                                          "ca_file", "authfile", "trusted_root"};
  return k;
}

Error Invalid(const std::string& what) { return Error(Errc::kInvalidArgument, what); }

// A file named by an attribute: relative, inside secrets_dir after resolving symlinks, readable.
Result<std::string> SecretPath(const std::string& attr, const std::string& name,
                               const DriverConfig& config) {
  if (config.secrets_dir.empty()) {
    return Invalid("volume attribute " + attr +
                   ": this plugin has no --secrets-dir, so attributes cannot name files");
  }
  if (name.empty() || name[0] == '/' || name == ".." || name.starts_with("../") ||
      name.find("/../") != std::string::npos || name.ends_with("/..")) {
    return Invalid("volume attribute " + attr + "=" + name +
                   ": must be a relative path inside the secrets directory " + config.secrets_dir);
  }
  char root[PATH_MAX], real[PATH_MAX];
  if (::realpath(config.secrets_dir.c_str(), root) == nullptr) {
    return Invalid("secrets directory " + config.secrets_dir + " is not readable");
  }
  const std::string joined = std::string(root) + "/" + name;
  if (::realpath(joined.c_str(), real) == nullptr) {
    return Invalid("volume attribute " + attr + "=" + name + ": no such file in " +
                   config.secrets_dir);
  }
  const std::string r(real), base(root);
  if (r.size() <= base.size() || r.compare(0, base.size(), base) != 0 || r[base.size()] != '/') {
    return Invalid("volume attribute " + attr + "=" + name + ": resolves outside " +
                   config.secrets_dir);
  }
  if (::access(real, R_OK) != 0) {
    return Invalid("volume attribute " + attr + "=" + name + ": not readable");
  }
  return r;
}

Status CheckValue(const std::string& attr, const std::string& value) {
  for (unsigned char c : value) {
    if (c == ',' || c < 0x20 || c == 0x7f) {
      return Invalid("volume attribute " + attr +
                     ": commas and control characters are not allowed in a value");
    }
  }
  return OkStatus();
}

Status CheckNumber(const std::string& attr, const std::string& value, int min, int max) {
  if (value.empty() || value.size() > 5 ||
      value.find_first_not_of("0123456789") != std::string::npos || std::stoi(value) < min ||
      std::stoi(value) > max) {
    return Invalid("volume attribute " + attr + "=" + value + ": expected a whole number from " +
                   std::to_string(min) + " to " + std::to_string(max));
  }
  return OkStatus();
}

}  // namespace

const std::vector<std::string>& KnownAttributes() {
  static const std::vector<std::string> k = {
      "source",          "key",         "ca_roots",      "identity",
      "identity_regexp", "issuer",      "issuer_regexp", "trusted_root",
      "policy",          "attestation", "name",          "readahead",
      "fetch_timeout",   "plain_http",  "ca_file",       "authfile"};
  return k;
}

Result<MountPlan> PlanMount(const PublishRequest& r, const DriverConfig& config) {
  if (r.volume_id.empty()) return Invalid("volume_id is required");
  if (r.target_path.empty()) return Invalid("target_path is required");
  if (r.target_path[0] != '/') return Invalid("target_path must be absolute: " + r.target_path);
  if (!r.has_capability) return Invalid("volume_capability is required");
  if (r.block) return Invalid("block volumes are not supported: attestfs volumes are filesystems");
  if (!r.mount) return Invalid("volume_capability needs access_type mount");
  if (!r.fs_type.empty() && r.fs_type != "attestfs" && r.fs_type != "fuse.attestfs") {
    return Invalid("fs_type " + r.fs_type + " is not supported (leave it empty, or attestfs)");
  }
  if (r.has_secrets) {
    return Invalid(
        "nodePublishSecretRef is not supported: mount the Secret into the plugin "
        "and name its files relative to the secrets directory");
  }
  MountPlan plan;
  auto eph = r.volume_context.find("csi.storage.k8s.io/ephemeral");
  plan.ephemeral = eph != r.volume_context.end() && eph->second == "true";
  const int m = r.access_mode;
  const bool reader = m == kSingleNodeReaderOnly || m == kMultiNodeReaderOnly;
  const bool single_writer = m == kSingleNodeWriter || m == kSingleNodeSingleWriter;
  if (!reader && !(single_writer && (plan.ephemeral || r.readonly))) {
    return Invalid("access mode " + std::to_string(m) +
                   " is not supported: attestfs volumes are read-only (ReadOnlyMany, or "
                   "readOnly: true)");
  }
  for (const auto& flag : r.mount_flags) {
    if (flag != "ro" && flag != "nodev" && flag != "nosuid" && flag != "noexec") {
      return Invalid("mount flag " + flag + " is not supported (ro, nodev, nosuid, noexec)");
    }
  }
  std::string options = "cache=" + config.cache_dir + ",allow_other,nodev,nosuid";
  const auto& known = KnownAttributes();
  for (const auto& [attr, value] : r.volume_context) {
    if (attr.starts_with("csi.storage.k8s.io/")) continue;  // pod info (podInfoOnMount)
    if (std::find(known.begin(), known.end(), attr) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return Invalid("unknown volume attribute '" + attr + "' (known: " + list + ")");
    }
    AFS_TRY(CheckValue(attr, value));
    if (attr == "source") {
      // A registry reference only: a pod must never name a host path or a local target.
      std::string text = value.starts_with("registry:") ? value.substr(9) : value;
      for (const char* scheme : {"dir:", "file:", "git:", "oci-layout:", "oci-archive:",
                                 "docker-archive:", "docker://", "oci:", "/", "."}) {
        if (text.starts_with(scheme)) {
          return Invalid("volume attribute source=" + value +
                         ": must be a registry reference (host/repository:tag or @sha256:...)");
        }
      }
      auto ref = oci::Reference::Parse(text);
      if (!ref.ok()) {
        return Invalid("volume attribute source=" + value + ": " + ref.error().message());
      }
      plan.source = ref->ToString();
      continue;
    }
    if (attr == "key") {
      // key=a.pub:b.pub, each a file under the secrets directory.
      std::string joined;
      size_t i = 0;
      while (i <= value.size()) {
        const size_t j = std::min(value.find(':', i), value.size());
        AFS_ASSIGN_OR_RETURN(auto path, SecretPath(attr, value.substr(i, j - i), config));
        if (path.find(':') != std::string::npos) return Invalid("key path contains ':'");
        joined += (joined.empty() ? "" : ":") + path;
        i = j + 1;
      }
      options += ",key=" + joined;
    } else if (FileAttributes().count(attr)) {
      AFS_ASSIGN_OR_RETURN(auto path, SecretPath(attr, value, config));
      options += "," + attr + "=" + path;
    } else if (attr == "readahead") {
      AFS_TRY(CheckNumber(attr, value, 0, 64));
      options += ",readahead=" + value;
    } else if (attr == "fetch_timeout") {
      AFS_TRY(CheckNumber(attr, value, 1, 3600));
      options += ",fetch_timeout=" + value;
    } else if (attr == "plain_http") {
      if (value != "true" && value != "false") {
        return Invalid("volume attribute plain_http=" + value + ": expected true or false");
      }
      if (value == "true") options += ",plain_http";
    } else {  // identity, identity_regexp, issuer, issuer_regexp, name
      if (value.empty()) return Invalid("volume attribute " + attr + " is empty");
      options += "," + attr + "=" + value;
    }
  }
  if (plan.source.empty()) {
    return Invalid("volume attribute 'source' (a registry reference) is required");
  }
  plan.options = options;
  digest::Sha256Hasher h;
  h.Update(plan.source);
  h.Update(std::string_view("\0", 1));
  h.Update(plan.options);
  plan.fingerprint = h.Finish().ToString();
  return plan;
}

}  // namespace attestfs::csi
