// The pre-authentication encoding of OpenSSF model_signing v0.2.0, kept only to verify the
// signatures that release made. Its `pae` formatted the payload bytes with Python's str(), so it
// signed "DSSEV1 <len> <type> <len> b'<escaped payload>'" instead of DSSE's PAE, and hashed
// with SHA-256 for every ECDSA curve (VerificationMaterial::ecdsa_sha256). model_signing
// itself still accepts it for key and certificate signatures; attestfs accepts it only for
// statements of that release's predicate (https://model_signing/Digests/v0.1).
#pragma once

#include <string>
#include <string_view>

namespace attestfs::attestation {

// Python's repr() of a bytes object: b'...' (or b"..." when the bytes hold ' but no ").
std::string PythonBytesRepr(std::string_view bytes);

// "DSSEV1 " LEN(type) SP type SP LEN(body) SP PythonBytesRepr(body)
std::string ModelSigningV020PreAuthEncode(std::string_view payload_type, std::string_view payload);

}  // namespace attestfs::attestation
