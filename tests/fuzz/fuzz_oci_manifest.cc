// libFuzzer target: OCI manifest / index / descriptor / model-layout parsers on arbitrary bytes.
// A parsed manifest or index must serialise and parse back to the same descriptors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/model_layout.h"
#include "oci/registry_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::oci;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)DetectManifestKind(in, "");
  (void)ParseDescriptorJson(in);
  (void)DescribeRegistryErrorBody(in);
  (void)ParseModelLayout(in, in);
  auto m = Manifest::Parse(in);
  if (m.ok()) {
    auto again = Manifest::Parse(m->Serialize());
    if (!again.ok() || again->layers.size() != m->layers.size() ||
        again->config.digest != m->config.digest) {
      __builtin_trap();
    }
  }
  auto idx = ImageIndex::Parse(in);
  if (idx.ok()) {
    auto again = ImageIndex::Parse(idx->Serialize());
    if (!again.ok() || again->manifests.size() != idx->manifests.size()) __builtin_trap();
  }
  return 0;
}
