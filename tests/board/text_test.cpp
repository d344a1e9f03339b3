// The one UTF-8 check, number parser and clock (board/text.hpp) that every layer uses.
#include "board/text.hpp"

#include <gtest/gtest.h>

namespace tavle {
namespace {

TEST(Utf8, AcceptsTextInAnyScriptAndRefusesBrokenSequences) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("Hvad går godt? Øresund 🙂 ﺳﻼﻡ"));
  EXPECT_FALSE(valid_utf8(std::string("a\0b", 3)));     // NUL
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));                  // overlong '/'
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));              // a surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));          // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE2\x82"));                  // cut off
  EXPECT_FALSE(valid_utf8("\xFF\xFE bad"));
}

TEST(Utf8, SequenceLengthGivesTheCodePoint) {
  char32_t cp = 0;
  EXPECT_EQ(utf8_sequence_length("å", 0, cp), 2u);
  EXPECT_EQ(cp, U'å');
  EXPECT_EQ(utf8_sequence_length("🙂", 0, cp), 4u);
  EXPECT_EQ(cp, U'🙂');
  EXPECT_EQ(utf8_sequence_length("\x80", 0, cp), 0u);
}

TEST(Utf8, CuttingNeverSplitsALetter) {
  EXPECT_EQ(cut_utf8("Øresund", 1), "");       // Ø is two bytes: nothing of it
  EXPECT_EQ(cut_utf8("Øresund", 2), "Ø");
  EXPECT_EQ(cut_utf8("aå", 2), "a");
  EXPECT_EQ(cut_utf8("abc", 10), "abc");
  EXPECT_TRUE(valid_utf8(cut_utf8("🙂🙂", 5)));
}

TEST(ParseNumber, TakesDigitsInRangeOnly) {
  EXPECT_EQ(parse_number("0", 0, 65535), 0);
  EXPECT_EQ(parse_number("65535", 0, 65535), 65535);
  EXPECT_EQ(parse_number("65536", 0, 65535), std::nullopt);
  EXPECT_EQ(parse_number("", 0, 10), std::nullopt);
  EXPECT_EQ(parse_number("-1", -5, 10), std::nullopt);  // no signs at all
  EXPECT_EQ(parse_number("+1", 0, 10), std::nullopt);
  EXPECT_EQ(parse_number(" 1", 0, 10), std::nullopt);
  EXPECT_EQ(parse_number("1 ", 0, 10), std::nullopt);
  EXPECT_EQ(parse_number("8080abc", 0, 65535), std::nullopt);
  EXPECT_EQ(parse_number("99999999999999999999999", 0, 65535), std::nullopt);  // overflow is out of range, not a wrap
}

TEST(Clock, IsMillisecondsSinceTheEpoch) {
  EXPECT_GT(now_millis(), 1'700'000'000'000);  // after November 2023
  EXPECT_LT(now_millis(), 4'102'444'800'000);  // before 2100
}

}  // namespace
}  // namespace tavle
