// Rendering an app::VerifyResult for `attestfs verify` and `verify-ref`: text (difference lines,
// policy report, verdict line), JSON, or SARIF (with a policy); notes about the signed
// evaluation on stderr. Returns the exit code: 0 verified, 1 failed or denied.
#pragma once

#include <string>

#include "app/verify_artifact.h"

namespace attestfs::cli {

enum class VerifyFormat { kText, kJson, kSarif };

int RenderVerifyResult(const app::VerifyResult& result, const std::string& target,
                       VerifyFormat format);

}  // namespace attestfs::cli
