// Digest parsing/formatting and hex helpers.
#include "digest/digest.h"

#include <cstring>

namespace attestfs::digest {

std::string HexEncode(std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

static int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return Error(Errc::kMalformed, "odd-length hex string");
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexVal(hex[2 * i]), lo = HexVal(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Error(Errc::kMalformed, "non-hex character in hex string");
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string Digest::Hex() const { return HexEncode(Raw()); }

Result<Digest> Digest::FromRaw(std::string_view raw) {
  if (raw.size() != kSize) return Error(Errc::kMalformed, "digest must be 32 bytes");
  Bytes b;
  std::memcpy(b.data(), raw.data(), kSize);
  return Digest(b);
}

Result<Digest> Digest::FromHex(std::string_view hex) {
  if (hex.size() != 2 * kSize) {
    return Error(Errc::kMalformed, "sha256 hex digest must be 64 characters");
  }
  auto raw = HexDecode(hex);
  if (!raw.ok()) return raw.error();
  return FromRaw(*raw);
}

Result<Digest> Digest::Parse(std::string_view text) {
  constexpr std::string_view kPrefix = "sha256:";
  if (text.substr(0, kPrefix.size()) != kPrefix) {
    return Error(Errc::kMalformed, "digest '" + std::string(text.substr(0, 80)) +
                                       "' is not of the form sha256:<hex>");
  }
  auto d = FromHex(text.substr(kPrefix.size()));
  if (!d.ok()) return d.error().Context("digest '" + std::string(text.substr(0, 80)) + "'");
  return d;
}

}  // namespace attestfs::digest
