// Order keys (board/order_key): a key made between two valid keys sorts strictly
// between them, is itself valid and stays within the model's length limit.
// Input: "before" RS "after" (either may be empty: the column's start or end).
#include "board/order_key.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::split_records(fuzz::as_text(data, size));
  if (parts.size() != 2) return 0;
  const std::string_view before = parts[0], after = parts[1];
  // valid_order_key on anything must simply answer.
  const bool before_ok = before.empty() || valid_order_key(before);
  const bool after_ok = after.empty() || valid_order_key(after);
  if (!before_ok || !after_ok) return 0;
  if (!before.empty() && !after.empty() && !(before < after)) return 0;
  const std::string key = order_key_between(before, after);
  const std::string detail = "before=" + std::string(before) + "\nafter=" + std::string(after) + "\nkey=" + key;
  fuzz::check(valid_order_key(key), "the new key is valid (digits, no trailing 0, at most 128 chars)", detail);
  fuzz::check(before.empty() || std::string_view(key) > before, "the new key sorts after `before`", detail);
  fuzz::check(after.empty() || std::string_view(key) < after, "the new key sorts before `after`", detail);
  return 0;
}
