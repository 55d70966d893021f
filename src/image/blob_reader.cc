// BlobReader: hashing reader with the size/digest check at end of stream.
#include "image/blob_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace attestfs::image {

Result<std::unique_ptr<BlobReader>> BlobReader::Open(const std::string& path,
                                                     const oci::Descriptor& d, std::string label) {
  std::string name = label + " " + d.digest.ToString();
  if (d.size < 0) return Error(Errc::kMalformed, name + ": negative size");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Error(Errc::kNotFound, name + ": blob missing (" + path + ")");
    return ErrnoError(name + ": open " + path, errno);
  }
  UniqueFd owned(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return ErrnoError(name + ": stat " + path, errno);
  if (!S_ISREG(st.st_mode))
    return Error(Errc::kUnsafePath, name + ": " + path + " is not a regular file");
  return std::unique_ptr<BlobReader>(new BlobReader(std::move(owned), d, std::move(label)));
}

std::string BlobReader::Name() const { return label_ + " " + d_.digest.ToString(); }

Status BlobReader::Fail(Error e) {
  failed_ = e;
  return e;
}

Result<size_t> BlobReader::Read(char* buf, size_t n) {
  if (failed_) return *failed_;
  if (verified_ || n == 0) return size_t{0};
  uint64_t want = static_cast<uint64_t>(d_.size);
  // Read one byte past the declared size so that a longer blob is noticed.
  size_t ask = n;
  if (read_ + ask > want + 1) ask = static_cast<size_t>(want + 1 - read_);
  ssize_t got;
  do {
    got = ::read(fd_.get(), buf, ask);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return Fail(ErrnoError(Name() + ": read", errno)).error();
  read_ += static_cast<uint64_t>(got);
  if (read_ > want) {
    return Fail(Error(Errc::kVerificationFailed,
                      Name() + " is longer than its descriptor size " + std::to_string(want)))
        .error();
  }
  if (got == 0) {
    if (read_ != want) {
      return Fail(Error(Errc::kVerificationFailed, Name() + " has " + std::to_string(read_) +
                                                       " bytes, its descriptor says " +
                                                       std::to_string(want)))
          .error();
    }
    digest::Digest actual = hasher_.Finish();
    if (actual != d_.digest) {
      return Fail(Error(
                      Errc::kVerificationFailed,
                      Name() + " does not match its digest (content is " + actual.ToString() + ")"))
          .error();
    }
    verified_ = true;
    return size_t{0};
  }
  hasher_.Update(buf, static_cast<size_t>(got));
  return static_cast<size_t>(got);
}

Status BlobReader::Finish() {
  char buf[64 << 10];
  for (;;) {
    AFS_ASSIGN_OR_RETURN(size_t n, Read(buf, sizeof(buf)));
    if (n == 0) return OkStatus();
  }
}

Result<std::string> BlobReader::ReadAll(uint64_t max_bytes) {
  if (static_cast<uint64_t>(d_.size) > max_bytes) {
    return Error(Errc::kTooLarge, Name() + " is " + std::to_string(d_.size) +
                                      " bytes, over the limit of " + std::to_string(max_bytes));
  }
  std::string out;
  out.reserve(static_cast<size_t>(d_.size));
  char buf[64 << 10];
  for (;;) {
    AFS_ASSIGN_OR_RETURN(size_t n, Read(buf, sizeof(buf)));
    if (n == 0) return out;
    out.append(buf, n);
  }
}

}  // namespace attestfs::image
