// Names shared by the CycloneDX writer and reader: attestfs:* property names, bom-ref
// prefixes and size limits. Internal to sbom/.
#pragma once

#include <cstdint>
#include <string_view>

namespace attestfs::sbom::bom_names {

inline constexpr std::string_view kSchemaUrl = "http://cyclonedx.org/schema/bom-1.6.schema.json";
inline constexpr std::string_view kSpecVersion = "1.6";

// metadata.properties
inline constexpr std::string_view kChunkSize = "attestfs:chunkSize";
inline constexpr std::string_view kInclude = "attestfs:include";    // one property per pattern
inline constexpr std::string_view kExclude = "attestfs:exclude";    // one property per pattern
inline constexpr std::string_view kExcluded = "attestfs:excluded";  // one property per path
inline constexpr std::string_view kKind = "attestfs:kind";          // model | dataset | files
inline constexpr std::string_view kGitCommit = "attestfs:git.commit";
inline constexpr std::string_view kGitRemote = "attestfs:git.remote";
inline constexpr std::string_view kGitUncommitted = "attestfs:git.uncommitted";  // one per path
inline constexpr std::string_view kGitLfsMissing = "attestfs:git.lfsMissing";    // one per path

// file component properties
inline constexpr std::string_view kSize = "attestfs:size";
inline constexpr std::string_view kExecutable = "attestfs:executable";  // "true" | "false"
inline constexpr std::string_view kSymlink = "attestfs:symlink";        // link target
inline constexpr std::string_view kChunks = "attestfs:chunks";          // EncodeChunks()

// bom-refs
inline constexpr std::string_view kFileRefPrefix = "file:";
inline constexpr std::string_view kDatasetRefPrefix = "dataset:";
inline constexpr std::string_view kSubjectRef = "attestfs:subject";

// A BOM with more components than this is rejected before any are decoded.
inline constexpr uint64_t kMaxComponents = 4'000'000;
// Property lists per component / metadata longer than this are rejected.
inline constexpr uint64_t kMaxProperties = 4'000'000;

}  // namespace attestfs::sbom::bom_names
