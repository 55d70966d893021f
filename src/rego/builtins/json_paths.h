// Internal: JSON path handling shared by json.filter, json.remove and json.patch — paths given
// as "/a/b/0" strings (RFC 6901 ~0 ~1 escapes) or arrays of segments, merged into a path tree.
#pragma once

#include <string>
#include <vector>

#include "rego/builtins/builtin_args.h"

namespace attestfs::rego::builtins {

// Splits a "/a/b" path; "" is the empty path.
inline Array ParseSlashPath(std::string_view p) {
  Array out;
  if (p.empty()) return out;
  while (!p.empty() && p.front() == '/') p.remove_prefix(1);
  size_t start = 0;
  while (true) {
    size_t slash = p.find('/', start);
    std::string part(
        p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    std::string un;
    for (size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '~' && i + 1 < part.size() && (part[i + 1] == '1' || part[i + 1] == '0')) {
        un += part[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        un += part[i];
      }
    }
    out.push_back(Value::String(std::move(un)));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace attestfs::rego::builtins
