// IsValidUtf8 (strict: no overlongs, surrogates, > U+10FFFF, truncated sequences) and
// EscapeForDisplay (bad bytes, control characters and backslashes as escapes).
#include "base/utf8.h"

#include <gtest/gtest.h>

namespace attestfs {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("model.safetensors"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));                // U+00E9
  EXPECT_TRUE(IsValidUtf8("\xe6\xa8\xa1\xe5\x9e\x8b"));   // CJK
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));           // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));           // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));  // NUL is UTF-8 (refused elsewhere)
}

TEST(Utf8Test, RefusesMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xe6\xa8"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc3("));  // bad continuation
}

TEST(Utf8Test, EscapesWhatIsNotPrintableUtf8) {
  EXPECT_EQ(EscapeForDisplay("bad\xff.bin"), "bad\\xff.bin");
  EXPECT_EQ(EscapeForDisplay("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(EscapeForDisplay("a\nb\\c"), "a\\x0ab\\\\c");
  EXPECT_EQ(EscapeForDisplay("\xe6\xa8"), "\\xe6\\xa8");
  EXPECT_TRUE(IsValidUtf8(EscapeForDisplay("\xc0\xaf\xed\xa0\x80\x7f")));
}

}  // namespace
}  // namespace attestfs
