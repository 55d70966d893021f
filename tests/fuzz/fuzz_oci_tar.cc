// libFuzzer target: the tar scanner used for packed model layers, on arbitrary bytes.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "oci/tar_layout.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = memfd_create("fuzz-tar", 0);
  if (fd < 0) return 0;
  if (write(fd, data, size) == static_cast<ssize_t>(size)) {
    (void)attestfs::oci::ScanTar(fd, size,
                                 [](const std::string&, bool, unsigned, uint64_t, uint64_t) {
                                   return attestfs::OkStatus();
                                 });
  }
  close(fd);
  return 0;
}
