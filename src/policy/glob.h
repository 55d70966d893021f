// Policy globs (file paths, commands, certificate subjects, SANs and issuers): the base Glob
// dialect in its text variant (base/glob.h, kTextGlob: '/' is an ordinary character, so '*'
// also matches it), plus the policy rule for path globs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace attestfs::policy {

// Whole-string match; '*' also matches '/'.
bool GlobMatch(std::string_view pattern, std::string_view text);

// Path match: a pattern without '/' is matched against the last path component
// ("*.pkl" matches "sub/model.pkl"); a pattern with '/' against the whole path.
bool PathGlobMatch(std::string_view pattern, std::string_view path);

// True when any pattern matches (GlobMatch or PathGlobMatch as `paths` says).
bool AnyGlobMatches(const std::vector<std::string>& patterns, std::string_view text, bool paths);

}  // namespace attestfs::policy
