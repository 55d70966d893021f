// libFuzzer target: ParseCycloneDx on arbitrary bytes; a BOM that parses must survive a
// BuildCycloneDx/ParseCycloneDx round trip with the same manifest. The same bytes are also
// read as a README.md (model card front matter) and fed to GuessKind.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sbom/cyclonedx_bom.h"
#include "sbom/model_card.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::sbom;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParseModelCard(text);
  auto bom = ParseCycloneDx(text);
  if (!bom.ok()) return 0;
  (void)GuessKind(bom->manifest, text);
  BomContext ctx;
  ctx.name = bom->model_name;
  ctx.serial_uuid = "3e671687-395b-41f5-a30f-a58921a69b79";
  auto rebuilt = BuildCycloneDx(bom->manifest, ctx);
  if (!rebuilt.ok()) __builtin_trap();  // a validated manifest must always serialise
  auto again = ParseCycloneDx(*rebuilt);
  if (!again.ok()) __builtin_trap();
  const auto& a = bom->manifest;
  const auto& b = again->manifest;
  if (a.chunk_size != b.chunk_size || a.files.size() != b.files.size() ||
      a.excluded != b.excluded || a.include_patterns != b.include_patterns ||
      a.exclude_patterns != b.exclude_patterns) {
    __builtin_trap();
  }
  for (size_t i = 0; i < a.files.size(); ++i) {
    const auto& x = a.files[i];
    const auto& y = b.files[i];
    if (x.path != y.path || x.sha256 != y.sha256 || x.size != y.size || x.type != y.type ||
        x.link_target != y.link_target || x.executable != y.executable || x.chunks != y.chunks) {
      __builtin_trap();
    }
  }
  return 0;
}
