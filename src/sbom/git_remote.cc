// Git remote sanitising and the Hugging Face purl (package-url purl-spec huggingface type).
#include "sbom/git_remote.h"

#include <cctype>
#include <vector>

namespace attestfs::sbom {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSchemeName(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  }
  return true;
}

// Characters that are never valid unescaped in an IRI reference.
bool HasUnsafeChar(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return true;
    if (std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos) return true;
  }
  return false;
}

bool IsRepoNameChars(std::string_view s) {
  if (s.empty() || s == "." || s == "..") return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

bool IsHexCommit(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string SanitizeRemoteUrl(std::string_view remote) {
  while (!remote.empty() && std::isspace(static_cast<unsigned char>(remote.front())))
    remote.remove_prefix(1);
  while (!remote.empty() && std::isspace(static_cast<unsigned char>(remote.back())))
    remote.remove_suffix(1);
  if (remote.empty() || HasUnsafeChar(remote)) return {};
  std::string out;
  if (size_t sep = remote.find("://"); sep != std::string_view::npos) {
    std::string scheme = Lower(remote.substr(0, sep));
    if (!IsSchemeName(scheme)) return {};
    std::string_view rest = remote.substr(sep + 3);
    size_t auth_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, auth_end);
    std::string_view tail =
        auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
    // A query or fragment may carry an access token; a git remote needs neither.
    tail = tail.substr(0, tail.find_first_of("?#"));
    if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
      std::string_view userinfo = authority.substr(0, at);
      authority.remove_prefix(at + 1);
      // Keep a bare ssh user name ("git@"); drop anything that may be a secret.
      bool keep_user =
          (scheme == "ssh" || scheme == "git+ssh") && userinfo.find(':') == std::string_view::npos;
      if (keep_user) out = scheme + "://" + std::string(userinfo) + "@";
    }
    if (authority.empty() && scheme != "file") return {};
    if (out.empty()) out = scheme + "://";
    out += std::string(authority) + std::string(tail);
    return out;
  }
  if (remote.front() == '/') return "file://" + std::string(remote);
  // scp-like "[user@]host:path" (a colon before any slash).
  size_t colon = remote.find(':');
  size_t slash = remote.find('/');
  if (colon == std::string_view::npos || colon == 0 ||
      (slash != std::string_view::npos && slash < colon)) {
    return {};
  }
  std::string_view host = remote.substr(0, colon);
  std::string_view path = remote.substr(colon + 1);
  if (size_t at = host.rfind('@');
      at != std::string_view::npos && host.substr(0, at).find(':') != std::string_view::npos) {
    return {};
  }
  out = "ssh://" + std::string(host);
  if (path.empty() || path.front() != '/') out += '/';
  out += path;
  return out;
}

std::string HuggingFacePurl(std::string_view remote, std::string_view commit) {
  if (!IsHexCommit(commit)) return {};
  std::string url = SanitizeRemoteUrl(remote);
  size_t sep = url.find("://");
  if (sep == std::string::npos) return {};
  std::string_view rest = std::string_view(url).substr(sep + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {};
  std::string_view authority = rest.substr(0, slash);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  std::string host = Lower(authority);
  if (size_t port = host.find(':'); port != std::string::npos) host.resize(port);
  std::string qualifier;
  if (host == "huggingface.co" || host == "www.huggingface.co" || host == "hf.co") {
    // default hub: no qualifier
  } else if (host.size() > 15 && host.ends_with(".huggingface.co")) {
    qualifier = "?repository_url=https:%2F%2F" + host;
  } else {
    return {};
  }
  std::string_view path = rest.substr(slash + 1);
  if (size_t q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.ends_with(".git")) path.remove_suffix(4);
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    size_t e = path.find('/');
    parts.push_back(path.substr(0, e));
    path = e == std::string_view::npos ? std::string_view() : path.substr(e + 1);
  }
  // Model repositories are <namespace>/<name>; datasets/ and spaces/ have three parts.
  if (parts.size() != 2 || !IsRepoNameChars(parts[0]) || !IsRepoNameChars(parts[1])) return {};
  return "pkg:huggingface/" + std::string(parts[0]) + "/" + std::string(parts[1]) + "@" +
         Lower(commit) + qualifier;
}

}  // namespace attestfs::sbom
