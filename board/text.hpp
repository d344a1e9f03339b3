// The small checks every layer needs on text that comes from outside, written once:
// UTF-8, whole numbers, and the wall clock ops are stamped with. board/ (apply's
// checks), export/ (cleaning text), net/ (cutting announced names), the programs'
// options and the benches all use these; none keeps a copy of its own.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "board/model.hpp"

namespace tavle {

// The length of the valid UTF-8 sequence at text[i] (its code point in
// `code_point`), or 0 when there is none: overlong forms, surrogates, code points
// above U+10FFFF and cut-off sequences are invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i, char32_t& code_point);
// Strict UTF-8 without NUL: what JSON can carry unchanged.
bool valid_utf8(std::string_view text);
// `text` cut to at most `limit` bytes without splitting a letter.
std::string cut_utf8(std::string_view text, std::size_t limit);

// `text` as a whole number from `min` to `max`: decimal digits only (no sign, no
// spaces, nothing after), or nullopt. A number too long for a long is out of
// range, never wrapped.
std::optional<long> parse_number(std::string_view text, long min, long max);

// Now, in milliseconds since the Unix epoch: the time an op is stamped with.
// apply() never reads the clock; only the senders of ops and the store's records do.
Millis now_millis();

}  // namespace tavle
