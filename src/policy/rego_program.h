// RegoProgram: the Rego modules of one `uses: rego` rule (or of `attestfs policy eval|test`),
// read and checked once, then turned into a fresh compiled Engine per evaluation (an Engine
// holds the evaluation's clock and input, so evaluations never share state). The data.scribe
// helper module is added when a module refers to data.scribe; the scribe builtins always are.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "rego/engine.h"

namespace attestfs::policy {

inline constexpr uint64_t kMaxRegoModuleBytes = 1ull << 20;

struct RegoSource {
  std::string file;  // as shown in messages
  std::string text;
  std::optional<rego::RegoVersion> version;  // nullopt = the program's default
};

class RegoProgram {
 public:
  // Reads `paths` (each <= 1 MiB; a .json file is loaded as a base document at the root).
  static Result<RegoProgram> Load(const std::vector<std::string>& paths, rego::RegoVersion version);
  // Files as given; directories expand (recursively, sorted) to their *.rego and *.json files.
  static Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths);
  static RegoProgram FromSources(std::vector<RegoSource> sources, rego::RegoVersion version);

  // Adds a JSON base document merged at the root (policy eval --data FILE.json).
  void AddDocument(rego::Value document) { documents_.push_back(std::move(document)); }

  // A compiled engine; parse/compile errors are kInvalidArgument "file:row:col: code: msg".
  Result<std::unique_ptr<rego::Engine>> Instantiate(rego::EngineOptions options) const;

  const std::vector<RegoSource>& sources() const { return sources_; }
  // The package of the first module ("" when it declares none).
  std::string FirstPackage() const;

 private:
  std::vector<RegoSource> sources_;
  std::vector<rego::Value> documents_;
  rego::RegoVersion version_ = rego::RegoVersion::kV1;
};

}  // namespace attestfs::policy
