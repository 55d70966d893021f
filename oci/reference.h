// Reference: a parsed registry reference `host[:port]/repo[:tag][@digest]` with Docker Hub
// defaults (no host -> docker.io, single-component names -> library/<name>, no tag -> latest).
// Parsing only; no network.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::oci {

// Docker clients cap `host[:port]/name` at 255 characters; tags are at most 128 characters.
inline constexpr size_t kMaxReferenceNameLength = 255;
inline constexpr size_t kMaxTagLength = 128;
inline constexpr std::string_view kDockerHubName = "docker.io";
inline constexpr std::string_view kDockerHubApiHost = "registry-1.docker.io";

struct Reference {
  std::string registry;    // as written ("docker.io", "127.0.0.1:5000", "ghcr.io")
  std::string repository;  // "library/ubuntu", "team/model"
  std::string tag;         // empty when only a digest was given
  std::optional<digest::Digest> digest;

  // Parses and validates (distribution-spec name and tag grammar). kInvalidArgument on error.
  static Result<Reference> Parse(std::string_view text);

  // The host[:port] the registry API is served on (docker.io -> registry-1.docker.io).
  std::string ApiHost() const;
  // "<digest>" when a digest is set, else the tag ("latest" by default).
  std::string Identifier() const;
  // Canonical text: registry/repository[:tag][@digest].
  std::string ToString() const;
  // registry/repository (no tag or digest), used in error messages.
  std::string RepositoryName() const;
  // The same repository with a different identifier.
  Reference WithDigest(const digest::Digest& d) const;
  Reference WithTag(std::string_view t) const;
};

// Validates a tag ([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}).
bool IsValidTag(std::string_view tag);
// Validates a repository name against the distribution-spec name grammar.
bool IsValidRepositoryName(std::string_view name);

}  // namespace attestfs::oci
