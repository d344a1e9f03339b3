#include "board/order_key.hpp"

#include <algorithm>
#include <cassert>
#include <vector>

namespace tavle {
namespace {

constexpr int kBase = 62;
constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Units a level must offer before we settle on it; what is left below the
// threshold carries over (x62) to the next level, which keeps growth slow.
constexpr int kRoomThreshold = kBase;

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

// A fixed-point number: digits[0] is the integer part (0 or 1), then `level`
// fraction digits in base 62.
using Fixed = std::vector<int>;

Fixed truncate(std::string_view key, std::size_t level) {
  Fixed out(level + 1, 0);
  for (std::size_t i = 0; i < level && i < key.size(); ++i) out[i + 1] = digit_value(key[i]);
  return out;
}

bool has_digits_beyond(std::string_view key, std::size_t level) {
  for (std::size_t i = level; i < key.size(); ++i)
    if (key[i] != '0') return true;
  return false;
}

void add_unit(Fixed& x) {  // + one unit in the last place
  for (std::size_t i = x.size(); i-- > 0;) {
    if (++x[i] < kBase || i == 0) return;
    x[i] = 0;
  }
}

void subtract_unit(Fixed& x) {  // - one unit in the last place
  for (std::size_t i = x.size(); i-- > 0;) {
    if (--x[i] >= 0) return;
    x[i] = kBase - 1;
  }
}

Fixed minus(const Fixed& a, const Fixed& b) {  // a - b, a >= b
  Fixed out(a.size(), 0);
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = a[i] - b[i] - borrow;
    borrow = d < 0;
    out[i] = d + (borrow ? kBase : 0);
  }
  return out;
}

Fixed plus(const Fixed& a, const Fixed& b) {
  Fixed out(a.size(), 0);
  int carry = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = a[i] + b[i] + carry;
    carry = d >= kBase;
    out[i] = d - (carry ? kBase : 0);
  }
  return out;
}

Fixed halve(const Fixed& a) {
  Fixed out(a.size(), 0);
  int rest = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int d = rest * kBase + a[i];
    out[i] = d / 2;
    rest = d % 2;
  }
  return out;
}

// True if x (a count of units) is at least n, for small n.
bool at_least(const Fixed& x, int n) {
  long long tail = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (tail > n) return true;
    tail = tail * kBase + x[i];
  }
  return tail >= n;
}

std::string to_key(const Fixed& x) {
  std::string out;
  for (std::size_t i = 1; i < x.size(); ++i) out += kDigits[static_cast<std::size_t>(x[i])];
  while (!out.empty() && out.back() == '0') out.pop_back();
  return out;
}

}  // namespace

bool valid_order_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxOrderKeyLength || key.back() == '0') return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return digit_value(c) >= 0; });
}

std::string order_key_between(std::string_view before, std::string_view after) {
  assert(after.empty() || before < after);
  // Step next to the newest neighbour: at a column's end that is the only one;
  // inside, it is the one at least two digits longer (repeated inserts at one
  // spot keep lengthening it). Otherwise bisect, which suits random inserts.
  const bool at_start = before.empty(), at_end = after.empty();
  const bool step_up = !at_start && (at_end || before.size() >= after.size() + 2);
  const bool step_down = !at_end && (at_start || after.size() >= before.size() + 2);
  for (std::size_t level = 1;; ++level) {
    Fixed low = truncate(before, level);  // <= before
    Fixed high;                           // >= after, the smallest such at this level
    if (after.empty()) {
      high = Fixed(level + 1, 0);
      high[0] = 1;
    } else {
      high = truncate(after, level);
      if (has_digits_beyond(after, level)) add_unit(high);
    }
    // Candidates are low+1 .. high-1. A step wants kRoomThreshold of them so the
    // next steps fit at this level too; a bisection needs just one.
    Fixed gap = minus(high, low);  // candidates + 1
    const bool midpoint = step_up == step_down;
    const int needed = midpoint ? 2 : kRoomThreshold + 1;
    if (!at_least(gap, needed)) continue;
    Fixed key;
    if (step_up && !step_down) {
      key = low;
      add_unit(key);
    } else if (step_down && !step_up) {
      key = high;
      subtract_unit(key);
    } else {
      key = plus(low, halve(gap));
    }
    return to_key(key);
  }
}

std::vector<std::string> spread_order_keys(std::size_t count) {
  // Enough digits that neighbours are at least two units apart, so a key fits
  // between any two of them at the next level without growing much.
  std::size_t digits = 1;
  unsigned long long units = kBase;
  while (units < 2 * (count + 1)) {
    units *= kBase;
    ++digits;
  }
  std::vector<std::string> keys;
  keys.reserve(count);
  for (std::size_t i = 1; i <= count; ++i) {
    unsigned long long value = units * i / (count + 1);
    Fixed x(digits + 1, 0);
    for (std::size_t d = digits; d > 0; --d, value /= kBase) x[d] = static_cast<int>(value % kBase);
    keys.push_back(to_key(x));
  }
  return keys;
}

}  // namespace tavle
