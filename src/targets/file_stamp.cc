// FileStamp::Of (struct stat -> stamp) and the description of what changed.
#include "targets/file_stamp.h"

namespace attestfs::targets {

FileStamp FileStamp::Of(const struct stat& st) {
  FileStamp s;
  s.dev = static_cast<uint64_t>(st.st_dev);
  s.ino = static_cast<uint64_t>(st.st_ino);
  s.size = static_cast<uint64_t>(st.st_size);
  s.mtime_sec = st.st_mtim.tv_sec;
  s.mtime_nsec = st.st_mtim.tv_nsec;
  s.ctime_sec = st.st_ctim.tv_sec;
  s.ctime_nsec = st.st_ctim.tv_nsec;
  return s;
}

std::string FileStamp::DescribeChangeFrom(const FileStamp& before) const {
  if (dev != before.dev || ino != before.ino) return "replaced by another file";
  if (size != before.size) return "size differs";
  if (mtime_sec != before.mtime_sec || mtime_nsec != before.mtime_nsec) {
    return "modification time differs";
  }
  if (ctime_sec != before.ctime_sec || ctime_nsec != before.ctime_nsec)
    return "change time differs";
  return "unchanged";
}

}  // namespace attestfs::targets
