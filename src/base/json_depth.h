// CheckJsonDepth: refuses JSON text nested deeper than a small limit before a parser builds a
// document from it. A DOM parser spends tens of bytes per `[` or `{`, so a 40 MB `[[[...`
// document would cost gigabytes before it is found malformed. The scan is one pass over the
// bytes (brackets outside strings, escapes honoured) with no allocation; it does not validate
// JSON — the parser that follows does that.
#pragma once

#include <string_view>

#include "base/result.h"

namespace attestfs {

// The nesting depth every untrusted JSON document (envelopes, bundles, statements, predicates,
// OCI manifests and indexes, configs, store index entries, registry answers) may have. Real
// documents stay below 20; 128 leaves room for deep SBOM component trees (serde_json's default).
inline constexpr int kMaxJsonDepth = 128;

// kMalformed "JSON nested deeper than N levels" when an array/object opens at depth > max_depth
// (the outermost array or object is depth 1).
Status CheckJsonDepth(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace attestfs
