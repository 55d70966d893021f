// Fuzzes what an image layer hands the image scanner as untrusted text: dpkg status databases,
// Python METADATA, os-release, DEP-5 copyright files, and tar entry / link-target paths.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "image/entry_path.h"
#include "image/package_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      (void)attestfs::image::ParseDpkgStatus(text, "var/lib/dpkg/status");
      break;
    case 1:
      (void)attestfs::image::ParsePythonMetadata(text, "site-packages/x-1.0.dist-info/METADATA");
      break;
    case 2:
      (void)attestfs::image::ParseOsRelease(text);
      break;
    case 3:
      (void)attestfs::image::ParseCopyrightLicenses(text);
      break;
    case 4: {
      size_t cut = text.find('\n');
      auto entry = attestfs::image::NormalizeEntryPath(text.substr(0, cut));
      if (entry.ok() && cut != std::string_view::npos) {
        auto link = attestfs::image::ResolveLinkTarget(*entry, text.substr(cut + 1));
        // A resolved link target must never climb out of the root.
        if (link.ok() && (link->rfind("../", 0) == 0 || *link == "..")) __builtin_trap();
      }
      break;
    }
  }
  return 0;
}
