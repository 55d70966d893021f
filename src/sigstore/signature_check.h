// Signature checks over a DER SubjectPublicKeyInfo, with the hash Sigstore pairs with each key
// type: ECDSA P-256/SHA-256, P-384/SHA-384, P-521/SHA-512, Ed25519 (pure), RSA PKCS#1 v1.5
// SHA-256. The prehashed form verifies a signature given only the SHA-256 of the message
// (artifacts named by digest), which Ed25519 cannot do.
#pragma once

#include <string_view>

#include "base/result.h"

namespace attestfs::sigstore {

// kVerificationFailed when the signature does not verify; kMalformed for a key that won't parse.
Status VerifySpkiSignature(std::string_view spki_der, std::string_view message,
                           std::string_view signature);
Status VerifySpkiPrehashed(std::string_view spki_der, std::string_view sha256_digest,
                           std::string_view signature);

}  // namespace attestfs::sigstore
