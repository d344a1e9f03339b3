// What encryption at rest costs (docs/performance.md, "Encryption at rest"): the
// same work on an encrypted (SQLCipher, the key as Tavle uses it) and a plain store.
//
//   at_rest durable DIR encrypted|plain [OPS] [BATCH]
//       journals OPS random ops (default 20000) in batches of BATCH (default 20),
//       each batch one durable transaction (synchronous=FULL), as the host's group
//       commit does; prints ops/s.
//   at_rest prepare DIR encrypted|plain [FAMILIES]
//       a store with FAMILIES families (default 30), each with two meetings of 300 ops.
//   at_rest start DIR encrypted|plain
//       what the app's home screen does when it starts: open the store, list the
//       families and their meetings, load each family's last meeting.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "board/apply.hpp"
#include "board/sample.hpp"
#include "board/text.hpp"
#include "store/store.hpp"
#include "tests/support/random_ops.hpp"

namespace {

using namespace tavle;
const std::string kKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

int usage() {
  std::fprintf(stderr, "usage: at_rest durable|prepare|start DIR encrypted|plain [N] [BATCH]\n");
  return 2;
}

std::unique_ptr<store::Store> open(const std::string& dir, bool encrypted) {
  store::OpenOptions options;
  if (encrypted) options.key_hex = kKey;
  std::unique_ptr<store::Store> s;
  if (auto e = store::Store::open(dir, s, options)) {
    std::fprintf(stderr, "at_rest: %s\n", e->message.c_str());
    std::exit(1);
  }
  return s;
}

// Journals `count` random valid ops to the meeting in batches; returns the board.
Board journal(store::Store& s, const std::string& meeting, Board board, int count, int batch, std::uint64_t seed) {
  testing::RandomOps random(seed, "bench");
  std::vector<store::JournaledOp> pending;
  std::uint64_t seq = 0;
  while (static_cast<int>(seq) < count) {
    Op op = random.next(board, "p-pia");
    if (!apply(board, op).ok()) continue;
    pending.push_back({++seq, op});
    if (static_cast<int>(pending.size()) == batch || static_cast<int>(seq) == count) {
      if (auto e = s.append_ops(meeting, pending, seq % 1000 < pending.size() ? &board : nullptr)) {
        std::fprintf(stderr, "at_rest: %s\n", e->message.c_str());
        std::exit(1);
      }
      pending.clear();
    }
  }
  return board;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage();
  const std::string what = argv[1], dir = argv[2], mode = argv[3];
  if (mode != "encrypted" && mode != "plain") return usage();
  const bool encrypted = mode == "encrypted";
  const auto n_given = argc > 4 ? parse_number(argv[4], 1, 100000000) : std::optional<long>(0);
  const auto batch_given = argc > 5 ? parse_number(argv[5], 1, 100000) : std::optional<long>(20);
  if (!n_given || !batch_given) return usage();
  const int n = static_cast<int>(*n_given);
  using Clock = std::chrono::steady_clock;
  if (what == "durable") {
    std::filesystem::remove_all(dir);
    auto s = open(dir, encrypted);
    Board board = sample_board();
    s->import_meeting(board, 1795593600000);
    const int ops = n > 0 ? n : 20000, batch = static_cast<int>(*batch_given);
    const auto start = Clock::now();
    journal(*s, "m-sample", board, ops, batch, 7);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("{\"store\": \"%s\", \"ops\": %d, \"batch\": %d, \"seconds\": %.3f, \"ops_per_s\": %.0f}\n",
                mode.c_str(), ops, batch, seconds, ops / seconds);
    return 0;
  }
  if (what == "prepare") {
    std::filesystem::remove_all(dir);
    auto s = open(dir, encrypted);
    const int families = n > 0 ? n : 30;
    for (int f = 0; f < families; ++f) {
      store::FamilyInfo family;
      s->create_family("Familie " + std::to_string(f), 1795593600000, family);
      Board first;
      const std::string m1 = "m-" + std::to_string(f) + "-1", m2 = "m-" + std::to_string(f) + "-2";
      s->create_meeting(family.id, m1, 1795593600000 + f, false, first);
      journal(*s, m1, first, 300, 20, static_cast<std::uint64_t>(f));
      Board second;
      s->create_meeting(family.id, m2, 1795593700000 + f, true, second);
      journal(*s, m2, second, 300, 20, static_cast<std::uint64_t>(f) + 1000);
    }
    return 0;
  }
  if (what == "start") {
    const auto start = Clock::now();
    auto s = open(dir, encrypted);
    std::vector<store::FamilyInfo> families;
    s->list_families(families);
    std::size_t loaded_ops = 0;
    for (const auto& family : families) {
      std::vector<store::MeetingInfo> meetings;
      s->list_meetings(family.id, meetings);
      if (meetings.empty()) continue;
      store::LoadedMeeting loaded;
      s->load_meeting(meetings.back().id, loaded);
      loaded_ops += loaded.replayed;
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    std::printf("{\"store\": \"%s\", \"families\": %zu, \"replayed\": %zu, \"ms\": %.2f}\n", mode.c_str(),
                families.size(), loaded_ops, ms);
    return 0;
  }
  return usage();
}
