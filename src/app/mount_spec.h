// MountSpec: what a front end asks to mount and how to trust it — the source (dir:PATH, a path,
// registry:REF or host/repo:tag), the trust material and evidence lookup, and registry access.
// Filled from `-o` options by the CLI (and from volume attributes by other front ends); the
// filesystem's own options (fs::MountOptions) are not part of it.
#pragma once

#include <string>

#include "app/trust_config.h"

namespace attestfs::app {

inline constexpr int kDefaultFetchTimeoutSeconds = 60;
inline constexpr int kMaxFetchTimeoutSeconds = 3600;

struct MountSpec {
  std::string source;  // as given
  // Trust and evidence (mount.attestfs(8): key=, ca_roots=, identity=, policy=, attestation=,
  // store=, name=).
  TrustConfig trust;
  std::string policy;       // policy file evaluated before mounting (may supply the trust)
  std::string attestation;  // explicit attestation file (DSSE/bundle)
  std::string store;        // attestation store directory
  std::string name;         // name in the store (default: the source's absolute path or ref)
  // Registry sources.
  std::string cache;  // verified artifact cache (default VerifiedArtifactCache::DefaultDir())
  std::string stats;  // transfer counters file (JSON), rewritten while fetches happen
  bool plain_http = false;
  std::string ca_file;
  std::string authfile;
  int fetch_timeout_seconds = kDefaultFetchTimeoutSeconds;  // one fetch, then EIO
};

}  // namespace attestfs::app
