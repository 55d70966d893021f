// Media types of signed attestations: the DSSE payload type of an in-toto Statement, the DSSE
// envelope and the Sigstore bundle. The one definition of each; the store, the verifier, the
// registry client (referrer artifact and layer types) and the CLI name these constants.
// OCI image and ModelPack media types live in oci/media_types.h.
#pragma once

#include <string_view>

namespace attestfs::attestation {

// DSSE payloadType of an in-toto Statement (also the artifactType of a DSSE referrer).
inline constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";
// A bare DSSE envelope (store entries, referrer layers).
inline constexpr std::string_view kDsseEnvelopeMediaType = "application/vnd.dsse.envelope.v1+json";
// Every Sigstore bundle media type starts with this.
inline constexpr std::string_view kBundleMediaTypePrefix = "application/vnd.dev.sigstore.bundle";
// Sigstore bundle v0.3, the one written (cosign's current format).
inline constexpr std::string_view kBundleMediaTypeV03 =
    "application/vnd.dev.sigstore.bundle.v0.3+json";
// Legacy bundle media types, accepted on input. v0.2 is also written for a bundle carrying a
// certificate chain (v0.3 allows only the leaf).
inline constexpr std::string_view kBundleMediaTypeLegacyV01 =
    "application/vnd.dev.sigstore.bundle+json;version=0.1";
inline constexpr std::string_view kBundleMediaTypeLegacyV02 =
    "application/vnd.dev.sigstore.bundle+json;version=0.2";
inline constexpr std::string_view kBundleMediaTypeLegacyV03 =
    "application/vnd.dev.sigstore.bundle+json;version=0.3";

}  // namespace attestfs::attestation
