// In-toto Statement v1 (and v0.1 on input) with ResourceDescriptor subjects.
// The predicate is kept as serialized JSON text so this header stays free of JSON libraries.
// Parsing enforces size limits and rejects unknown `_type` values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Included for callers: a Statement's predicate type and its envelope's payload type.
#include "attestation/media_types.h"
#include "attestation/predicate_types.h"
#include "base/result.h"

namespace attestfs::attestation {

inline constexpr std::string_view kStatementV1 = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view kStatementV01 = "https://in-toto.io/Statement/v0.1";
// Annotation on every subject we write: the signed creation time (RFC 3339 UTC).
inline constexpr std::string_view kCreatedAnnotation = "attestfs.dev/created";
// Limit for a statement/envelope/bundle document read from untrusted input.
inline constexpr uint64_t kMaxDocumentBytes = 64ull << 20;

struct ResourceDescriptor {
  std::string name;
  std::string uri;
  std::map<std::string, std::string> digest;       // algorithm -> lowercase hex
  std::map<std::string, std::string> annotations;  // string-valued annotations only
};

struct Statement {
  std::string type = std::string(kStatementV1);
  std::vector<ResourceDescriptor> subjects;
  std::string predicate_type;
  std::string predicate_json = "{}";  // serialized JSON value

  // Serializes to compact JSON (the exact bytes that get signed).
  std::string Serialize() const;
  // Parses untrusted JSON: checks _type (v1 or v0.1), subjects with digests, predicateType.
  static Result<Statement> Parse(std::string_view json);

  // The creation time from the first subject carrying kCreatedAnnotation (seconds since epoch).
  std::optional<int64_t> CreatedAt() const;
};

}  // namespace attestfs::attestation
