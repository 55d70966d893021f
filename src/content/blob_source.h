// BlobSource: where the UNVERIFIED bytes of attested files come from (a local directory, a
// registry blob, a test fake). It does no verification: content::VerifiedReader checks every
// byte it gets from here against the manifest before anything is served or cached.
#pragma once

#include <cstdint>
#include <string>

#include "attestation/file_manifest.h"
#include "base/result.h"

namespace attestfs::content {

class BlobSource {
 public:
  virtual ~BlobSource() = default;

  // Returns the bytes [offset, offset+length) of `file` (as named by the manifest: file.path,
  // file.size, file.sha256 identify it). May return FEWER bytes than asked when the backing
  // data is shorter (the caller treats that as a verification failure); never more.
  // Errors: kNotFound (no such file or blob), kIo, kNetwork, kUnauthorized, kUnsafePath.
  // Must be safe to call from several threads at once.
  virtual Result<std::string> ReadRange(const attestation::FileEntry& file, uint64_t offset,
                                        uint64_t length) = 0;

  // Same as ReadRange, into `*out` (replacing its contents). Sources that can fill a caller's
  // buffer in place (a local file) override it so a recycled buffer is reused without
  // reallocation or zero-filling; the default moves ReadRange's result.
  virtual Status ReadRangeInto(const attestation::FileEntry& file, uint64_t offset, uint64_t length,
                               std::string* out) {
    AFS_ASSIGN_OR_RETURN(*out, ReadRange(file, offset, length));
    return OkStatus();
  }

  // True for sources behind a network (the reader then uses the on-disk chunk cache and
  // coalesces adjacent chunk fetches into one ReadRange).
  virtual bool IsRemote() const { return false; }

  // Ends in-flight and later reads with kCancelled (within about a second): called when the
  // mount goes away (umount, SIGTERM) so no transfer keeps the daemon alive. Thread-safe.
  virtual void Cancel() {}
};

}  // namespace attestfs::content
