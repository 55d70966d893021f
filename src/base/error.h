// Error: an Errc plus a human message that chains context ("verify dir:/m: read a.bin: ...").
#pragma once

#include <string>
#include <utility>

#include "base/errc.h"

namespace attestfs {

class Error {
 public:
  Error() = default;
  Error(Errc code, std::string message) : code_(code), message_(std::move(message)) {}

  Errc code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "context: <message>".
  Error Context(const std::string& context) const {
    return Error(code_, context + ": " + message_);
  }

 private:
  Errc code_ = Errc::kInternal;
  std::string message_;
};

// Builds an Error from errno with "what: strerror(errno)"; EACCES/EPERM map to kPermission.
Error ErrnoError(const std::string& what, int err);

}  // namespace attestfs
