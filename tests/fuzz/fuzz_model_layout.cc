// libFuzzer target: a model artifact as a registry could serve it — manifest, config and one
// packed tar layer (split at NUL bytes) — through ParseModelLayout (every layer must hold a
// listed file) and CheckPackedLayer (every tar member must be listed at its offset).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oci/model_layout.h"
#include "oci/packed_layer_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t a = in.find('\0');
  if (a == std::string_view::npos) return 0;
  size_t b = in.find('\0', a + 1);
  std::string_view manifest = in.substr(0, a);
  std::string_view config = in.substr(a + 1, b == std::string_view::npos ? in.npos : b - a - 1);
  auto layout = attestfs::oci::ParseModelLayout(manifest, config);
  if (!layout.ok() || b == std::string_view::npos) return 0;
  std::string_view tar = in.substr(b + 1);
  int fd = memfd_create("fuzz-layer", 0);
  if (fd < 0) return 0;
  if (write(fd, tar.data(), tar.size()) == static_cast<ssize_t>(tar.size())) {
    for (const auto& [path, loc] : *layout) {
      if (loc.packed) (void)attestfs::oci::CheckPackedLayer(fd, tar.size(), *layout, loc.layer);
    }
  }
  close(fd);
  return 0;
}
