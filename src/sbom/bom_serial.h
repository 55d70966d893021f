// CycloneDX serial numbers: a random version-4 UUID (uniqueness, not secrecy: no OpenSSL here),
// shared by the ML-BOM writer and the image SBOM.
#pragma once

#include <string>

namespace attestfs::sbom {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (without the urn:uuid: prefix).
std::string RandomUuid();

}  // namespace attestfs::sbom
