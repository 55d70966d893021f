// PolicyNode: typed, located access to one YAML mapping of a policy file (the document,
// a policy, a rule, its `with:` and `evidence:` blocks, a `where:` entry). Every error is
// kUsage and reads "FILE:LINE: key 'policies[0].rules[1].with.allow': message".
// yaml-cpp stays in policy_node.cc (pImpl): no other file of the module sees it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::policy {

class PolicyNode {
 public:
  // Parses YAML text; the document must be a mapping. `file` names it in messages and
  // relative paths resolve against `base_dir`.
  static Result<PolicyNode> ParseDocument(std::string_view yaml_text, const std::string& file,
                                          const std::string& base_dir);

  ~PolicyNode();
  PolicyNode(PolicyNode&&) noexcept;
  PolicyNode& operator=(PolicyNode&&) noexcept;

  int line() const;  // 1-based line of this mapping

  // Rejects keys not in `known` (a typo must not silently weaken a policy).
  Status CheckKnownKeys(const std::vector<std::string_view>& known) const;
  bool Has(std::string_view key) const;

  // A string or a list of strings. Missing: empty list, or an error when `required`.
  Result<std::vector<std::string>> StringList(std::string_view key, bool required) const;
  Result<std::optional<std::string>> String(std::string_view key) const;
  Result<std::string> RequiredString(std::string_view key) const;
  Result<std::optional<bool>> Bool(std::string_view key) const;
  // One of `values`; `fallback` when missing.
  Result<std::string> Enum(std::string_view key, const std::vector<std::string_view>& values,
                           std::string_view fallback) const;
  Result<std::vector<int64_t>> IntList(std::string_view key) const;
  // A list of mappings (e.g. where: [{pointer: ..., equals: ...}]).
  Result<std::vector<PolicyNode>> MapList(std::string_view key, bool required) const;
  // A nested mapping, nullopt when missing (null also counts as missing).
  Result<std::optional<PolicyNode>> Map(std::string_view key) const;
  // A nested mapping, or an empty one (located at this mapping) when missing, so that
  // "required" errors still name the full key ("...with.allow").
  Result<PolicyNode> MapOrEmpty(std::string_view key) const;
  // The value as JSON text: plain YAML scalars become bool/number/null when they read so,
  // quoted scalars stay strings; sequences and mappings convert recursively.
  Result<std::string> ValueAsJson(std::string_view key) const;

  // A path from the policy, resolved against the policy file's directory.
  std::string ResolvePath(const std::string& path) const;
  // kUsage "FILE:LINE: key '<path>.<key>': message" (line of the key, or of this mapping).
  Error ErrorAt(std::string_view key, const std::string& message) const;

  struct Impl;
  explicit PolicyNode(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::policy
