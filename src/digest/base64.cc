// Base64 via OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock, with URL-safe and padding normalisation.
#include "digest/base64.h"

#include <openssl/evp.h>

namespace attestfs::digest {

std::string Base64Encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string s;
  s.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '\n' || c == '\r') continue;
    bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/' || c == '=';
    if (!valid) return Error(Errc::kMalformed, "invalid base64 character");
    s.push_back(c);
  }
  size_t pad = 0;
  while (!s.empty() && s.back() == '=') {
    s.pop_back();
    ++pad;
  }
  if (pad > 2 || s.find('=') != std::string::npos) return Error(Errc::kMalformed, "invalid base64 padding");
  if (s.size() % 4 == 1) return Error(Errc::kMalformed, "invalid base64 length");
  size_t missing = (4 - s.size() % 4) % 4;
  s.append(missing, '=');
  std::string out(s.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  if (n < 0) return Error(Errc::kMalformed, "invalid base64");
  out.resize(static_cast<size_t>(n) - missing);
  return out;
}

}  // namespace attestfs::digest
