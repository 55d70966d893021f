// model_signing v0.2.0's pre-authentication encoding (see legacy_pae.h).
#include "attestation/legacy_pae.h"

#include "attestation/dsse_envelope.h"

namespace attestfs::attestation {

std::string PythonBytesRepr(std::string_view bytes) {
  const bool has_single = bytes.find('\'') != std::string_view::npos;
  const bool has_double = bytes.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "b";
  out.reserve(bytes.size() + 3);
  out += quote;
  for (unsigned char c : bytes) {
    if (c == static_cast<unsigned char>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

std::string ModelSigningV020PreAuthEncode(std::string_view payload_type, std::string_view payload) {
  return PreAuthHeader("DSSEV1", payload_type, payload.size()) + PythonBytesRepr(payload);
}

}  // namespace attestfs::attestation
