// ParseTarget / TargetSpec::ToString: the TARGET argument grammar (scheme:location or a bare
// existing path). Parsing checks that local paths exist; it does not scan anything.
#include "targets/target_spec.h"

#include <sys/stat.h>

#include <array>
#include <utility>

#include "targets/git_repo.h"

namespace attestfs::targets {
namespace {

using Kind = TargetSpec::Kind;

constexpr std::array<std::pair<std::string_view, Kind>, 7> kSchemes = {{
    {"dir", Kind::kDir},
    {"file", Kind::kFile},
    {"git", Kind::kGit},
    {"registry", Kind::kRegistry},
    {"oci-layout", Kind::kOciLayout},
    {"oci-archive", Kind::kOciArchive},
    {"docker-archive", Kind::kDockerArchive},
}};

constexpr std::string_view kKnownSchemes =
    "dir:, file:, git:, registry:, oci-layout:, oci-archive:, docker-archive:";

std::string_view SchemeName(Kind kind) {
  for (const auto& [name, k] : kSchemes) {
    if (k == kind) return name;
  }
  return "unknown";
}

// A scheme is [a-z][a-z0-9+.-]* followed by ':'.
std::string_view SchemeOf(std::string_view arg) {
  size_t colon = arg.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  for (size_t i = 0; i < colon; ++i) {
    char c = arg[i];
    bool ok = (c >= 'a' && c <= 'z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-'));
    if (!ok) return {};
  }
  return arg.substr(0, colon);
}

// host[:port]/repo... where the host has a '.' or a port or is localhost (Docker's rule for
// telling a registry host from a Docker Hub namespace). Validated later by oci::Reference.
bool LooksLikeRegistryReference(std::string_view arg) {
  size_t slash = arg.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == arg.size()) return false;
  std::string_view host = arg.substr(0, slash);
  if (host.front() == '.') return false;  // ./x, ../x, .hidden/x are paths
  size_t colon = host.find(':');
  if (colon != std::string_view::npos) {  // host:port — the port is all digits
    std::string_view port = host.substr(colon + 1);
    if (port.empty()) return false;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
  return host.find('.') != std::string_view::npos || host == "localhost";
}

Error Usage(std::string_view arg, const std::string& why) {
  return Error(Errc::kUsage, "target '" + std::string(arg) + "': " + why);
}

}  // namespace

std::string TargetSpec::ToString() const { return std::string(SchemeName(kind)) + ":" + location; }

Result<TargetSpec> ParseTarget(std::string_view arg) {
  if (arg.empty()) return Error(Errc::kUsage, "empty target argument");
  std::string_view scheme = SchemeOf(arg);
  for (const auto& [name, kind] : kSchemes) {
    if (scheme != name) continue;
    TargetSpec spec{kind, std::string(arg.substr(name.size() + 1))};
    if (spec.location.empty())
      return Usage(arg, "missing location after '" + std::string(name) + ":'");
    struct stat st {};
    bool exists = ::stat(spec.location.c_str(), &st) == 0;
    if (kind == Kind::kDir) {
      if (!exists) return Usage(arg, "no such directory '" + spec.location + "'");
      if (!S_ISDIR(st.st_mode)) return Usage(arg, "'" + spec.location + "' is not a directory");
    } else if (kind == Kind::kFile) {
      if (!exists) return Usage(arg, "no such file '" + spec.location + "'");
      if (!S_ISREG(st.st_mode)) return Usage(arg, "'" + spec.location + "' is not a regular file");
    } else if (kind == Kind::kGit && !LooksLikeGitUrl(spec.location)) {
      if (!exists) return Usage(arg, "no such git work tree '" + spec.location + "'");
      if (!S_ISDIR(st.st_mode)) return Usage(arg, "'" + spec.location + "' is not a directory");
    }
    return spec;
  }
  // A bare argument: an existing path wins over anything that merely looks like a scheme.
  struct stat st {};
  std::string path(arg);
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return TargetSpec{Kind::kDir, path};
    if (S_ISREG(st.st_mode)) return TargetSpec{Kind::kFile, path};
    return Usage(arg, "not a regular file or directory");
  }
  if (LooksLikeRegistryReference(arg)) return TargetSpec{Kind::kRegistry, path};
  if (!scheme.empty()) {
    return Usage(arg, "unknown scheme '" + std::string(scheme) + ":' (expected " +
                          std::string(kKnownSchemes) + " or an existing path)");
  }
  return Usage(arg, "no such file or directory (expected " + std::string(kKnownSchemes) +
                        " or an existing path)");
}

}  // namespace attestfs::targets
