// Result<T>: a value or an Error (std::expected needs C++23). Status = Result<void>.
// Exceptions never cross module boundaries; functions that can fail return Result.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.h"

namespace attestfs {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace attestfs

#define AFS_CONCAT_INNER(a, b) a##b
#define AFS_CONCAT(a, b) AFS_CONCAT_INNER(a, b)

// AFS_TRY(expr): return the error of a Status/Result expression.
#define AFS_TRY(expr)                                      \
  do {                                                     \
    auto&& afs_try_r = (expr);                             \
    if (!afs_try_r.ok()) return afs_try_r.error();         \
  } while (0)

// AFS_ASSIGN_OR_RETURN(decl, expr): `decl = std::move(value)` or return the error.
#define AFS_ASSIGN_OR_RETURN(decl, expr) \
  AFS_ASSIGN_OR_RETURN_IMPL(AFS_CONCAT(afs_r_, __LINE__), decl, expr)
#define AFS_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.error();               \
  decl = std::move(tmp).value()
