// Digest: an algorithm-tagged hash value ("sha256:<64 hex>"). Only SHA-256 is produced;
// parsing accepts "sha256:" strings and raw hex.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs::digest {

class Digest {
 public:
  static constexpr size_t kSize = 32;
  using Bytes = std::array<uint8_t, kSize>;

  Digest() = default;
  explicit Digest(const Bytes& b) : bytes_(b) {}

  // "sha256:<hex>" (OCI form).
  static Result<Digest> Parse(std::string_view text);
  // 64 lowercase/uppercase hex characters.
  static Result<Digest> FromHex(std::string_view hex);
  // Exactly 32 raw bytes.
  static Result<Digest> FromRaw(std::string_view raw);

  std::string ToString() const { return "sha256:" + Hex(); }
  std::string Hex() const;
  std::string_view Raw() const {
    return std::string_view(reinterpret_cast<const char*>(bytes_.data()), kSize);
  }
  const Bytes& bytes() const { return bytes_; }

  auto operator<=>(const Digest&) const = default;

 private:
  Bytes bytes_{};
};

// Lowercase hex of arbitrary bytes, and its inverse (nullopt-like error on bad input).
std::string HexEncode(std::string_view raw);
Result<std::string> HexDecode(std::string_view hex);

}  // namespace attestfs::digest
