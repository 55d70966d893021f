// FetchBlobRanges: one large blob downloaded over several parallel HTTP Range requests into a
// file, hashed in order on the calling thread while the ranges arrive (so hashing overlaps the
// download), and accepted only when the whole file's size and SHA-256 match the descriptor.
// Used by RegistryClient::FetchBlobToFile for single large layers; it does not create, rename
// or remove files (the caller owns the temp file and commits it).
#pragma once

#include <cstdint>

#include "base/progress_task.h"
#include "base/result.h"
#include "oci/descriptor.h"
#include "oci/reference.h"

namespace attestfs::oci {

class RegistryClient;

struct RangedFetchOptions {
  int streams = 4;                       // parallel Range requests in flight
  uint64_t segment_bytes = 32ull << 20;  // one request's range (the last one may be shorter)
  int resume_attempts = 3;  // per segment: a broken transfer resumes from where it stopped
  const ProgressTask* progress = nullptr;
};

// `fd` is an empty, writable regular file. Errors: kUnsupported when the registry ignored the
// Range header (answered 200 with the whole blob) — the caller may fall back to one stream;
// kVerificationFailed when a response lies (wrong Content-Range, short body, wrong bytes);
// registry errors and kNetwork as for any transfer. On error the file's content is garbage.
Status FetchBlobRanges(RegistryClient& client, const Reference& repo, const Descriptor& d, int fd,
                       const RangedFetchOptions& options);

}  // namespace attestfs::oci
