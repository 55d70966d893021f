// libFuzzer target: sigstore::CheckRekorBody on arbitrary canonicalized bodies, for every entry
// kind it knows, against fixed message-signature and DSSE contents; it must refuse cleanly.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attestation/dsse_envelope.h"
#include "sigstore/rekor_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::sigstore;
  static const char* kKinds[][2] = {{"hashedrekord", "0.0.1"}, {"hashedrekord", "0.0.2"},
                                    {"dsse", "0.0.1"},         {"dsse", "0.0.2"},
                                    {"intoto", "0.0.2"},       {"other", "1"}};
  TlogEntry e;
  e.body.assign(reinterpret_cast<const char*>(data), size);
  attestfs::attestation::DsseEnvelope env;
  env.payload_type = "application/vnd.in-toto+json";
  env.payload = "{}";
  env.signatures.push_back({"", "sig"});
  for (const auto& kv : kKinds) {
    e.kind = kv[0];
    e.version = kv[1];
    SignedContent message{"sig", std::string(32, 'd'), nullptr, "cert", true};
    (void)CheckRekorBody(e, message);
    SignedContent dsse{"sig", "", &env, "key", false};
    (void)CheckRekorBody(e, dsse);
  }
  return 0;
}
