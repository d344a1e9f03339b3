// The op JSON reader (board/op op_from_json) and apply(): an op that reads
// re-encodes to the same op; an op that applies to the sample meeting has an
// inverse that applies and restores the board's content (board_content.hpp:
// versions, times and tombstones are bookkeeping an undo moves on); a rejected op
// leaves the board's state hash untouched; the board after the op survives its
// own file form with the same state hash.
#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/support/board_content.hpp"

using namespace tavle;

namespace {

const Board& sample() {
  static const Board board = sample_board();
  return board;
}

void check_round_trip(const Op& op, const std::string& detail) {
  const nlohmann::json encoded = to_json(op);
  Op again;
  const auto e = op_from_json(encoded, again);
  fuzz::check(!e, "an op that was read reads again from its own JSON", detail + "\nerror=" + (e ? e->message : ""));
  fuzz::check(canonical_text(to_json(again)) == canonical_text(encoded), "an op re-encodes to the same JSON", detail);
}

void check_survives_file_form(const Board& board, const std::string& detail) {
  Board reloaded;
  const auto e = board_from_json(nlohmann::json::parse(canonical_text(to_json(board))), reloaded);
  fuzz::check(!e, "the board after an op reads back from its file form", detail + "\nerror=" + (e ? e->message : ""));
  fuzz::check(state_hash(reloaded) == state_hash(board), "the reloaded board has the same state hash", detail);
}

// An op that changes the plan withdraws the approval and the sign-offs on purpose
// (board/apply.hpp changes_plan): its inverse restores the plan, not the consent
// given to the old one, so that is left out of the comparison.
std::string content_for(const Board& board, bool plan_changed) {
  const std::string content = testing::content_of(board);
  if (!plan_changed) return content;
  nlohmann::json j = nlohmann::json::parse(content);
  std::vector<nlohmann::json*> stack{&j};
  while (!stack.empty()) {
    nlohmann::json* node = stack.back();
    stack.pop_back();
    if (node->is_object())
      for (const char* key : {"approval", "signoffs", "signoff_forms"}) node->erase(key);
    if (node->is_structured())
      for (auto& child : *node) stack.push_back(&child);
  }
  return j.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nlohmann::json j;
  if (parse_json(fuzz::as_text(data, size), j)) return 0;
  Op op;
  if (op_from_json(j, op)) return 0;
  const std::string detail = "op=" + canonical_text(j);
  check_round_trip(op, detail);

  Board board = sample();
  const auto hash_before = state_hash(board);
  const bool plan_changed = changes_plan(op);
  const std::string content_before = content_for(board, plan_changed);
  ApplyResult r = apply(board, op);
  if (!r.ok()) {
    fuzz::check(state_hash(board) == hash_before, "a rejected op leaves the board unchanged", detail);
    return 0;
  }
  check_survives_file_form(board, detail);
  Op inverse = r.inverse;
  inverse.id = "fuzz:inverse";
  inverse.at = op.at + 1;
  check_round_trip(inverse, detail + "\ninverse=" + canonical_text(to_json(inverse)));
  const ApplyResult back = apply(board, inverse);
  fuzz::check(back.ok(), "the inverse of an applied op applies",
              detail + "\ninverse=" + canonical_text(to_json(inverse)) + "\nerror=" + (back.error ? back.error->message : ""));
  const std::string content_after = content_for(board, plan_changed);
  fuzz::check(content_after == content_before, "the inverse restores the board's content",
              detail + "\ninverse=" + canonical_text(to_json(inverse)) + "\n" + fuzz::first_difference(content_before, content_after));
  return 0;
}
