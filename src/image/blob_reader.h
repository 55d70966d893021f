// BlobReader: streams one local blob file (an OCI layout blob, an archive member, a blob
// downloaded from a registry) while hashing it. The end of the stream is reported only after
// the size and SHA-256 matched the descriptor, so no consumer finishes on unverified bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/unique_fd.h"
#include "digest/sha256_hasher.h"
#include "oci/descriptor.h"

namespace attestfs::image {

class BlobReader {
 public:
  // Opens `path` (no symlink following; must be a regular file). `label` names the blob in
  // errors ("layer 2", "config").
  static Result<std::unique_ptr<BlobReader>> Open(const std::string& path, const oci::Descriptor& d,
                                                  std::string label);

  // Reads up to `n` bytes; 0 only at the verified end. kVerificationFailed when the blob is
  // longer or shorter than its descriptor or its digest differs.
  Result<size_t> Read(char* buf, size_t n);
  // Reads whatever is left and verifies (repeatable; returns the first failure again).
  Status Finish();
  // The whole blob, verified, when its descriptor size is at most `max_bytes`.
  Result<std::string> ReadAll(uint64_t max_bytes);

  const oci::Descriptor& descriptor() const { return d_; }
  const std::string& label() const { return label_; }
  // "layer 2 sha256:..." for error messages.
  std::string Name() const;

 private:
  BlobReader(UniqueFd fd, oci::Descriptor d, std::string label)
      : fd_(std::move(fd)), d_(std::move(d)), label_(std::move(label)) {}
  Status Fail(Error e);

  UniqueFd fd_;
  oci::Descriptor d_;
  std::string label_;
  digest::Sha256Hasher hasher_;
  uint64_t read_ = 0;
  bool verified_ = false;
  std::optional<Error> failed_;
};

}  // namespace attestfs::image
