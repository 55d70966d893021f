// RegoVerdict: reads the decision a Rego policy produced, in any of the three contracts users
// bring (documented in attestfs-policy(5)):
//   valint   data.<pkg>.verify = {allow, violation: {type, details}, summary: [{allow, reason}]}
//   conftest data.<pkg>.deny / violation / warn sets (strings or objects with "msg")
//   bare     data.<pkg>.allow (true passes)
// Tried in that order; a policy defining none of them is an error, never a pass.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "rego/engine.h"

namespace attestfs::policy {

struct RegoVerdict {
  bool allow = false;
  std::string contract;                 // "valint", "conftest" or "allow"
  std::vector<std::string> violations;  // one line each
  std::vector<std::string> warnings;
  std::vector<std::string> reasons;  // valint summary reasons
};

// Evaluates the contract documents of `package` ("verify", "main", "attestfs.gate").
Result<RegoVerdict> ReadRegoVerdict(rego::Engine& engine, const std::string& package);

// The first `package` declaration of a module ("" when none is found).
std::string DeclaredPackage(const std::string& source);

}  // namespace attestfs::policy
