// Git remote URLs as they may appear in a BOM: credentials removed, scp-like syntax turned
// into ssh:// URLs, and the Hugging Face purl for a model repository. Internal to sbom/.
#pragma once

#include <string>
#include <string_view>

namespace attestfs::sbom {

// "https://user:tok@host/x?token=t" -> "https://host/x"; "git@host:org/r.git" ->
// "ssh://git@host/org/r.git". Returns empty when the result would not be a plain URL (spaces,
// control characters, no scheme).
std::string SanitizeRemoteUrl(std::string_view remote);

// pkg:huggingface/<ns>/<name>@<commit> for a huggingface.co / hf.co model remote (other
// *.huggingface.co hubs get a repository_url qualifier); empty when the remote is not a
// Hugging Face model repository or the commit is not 40/64 hex characters.
std::string HuggingFacePurl(std::string_view remote, std::string_view commit);

}  // namespace attestfs::sbom
