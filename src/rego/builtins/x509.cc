// crypto.x509.* (tier 2): not implemented yet; the family registers nothing, so a policy calling
// crypto.x509.parse_certificates fails to compile with OPA's "undefined function" error.
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {

void AddX509Builtins(BuiltinRegistry&) {}

}  // namespace attestfs::rego::builtins
