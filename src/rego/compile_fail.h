// CompileFail: how the compiler's passes (resolution, safety ordering, recursion check) stop at
// the first error; caught in CompileProgram/CompileQuery and returned as an Error. Internal to
// the compiler's .cc files.
#pragma once

#include <string>

#include "base/error.h"
#include "rego/ast.h"

namespace attestfs::rego {

struct CompileFail {
  Error error;
};

// Throws "file:row:col: code: msg".
[[noreturn]] void ThrowCompileError(const Location& loc, const std::string& code,
                                    const std::string& msg);

}  // namespace attestfs::rego
