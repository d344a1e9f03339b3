// Order keys (board/order_key and the model's use of them). Input: "before" RS
// "after" (either may be empty: the column's start or end).
// - A key made between two valid keys sorts strictly between them, uses only the
//   62 digits, does not end in 0, and is at most two digits longer than the
//   longer neighbour (it may pass kMaxOrderKeyLength: between "lzz…z" (128) and
//   "m" there is no shorter key; the model respaces the column then).
// - The model: cards placed at `before` and `after`, then one card put at the
//   column's end and one between them (from their keys after that, which a respace
//   may have changed): every key in the column stays valid
//   (within the limit) and the cards keep their order.
#include "board/apply.hpp"
#include "board/order_key.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;

namespace {

bool digits_only(std::string_view key) {
  for (char c : key)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return !key.empty() && key.back() != '0';
}

void add_card(Board& board, const std::string& id, const std::string& order, const std::string& detail) {
  Op op;
  op.id = "fuzz:" + id;
  op.author = "fuzz";
  op.at = 1795593600000;
  op.kind = OpKind::AddCard;
  op.target = id;
  op.value = {{"column", "worries"}, {"text", id}};
  if (!order.empty()) op.value["order"] = order;
  const ApplyResult r = apply(board, op);
  fuzz::check(r.ok(), "a card can be added to the column", detail + "\nerror=" + (r.error ? r.error->message : ""));
}

void check_model(std::string_view before, std::string_view after, const std::string& detail) {
  Board board;
  std::vector<std::string> expected;  // card ids in column order
  if (!before.empty()) add_card(board, "a", std::string(before), detail), expected.push_back("a");
  if (!after.empty()) add_card(board, "b", std::string(after), detail), expected.push_back("b");
  add_card(board, "end", "", detail);  // no order: after the column's last card
  expected.push_back("end");
  // Between the two cards as they are now: appending may have respaced the column,
  // and a client computes its key from the keys it sees.
  const std::string between = before.empty() || after.empty()
                                  ? std::string()
                                  : order_key_between(board.find_card("a")->order, board.find_card("b")->order);
  if (!between.empty() && valid_order_key(between)) {
    add_card(board, "mid", between, detail);
    expected.insert(expected.begin() + 1, "mid");
  }
  std::vector<std::string> ids;
  for (const auto& [key, id] : board.cards.in_column(Column::Worries)) {
    fuzz::check(valid_order_key(key), "every key in the column is valid and within the limit", detail + "\nkey=" + key);
    ids.push_back(id);
  }
  fuzz::check(ids == expected, "the cards keep their order in the column", detail);
}

}  // namespace

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
  fuzz::check(digits_only(key), "the new key uses the 62 digits and does not end in 0", detail);
  fuzz::check(key.size() <= std::max(before.size(), after.size()) + 2, "the new key is at most two digits longer",
              detail);
  fuzz::check(before.empty() || std::string_view(key) > before, "the new key sorts after `before`", detail);
  fuzz::check(after.empty() || std::string_view(key) < after, "the new key sorts before `after`", detail);
  check_model(before, after, detail);
  return 0;
}
