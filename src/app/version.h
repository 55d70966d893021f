// The attestfs release version, written into evidence (CycloneDX tool metadata, SARIF).
#pragma once

namespace attestfs::app {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace attestfs::app
