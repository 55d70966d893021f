// RandomUuid: version-4 UUID from std::random_device.
#include "sbom/bom_serial.h"

#include <cstdint>
#include <cstdio>
#include <random>

namespace attestfs::sbom {

std::string RandomUuid() {
  std::random_device rd;
  uint8_t b[16];
  for (size_t i = 0; i < 16; i += 4) {
    uint32_t v = rd();
    for (size_t k = 0; k < 4; ++k) b[i + k] = static_cast<uint8_t>(v >> (8 * k));
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  char out[37];
  std::snprintf(out, sizeof(out),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

}  // namespace attestfs::sbom
