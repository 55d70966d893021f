// TempDir: owns a private temporary directory ($TMPDIR, else /tmp; mode 0700 from mkdtemp) and
// removes it with everything in it when destroyed, unless Release() handed the path over. The
// one owner type for temporary trees: no caller deletes a temporary directory by hand.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs {

class TempDir {
 public:
  // Creates "<tmp>/<prefix>-XXXXXX". kIo naming the template when mkdtemp fails.
  static Result<TempDir> Create(std::string_view prefix);
  // Creates "<parent>/<prefix>-XXXXXX" (e.g. next to a destination, for a later rename).
  static Result<TempDir> CreateIn(const std::string& parent, std::string_view prefix);

  TempDir() = default;
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  bool empty() const { return path_.empty(); }
  // Gives up ownership: the directory stays, the caller removes it.
  std::string Release();
  // Removes the directory now (no-op when empty or released).
  void Remove();

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace attestfs
