#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "board/order_key.hpp"

namespace tavle {
namespace {

void expect_sorted_unique(const std::vector<std::string>& keys) {
  for (std::size_t i = 1; i < keys.size(); ++i) ASSERT_LT(keys[i - 1], keys[i]) << "at " << i;
  for (const auto& k : keys) ASSERT_TRUE(valid_order_key(k)) << k;
}

std::size_t longest(const std::vector<std::string>& keys) {
  std::size_t n = 0;
  for (const auto& k : keys) n = std::max(n, k.size());
  return n;
}

TEST(OrderKey, FirstKeyOnEmptyColumnIsShort) {
  EXPECT_EQ(order_key_between("", "").size(), 1u);
}

TEST(OrderKey, BetweenIsStrictlyBetween) {
  const char* pairs[][2] = {{"", "V"}, {"V", ""}, {"V", "W"}, {"V", "V1"}, {"Vz", "W"}, {"1", "2"}, {"zzzz", ""},
                            {"", "01"}, {"V01", "V02"}};
  for (auto& p : pairs) {
    std::string k = order_key_between(p[0], p[1]);
    EXPECT_TRUE(valid_order_key(k)) << k;
    if (*p[0]) {
      EXPECT_LT(std::string(p[0]), k);
    }
    if (*p[1]) {
      EXPECT_LT(k, std::string(p[1]));
    }
  }
}

TEST(OrderKey, RejectsMalformedKeys) {
  EXPECT_FALSE(valid_order_key(""));
  EXPECT_FALSE(valid_order_key("V0"));
  EXPECT_FALSE(valid_order_key("V-"));
  EXPECT_FALSE(valid_order_key(std::string(kMaxOrderKeyLength + 1, 'V')));
  EXPECT_TRUE(valid_order_key("V01"));
}

// Ten thousand inserts at one spot must stay ordered and keep keys short.
TEST(OrderKey, TenThousandInsertsAtTheSamePositionStayOrderedAndShort) {
  for (int pattern = 0; pattern < 5; ++pattern) {
    std::vector<std::string> keys{order_key_between("", "")};
    std::mt19937 rng(7);
    for (int i = 0; i < 10000; ++i) {
      std::size_t at = 0;  // insert before keys[at]
      switch (pattern) {
        case 0: at = 0; break;                                // always at the top
        case 1: at = keys.size(); break;                      // always at the bottom
        case 2: at = 1; break;                                // always right after the first card
        case 3: at = keys.size() - 1; break;                  // always right before the last card
        default: at = rng() % (keys.size() + 1); break;       // anywhere
      }
      std::string k = order_key_between(at == 0 ? "" : keys[at - 1], at == keys.size() ? "" : keys[at]);
      keys.insert(keys.begin() + static_cast<long>(at), k);
    }
    expect_sorted_unique(keys);
    // One spot: about one digit per 3,800 inserts. Anywhere: bisection, whose
    // deepest path is a few times log62(n); both far below kMaxOrderKeyLength.
    EXPECT_LE(longest(keys), pattern < 4 ? 8u : 24u) << "pattern " << pattern;
  }
}

}  // namespace
}  // namespace tavle
