// TempDir: mkdtemp under $TMPDIR (else /tmp) and recursive removal on destruction.
#include "base/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <utility>

#include "base/error.h"

namespace attestfs {

Result<TempDir> TempDir::Create(std::string_view prefix) {
  const char* base = ::getenv("TMPDIR");
  return CreateIn(base != nullptr && *base != '\0' ? base : "/tmp", prefix);
}

Result<TempDir> TempDir::CreateIn(const std::string& parent, std::string_view prefix) {
  std::string tmpl = parent + "/" + std::string(prefix) + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return ErrnoError("create temp dir " + tmpl, errno);
  return TempDir(std::move(tmpl));
}

TempDir::~TempDir() { Remove(); }

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, std::string())) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    Remove();
    path_ = std::exchange(other.path_, std::string());
  }
  return *this;
}

std::string TempDir::Release() { return std::exchange(path_, std::string()); }

void TempDir::Remove() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  path_.clear();
}

}  // namespace attestfs
