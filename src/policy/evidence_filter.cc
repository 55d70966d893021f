// EvidenceFilter: predicate-type and signature selection of evidence for one rule.
#include "policy/rule.h"

namespace attestfs::policy {

bool EvidenceFilter::Accepts(const EvidenceItem& item) const {
  if (signed_only && !item.signature_verified) return false;
  if (predicate_types.empty()) return true;
  const std::string& t = item.statement.predicate_type;
  for (const auto& want : predicate_types) {
    if (t == want) return true;
    if (t.size() > want.size() && t.starts_with(want) && t[want.size()] == '/') return true;
  }
  return false;
}

std::string EvidenceFilter::Describe() const {
  std::string types;
  for (const auto& t : predicate_types) types += (types.empty() ? "" : " or ") + t;
  return std::string(signed_only ? "signed " : "") + (types.empty() ? "" : types + " ") +
         "evidence";
}

}  // namespace attestfs::policy
