// Sha256Hasher: incremental SHA-256 (the only EVP_Digest user; OpenSSL stays in the .cc).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::digest {

class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;

  void Update(std::string_view data);
  void Update(const void* data, size_t size);
  Digest Finish();  // the hasher may be reused after Finish (it resets)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Digest Sha256(std::string_view data);

// Streams a file through SHA-256 (1 MiB reads). Returns its digest and size.
struct FileHash {
  Digest digest;
  uint64_t size = 0;
};
Result<FileHash> HashFile(const std::string& path);

}  // namespace attestfs::digest
