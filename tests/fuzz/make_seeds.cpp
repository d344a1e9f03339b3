// Writes the generated part of the fuzz seed corpora (tests/fuzz/corpus): the
// sample meeting and recorded protocol traffic of simulated clients, so the
// seeds follow the model when it changes. Run by bench/fuzz.sh --seeds; the
// output is committed. Hand-written seeds and regression inputs sit next to it.
//   make_seeds CORPUS_DIR
#include <filesystem>
#include <fstream>
#include <iostream>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/sample.hpp"
#include "tests/net/sim_support.hpp"
#include "tests/support/random_ops.hpp"

using namespace tavle;
using namespace tavle::net;
using namespace tavle::net::testing;
using nlohmann::json;

namespace {

void write(const std::filesystem::path& path, const std::string& data) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

std::string op_frame(const Op& op) { return wire_text(json{{"type", "op"}, {"op", to_json(op)}}); }

// One client's session as the host receives it: hello, its ops as single and
// array frames, the other message types, bye. Records are joined by RS.
std::string recorded_session(net::Meeting& meeting, SimClient& client, std::uint64_t seed) {
  std::vector<std::string> frames{hello_text(client)};
  meeting.receive(*client.peer, frames.back());
  while (pump_to_client(client)) {}
  tavle::testing::RandomOps generator(seed, client.client_id);
  std::vector<std::string> batch;
  for (int i = 0; i < 24; ++i) {
    // Every third op is on the family plan (issues 14 and 15): its own kinds reach the host too.
    const Op op = i % 3 == 2 ? generator.next_plan(client.replica.view(), client.replica.participant_id())
                             : generator.next(client.replica.view(), client.replica.participant_id());
    if (client.replica.submit(op)) continue;
    client.replica.take_unsent();
    const std::string frame = op_frame(op);
    if (i % 5 == 4) {  // a client that wrote while its last frame was on the wire sends an array
      batch.push_back(frame);
      std::string array = "[";
      for (std::size_t k = 0; k < batch.size(); ++k) array += (k ? "," : "") + batch[k];
      frames.push_back(array + "]");
      batch.clear();
    } else if (i % 5 >= 2) {
      batch.push_back(frame);
      continue;
    } else {
      frames.push_back(frame);
    }
    meeting.receive(*client.peer, frames.back());
    while (pump_to_client(client)) {}
  }
  const std::string some_card = meeting.board().cards.empty() ? "c1" : meeting.board().cards.begin()->first;
  for (std::string extra : {wire_text(json{{"type", "editing"}, {"card_id", some_card}}),
                            wire_text(json{{"type", "editing"}, {"card_id", nullptr}}),
                            wire_text(json{{"type", "focus"}, {"card_id", some_card}, {"column", "worries"}}),
                            wire_text(json{{"type", "focus"}, {"card_id", nullptr}, {"column", "next_steps"}}),
                            std::string(R"({"type":"ping","t":12345})"), std::string(R"({"type":"resync"})"),
                            std::string(R"({"type":"bye"})")})
    frames.push_back(extra);
  meeting.leave(*client.peer);  // the client goes; the meeting must not deliver to it again
  std::string out;
  for (std::size_t k = 0; k < frames.size(); ++k) out += (k ? "\x1e" : "") + frames[k];
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_seeds CORPUS_DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const Board sample = sample_board();
  write(dir / "board_file" / "sample-meeting.json", to_json(sample).dump(2, ' ', false, json::error_handler_t::replace));
  int n = 0;
  for (const Op& op : sample_ops()) write(dir / "op" / ("sample-" + std::to_string(++n) + ".json"), wire_text(to_json(op)));
  tavle::testing::RandomOps generator(7, "seed");
  Board board = sample;
  for (int i = 0; i < 40; ++i) {
    const Op op = i % 4 == 3 ? generator.invalid(board, "pia") : generator.next(board, "pia");
    write(dir / "op" / ("random-" + std::to_string(i) + ".json"), wire_text(to_json(op)));
  }
  // issues 14 and 15: ops on the family plan, made from the board as it grows so most
  // of them apply (the op harness applies each to the sample meeting).
  tavle::testing::RandomOps planner(11, "plan");
  Board plan_board = sample;
  for (int i = 0; i < 60; ++i) {
    const Op op = planner.next_plan(plan_board, "p-pia");
    (void)apply(plan_board, op);
    write(dir / "op" / ("plan-" + std::to_string(i) + ".json"), wire_text(to_json(op)));
  }
  net::Meeting meeting(sim_config(), sample, 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
  std::uint64_t seed = 1;
  for (Role role : {Role::Facilitator, Role::Professional, Role::Family, Role::Viewer}) {
    SimClient client(std::string(name_of(role)) + "1", role);
    write(dir / "message" / ("recorded-" + std::string(name_of(role)) + ".txt"), recorded_session(meeting, client, ++seed));
  }
  std::cout << "seeds written to " << dir << "\n";
  return 0;
}
