// tavle validate FILE / tavle sample -o FILE
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "board/board_json.hpp"
#include "files/safe_file.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"

namespace tavle::cli {

int validate_command(Args& args) {
  if (args.positional().size() != 1)
    return usage_error(*find_command("validate"), args.positional().empty() ? "give one meeting FILE" : "give only one meeting FILE");
  const std::string& path = args.positional()[0];
  Board board;
  if (auto e = read_board_file(path, board)) {
    std::fprintf(stderr, "tavle validate: %s\n", e->message.c_str());
    return 1;
  }
  std::size_t steps = 0;
  for (const Card* c : board.column(Column::NextSteps))
    if (c->category == Category::NextStep) ++steps;
  std::printf("%s: valid (schema %d) \"%s\", %zu participants, %zu cards, %zu next steps, %zu ratings, hash %s\n",
              path.c_str(), kSchemaVersion, board.meeting.family_label.c_str(), board.participants.size(),
              board.live_card_count(), steps, board.scale.ratings.size(), state_hash_hex(board).c_str());
  return 0;
}

int sample_command(Args& args) {
  auto out = args.option("output");
  if (!out) return usage_error(*find_command("sample"), "-o FILE is missing: where to write the meeting");
  if (!args.positional().empty()) return usage_error(*find_command("sample"), "unexpected argument \"" + args.positional()[0] + "\"");
  if (auto e = write_board_file(*out, sample_board())) {
    std::fprintf(stderr, "tavle sample: %s\n", e->message.c_str());
    return 1;
  }
  std::printf("wrote the demo meeting to %s\n", out->c_str());
  return 0;
}

}  // namespace tavle::cli
