// The meeting file reader (board/board_json: parse_json + board_from_json, what
// `tavle validate`, the app's open and the store's snapshots use): a file that
// loads re-serialises to a file that loads with the same state hash and the same
// text; a file that does not load leaves the target board untouched.
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Board sample = sample_board();
  static const auto sample_hash = state_hash(sample);
  nlohmann::json j;
  if (parse_json(fuzz::as_text(data, size), j)) return 0;
  Board board = sample;
  if (board_from_json(j, board)) {
    fuzz::check(state_hash(board) == sample_hash, "a file that does not load leaves the board untouched");
    return 0;
  }
  const std::string text = canonical_text(to_json(board));
  nlohmann::json again_json;
  const auto parse_error = parse_json(text, again_json);
  fuzz::check(!parse_error, "a loaded board's file form is valid JSON", text);
  Board again;
  const auto e = board_from_json(again_json, again);
  fuzz::check(!e, "a loaded board's file form loads", text + "\nerror=" + (e ? e->message : ""));
  fuzz::check(state_hash(again) == state_hash(board), "the reloaded board has the same state hash", text);
  fuzz::check(canonical_text(to_json(again)) == text, "the reloaded board writes the same text", text);
  return 0;
}
