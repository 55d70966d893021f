// Reference parsing: Docker's normalisation rules on top of the distribution-spec grammar.
#include "oci/reference.h"

#include <cctype>

namespace attestfs::oci {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool IsValidComponent(std::string_view c) {
  if (c.empty() || !IsLowerAlnum(c.front()) || !IsLowerAlnum(c.back())) return false;
  for (size_t i = 0; i < c.size();) {
    if (IsLowerAlnum(c[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < c.size() && !IsLowerAlnum(c[j])) ++j;
    std::string_view sep = c.substr(i, j - i);
    bool ok = sep == "." || sep == "_" || sep == "__" ||
              sep.find_first_not_of('-') == std::string_view::npos;
    if (!ok) return false;
    i = j;
  }
  return true;
}

bool IsValidHost(std::string_view h) {
  if (h.empty()) return false;
  for (char c : h) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']')) {
      return false;
    }
  }
  return true;
}

Error Invalid(std::string_view text, const std::string& why) {
  return Error(Errc::kInvalidArgument,
               "invalid reference '" + std::string(text.substr(0, 300)) + "': " + why);
}

}  // namespace

bool IsValidTag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagLength) return false;
  auto ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!ok(tag[0])) return false;
  for (char c : tag) {
    if (!(ok(c) || c == '.' || c == '-')) return false;
  }
  return true;
}

bool IsValidRepositoryName(std::string_view name) {
  if (name.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    std::string_view comp =
        name.substr(start, slash == std::string_view::npos ? name.npos : slash - start);
    if (!IsValidComponent(comp)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

Result<Reference> Reference::Parse(std::string_view text) {
  if (text.empty()) return Invalid(text, "empty");
  Reference ref;
  std::string_view rest = text;
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    auto d = digest::Digest::Parse(rest.substr(at + 1));
    if (!d.ok()) return Invalid(text, d.error().message());
    ref.digest = *d;
    rest = rest.substr(0, at);
  }
  // The tag is after the last ':' that follows the last '/' (a ':' before it is a port).
  size_t last_slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!IsValidTag(ref.tag)) return Invalid(text, "bad tag '" + ref.tag + "'");
  }
  size_t slash = rest.find('/');
  std::string_view first = rest.substr(0, slash);
  bool has_host = slash != std::string_view::npos &&
                  (first.find('.') != std::string_view::npos ||
                   first.find(':') != std::string_view::npos || first == "localhost" ||
                   first.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos);
  if (has_host) {
    ref.registry = std::string(first);
    ref.repository = std::string(rest.substr(slash + 1));
    if (!IsValidHost(ref.registry)) return Invalid(text, "bad registry host");
  } else {
    ref.registry = std::string(kDockerHubName);
    ref.repository = std::string(rest);
  }
  if (ref.registry == "index.docker.io" || ref.registry == kDockerHubApiHost) {
    ref.registry = std::string(kDockerHubName);
  }
  if (ref.registry == kDockerHubName && ref.repository.find('/') == std::string::npos) {
    ref.repository = "library/" + ref.repository;
  }
  if (!IsValidRepositoryName(ref.repository)) {
    return Invalid(text, "bad repository name '" + ref.repository + "'");
  }
  if (ref.registry.size() + 1 + ref.repository.size() > kMaxReferenceNameLength) {
    return Invalid(text, "name longer than 255 characters");
  }
  if (ref.tag.empty() && !ref.digest) ref.tag = "latest";
  return ref;
}

std::string Reference::ApiHost() const {
  return registry == kDockerHubName ? std::string(kDockerHubApiHost) : registry;
}

std::string Reference::Identifier() const {
  if (digest) return digest->ToString();
  return tag.empty() ? "latest" : tag;
}

std::string Reference::RepositoryName() const { return registry + "/" + repository; }

std::string Reference::ToString() const {
  std::string s = RepositoryName();
  if (!tag.empty()) s += ":" + tag;
  if (digest) s += "@" + digest->ToString();
  return s;
}

Reference Reference::WithDigest(const digest::Digest& d) const {
  Reference r = *this;
  r.tag.clear();
  r.digest = d;
  return r;
}

Reference Reference::WithTag(std::string_view t) const {
  Reference r = *this;
  r.tag = std::string(t);
  r.digest.reset();
  return r;
}

}  // namespace attestfs::oci
