// ExtractArchive / ResolveMember with libarchive (the tar reader for image archives).
#include "image/archive_extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "base/unique_fd.h"
#include "image/entry_path.h"
#include "image/image_limits.h"

namespace attestfs::image {
namespace {

struct ArchiveDeleter {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

Status WriteAll(int fd, const void* data, size_t n, const std::string& what) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write " + what, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return OkStatus();
}

}  // namespace

Result<ExtractedArchive> ExtractArchive(const std::string& archive, const std::string& dest_dir) {
  std::unique_ptr<struct archive, ArchiveDeleter> a(archive_read_new());
  if (!a) return Error(Errc::kInternal, "archive_read_new failed");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  std::string ctx = "read image archive " + archive;
  if (archive_read_open_filename(a.get(), archive.c_str(), 1 << 16) != ARCHIVE_OK) {
    std::string msg = archive_error_string(a.get()) ? archive_error_string(a.get()) : "";
    return Error(errno == ENOENT ? Errc::kNotFound : Errc::kMalformed, ctx + ": " + msg);
  }
  ExtractedArchive out;
  size_t entries = 0;
  uint64_t total = 0;  // declared member sizes (sparse members count in full)
  for (;;) {
    struct archive_entry* e = nullptr;
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      return Error(Errc::kMalformed, ctx + ": " + archive_error_string(a.get()));
    }
    if (++entries > kMaxArchiveEntries) {
      return Error(Errc::kTooLarge,
                   ctx + ": more than " + std::to_string(kMaxArchiveEntries) + " entries");
    }
    const char* raw = archive_entry_pathname(e);
    auto path = NormalizeEntryPath(raw ? raw : "");
    if (!path.ok()) return path.error().Context(ctx);
    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR) continue;
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(e);
      out.symlinks[*path] = target ? target : "";
      continue;
    }
    if (archive_entry_hardlink(e) != nullptr) {
      auto target = NormalizeEntryPath(archive_entry_hardlink(e));
      if (!target.ok()) return target.error().Context(ctx);
      auto it = out.files.find(*target);
      if (it == out.files.end())
        return Error(Errc::kMalformed, ctx + ": hard link to unknown member " + *target);
      out.files[*path] = it->second;
      continue;
    }
    if (type != AE_IFREG) {
      return Error(Errc::kUnsupported,
                   ctx + ": member '" + *path + "' is not a file, directory or symlink");
    }
    if (archive_entry_size(e) > 0) total += static_cast<uint64_t>(archive_entry_size(e));
    if (total > kMaxArchiveContentBytes) {
      return Error(Errc::kTooLarge, ctx + ": members exceed " +
                                        std::to_string(kMaxArchiveContentBytes >> 30) + " GiB");
    }
    std::string file = dest_dir + "/m" + std::to_string(entries);
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return ErrnoError(ctx + ": create " + file, errno);
    UniqueFd owned(fd);
    for (;;) {
      const void* buf = nullptr;
      size_t len = 0;
      la_int64_t off = 0;
      int rr = archive_read_data_block(a.get(), &buf, &len, &off);
      if (rr == ARCHIVE_EOF) break;
      if (rr != ARCHIVE_OK && rr != ARCHIVE_WARN)
        return Error(Errc::kMalformed, ctx + ": " + *path + ": " + archive_error_string(a.get()));
      if (off < 0 ||
          static_cast<uint64_t>(off) + len > static_cast<uint64_t>(archive_entry_size(e)))
        return Error(Errc::kMalformed, ctx + ": " + *path + ": data beyond the member size");
      if (::lseek(fd, off, SEEK_SET) < 0) return ErrnoError(ctx + ": seek " + file, errno);
      AFS_TRY(WriteAll(fd, buf, len, file));
    }
    // Sparse members end in a hole: make the file as long as the member says.
    if (::ftruncate(fd, archive_entry_size(e)) != 0)
      return ErrnoError(ctx + ": truncate " + file, errno);
    out.files[*path] = file;
  }
  return out;
}

Result<std::string> ResolveMember(const ExtractedArchive& a, const std::string& path) {
  AFS_ASSIGN_OR_RETURN(std::string cur, NormalizeEntryPath(path));
  for (int hop = 0; hop < 8; ++hop) {
    if (auto f = a.files.find(cur); f != a.files.end()) return f->second;
    auto l = a.symlinks.find(cur);
    if (l == a.symlinks.end()) break;
    AFS_ASSIGN_OR_RETURN(cur, ResolveLinkTarget(cur, l->second));
  }
  return Error(Errc::kNotFound, "archive has no file '" + path + "'");
}

}  // namespace attestfs::image
