// libFuzzer target: sigstore::VerifyRfc3161Timestamp on arbitrary DER (TimeStampResp parsing,
// genTime, the TS API's checks) with no and with an unusable timestamp authority; never a pass.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sigstore/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::sigstore;
  std::string_view der(reinterpret_cast<const char*>(data), size);
  if (VerifyRfc3161Timestamp(der, "signature", {}).ok()) __builtin_trap();
  CertificateAuthority tsa;
  tsa.uri = "https://tsa.invalid";
  tsa.chain_der = {std::string(der.substr(0, size / 2))};
  if (VerifyRfc3161Timestamp(der, "signature", {tsa}).ok()) __builtin_trap();
  return 0;
}
