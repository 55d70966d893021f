// libFuzzer target: sigstore::Bundle::Parse (v0.1-v0.3, message signature or DSSE, tlog entries,
// timestamps) on arbitrary bytes, then the whole keyless check against an empty-key trusted
// root and a fixed identity: parsing and every step must refuse cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigstore/bundle.h"
#include "sigstore/bundle_verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::sigstore;
  auto b = Bundle::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!b.ok()) return 0;
  static const TrustedRoot* root = new TrustedRoot(
      TrustedRoot::Parse(
          R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        "tlogs":[{"publicKey":{"rawBytes":"AAAA","validFor":{"start":"2020-01-01T00:00:00Z"}},
        "logId":{"keyId":"AAAA"}}]})")
          .value());
  static const CertificateIdentity* id = new CertificateIdentity(
      CertificateIdentity::Create({"a@example.com", "", "https://issuer", ""}).value());
  VerifyOptions o;
  o.root = root;
  o.identity = id;
  o.now = 1700000000;
  Artifact a;
  a.bytes = "artifact";
  if (VerifyBundle(*b, a, o).ok()) __builtin_trap();
  return 0;
}
