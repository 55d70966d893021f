// UTF-8 checks for names taken from the file system: whether bytes are valid UTF-8, and a
// printable form of bytes that are not (for error messages). No conversion or normalization.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace attestfs {

// True if `s` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view s);

// `s` with every byte that is not part of a valid UTF-8 sequence, every control character and
// every backslash written as \xNN (backslash as \\), so the result is printable valid UTF-8.
std::string EscapeForDisplay(std::string_view s);

// Appends code point `cp` (<= U+10FFFF) to `out` as UTF-8 (1 to 4 bytes).
void AppendUtf8(std::string& out, uint32_t cp);

}  // namespace attestfs
