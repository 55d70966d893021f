// LocalBlobSource: component-by-component openat(O_NOFOLLOW) resolution below a root fd, and
// ranged reads. Short backing files give short results (the verifier reports the mismatch).
#include "content/local_blob_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/regular_file.h"

namespace attestfs::content {

Result<std::unique_ptr<LocalBlobSource>> LocalBlobSource::Open(const std::string& root_dir) {
  UniqueFd fd(::open(root_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open source directory " + root_dir, errno);
  return std::unique_ptr<LocalBlobSource>(new LocalBlobSource(std::move(fd)));
}

Result<UniqueFd> LocalBlobSource::OpenFile(const std::string& relative_path) const {
  AFS_TRY(attestation::ValidateRelativePath(relative_path));
  UniqueFd dir;  // invalid means "the root"
  size_t start = 0;
  for (;;) {
    size_t slash = relative_path.find('/', start);
    bool last = slash == std::string::npos;
    std::string name = relative_path.substr(start, last ? std::string::npos : slash - start);
    if (name.empty() || name == "." || name == "..") {
      return Error(Errc::kUnsafePath, relative_path + ": bad path component");
    }
    int at = dir.valid() ? dir.get() : root_.get();
    // The file itself: non-blocking open and type check first, so a FIFO or device node in
    // place of a backing file is an error (EIO for the reader), never a daemon stuck in open(2).
    if (last) return OpenRegularFileAt(at, name, relative_path);
    UniqueFd next(::openat(at, name.c_str(), O_NOFOLLOW | O_CLOEXEC | O_PATH | O_DIRECTORY));
    if (!next.valid()) {
      int err = errno;
      if (err == ELOOP || err == ENOTDIR) {
        // O_NOFOLLOW on a symlink gives ELOOP; a symlinked directory gives ENOTDIR with O_PATH.
        return Error(Errc::kUnsafePath, relative_path +
                                            ": refusing a symlink or non-directory in "
                                            "the path");
      }
      if (err == ENOENT) return Error(Errc::kNotFound, relative_path + ": no such file");
      return ErrnoError("open " + relative_path, err);
    }
    dir = std::move(next);
    start = slash + 1;
  }
}

Result<std::string> LocalBlobSource::ReadRange(const attestation::FileEntry& file, uint64_t offset,
                                               uint64_t length) {
  std::string out;
  AFS_TRY(ReadRangeInto(file, offset, length, &out));
  return out;
}

Status LocalBlobSource::ReadRangeInto(const attestation::FileEntry& file, uint64_t offset,
                                      uint64_t length, std::string* out) {
  AFS_ASSIGN_OR_RETURN(UniqueFd fd, OpenFile(file.path));
  out->resize(length);  // a recycled buffer of this size is not touched
  uint64_t done = 0;
  while (done < length) {
    ssize_t n =
        ::pread(fd.get(), out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read " + file.path, errno);
    }
    if (n == 0) break;  // the backing file is shorter than attested
    done += static_cast<uint64_t>(n);
  }
  out->resize(done);
  return OkStatus();
}

}  // namespace attestfs::content
