// What a blind rating round costs the room (docs/performance.md, "Blind ratings"):
// a `tavle host` process with a large board and a blind, unrevealed scale; 40
// restricted connections (family tablets), 20 of which give a rating one after
// another, 50 ms apart; one more family connection, the bystander, pings every
// 5 ms throughout. The round lasts until the bystander has seen every rating.
// Prints JSON: the bystander's ping round trip (p50/p99/max) during the round
// and while nothing happens, how long the round took to reach the bystander, and
// the bytes the restricted connections received during the round.
// Usage: blind_round TAVLE_BINARY [CARDS] [CONNECTIONS] [RATERS]
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/ops.hpp"
#include "board/sample.hpp"
#include "board/text.hpp"
#include "files/safe_file.hpp"
#include "probe/host_process.hpp"
#include "probe/ws_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* kCode = "48151623429";

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// The meeting: the demo family with `cards` cards more, ratings blind and unrevealed.
std::string write_meeting(int cards) {
  tavle::Board b = tavle::sample_board();
  auto as_host = [](tavle::Op op, std::string id) {
    op.id = "bench:" + id, op.author = "host", op.at = 1;
    return op;
  };
  tavle::apply(b, as_host(tavle::ops::set_meeting_field(tavle::ops::MeetingFlag::ScaleBlind, true), "scale_blind"));
  tavle::apply(b, as_host(tavle::ops::set_meeting_field(tavle::ops::MeetingFlag::ScaleRevealed, false), "scale_revealed"));
  for (int i = 0; i < cards; ++i) {
    const std::string text =
        "Et kort med en almindelig længde, som man skriver det i et netværksmøde, nummer " + std::to_string(i);
    const tavle::Op op = as_host(tavle::ops::add_card("bench-" + std::to_string(i), tavle::kColumns[i % 3], text),
                                 "c" + std::to_string(i));
    if (!tavle::apply(b, op).ok()) break;
  }
  const std::string path = (std::filesystem::temp_directory_path() / ("tavle-blind-" + std::to_string(::getpid()) + ".json")).string();
  if (auto e = tavle::write_board_file(path, b)) {
    std::fprintf(stderr, "blind_round: %s\n", e->message.c_str());
    std::exit(1);
  }
  return path;
}

// A family tablet: joined (blocking), then reading on its own thread as a browser
// would, so it answers the host's pings while the others join.
struct Tablet {
  std::unique_ptr<tavle::probe::WsClient> ws;
  std::string participant;
};

Tablet join(unsigned short port, const std::string& id) {
  tavle::probe::WsOptions options;
  options.no_delay = true;
  Tablet t{std::make_unique<tavle::probe::WsClient>(port, options), ""};
  t.ws->send_hello(kCode, "family", id);
  const auto frame = t.ws->read_until("\"welcome\"");
  json parsed = frame ? json::parse(*frame, nullptr, false) : json();
  if (!parsed.is_array()) parsed = json::array({parsed});  // a frame may gather several messages
  for (const json& m : parsed)
    if (m.is_object() && m.value("type", "") == "welcome") t.participant = m.value("participant_id", "");
  if (t.participant.empty()) {
    std::fprintf(stderr, "blind_round: %s was not let in: %s\n", id.c_str(), frame ? frame->substr(0, 300).c_str() : "no answer");
    std::exit(1);
  }
  return t;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: blind_round TAVLE_BINARY [CARDS] [CONNECTIONS] [RATERS]\n");
    return 2;
  }
  const std::string tavle = argv[1];
  auto number = [&](int i, long fallback, long max) {
    return argc > i ? tavle::parse_number(argv[i], 1, max) : std::optional<long>(fallback);
  };
  const auto cards_given = number(2, 1000, 100000), connections_given = number(3, 40, 10000), raters_given = number(4, 20, 10000);
  if (!cards_given || !connections_given || !raters_given) {
    std::fprintf(stderr, "usage: blind_round TAVLE_BINARY [CARDS] [CONNECTIONS] [RATERS] (whole numbers from 1)\n");
    return 2;
  }
  const int cards = static_cast<int>(*cards_given);
  const int connections = static_cast<int>(*connections_given);
  const int raters = std::min(connections, static_cast<int>(*raters_given));
  signal(SIGPIPE, SIG_IGN);
  const std::string file = write_meeting(cards);
  const std::filesystem::path web = std::filesystem::temp_directory_path() / ("tavle-blind-web-" + std::to_string(::getpid()));
  std::filesystem::create_directories(web);
  std::unique_ptr<tavle::probe::HostProcess> host;
  try {
    host = std::make_unique<tavle::probe::HostProcess>(
        tavle, kCode, web.string(), std::vector<std::string>{"--file", file, "--no-announce", "--op-rate", "100000"});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "blind_round: %s\n", e.what());
    return 1;
  }
  const unsigned short port = host->port();

  std::atomic<bool> stop{false}, counting{false}, in_round{false};
  std::atomic<int> ratings_seen{0};  // by the bystander: each rating as an op or a snapshot
  std::vector<std::atomic<long>> bytes(static_cast<std::size_t>(connections));
  std::vector<Tablet> tablets;
  for (int i = 0; i < connections; ++i) {
    tablets.push_back(join(port, "tablet" + std::to_string(i)));
    const auto index = static_cast<std::size_t>(i);
    tablets.back().ws->read_in_background(
        [&, index](std::string text) {
          if (counting) bytes[index] += static_cast<long>(text.size());
          if (text.find("\"reject\"") != std::string::npos || text.find("\"error\"") != std::string::npos)
            std::fprintf(stderr, "blind_round: tablet %zu: %s\n", index, text.substr(0, 300).c_str());
        },
        [&, index] {
          if (!stop) std::fprintf(stderr, "blind_round: tablet %zu lost its connection\n", index);
        });
  }

  // The bystander pings every 5 ms and times each pong by its `t`; a pong lost with
  // a queue the host dropped counts as lost, not as a sample.
  Tablet bystander = join(port, "bystander");
  std::mutex m;  // in_flight, samples, lost: the ping thread and the bystander's reader
  std::map<int, std::pair<Clock::time_point, bool>> in_flight;  // t -> (sent, during the round)
  std::vector<std::pair<bool, double>> samples;                // (during the round, round trip ms)
  int lost = 0;
  bystander.ws->read_in_background(
      [&](std::string text) {
        if (in_round)  // a frame may gather several messages
          for (const char* what : {"\"set_rating\"", "\"type\":\"snapshot\""})
            for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++ratings_seen;
        if (text.find("\"pong\"") == std::string::npos) return;
        json parsed = json::parse(text, nullptr, false);
        if (!parsed.is_array()) parsed = json::array({parsed});
        const auto now = Clock::now();
        std::lock_guard lock(m);
        for (const json& message : parsed) {
          if (!message.is_object() || message.value("type", "") != "pong" || !message.contains("t") ||
              !message["t"].is_number_integer())
            continue;
          const int t = message["t"].get<int>();
          for (auto it = in_flight.begin(); it != in_flight.end() && it->first < t;) {  // answered in order, or lost
            ++lost;
            it = in_flight.erase(it);
          }
          if (auto it = in_flight.find(t); it != in_flight.end()) {
            samples.emplace_back(it->second.second, std::chrono::duration<double, std::milli>(now - it->second.first).count());
            in_flight.erase(it);
          }
        }
      },
      [] {});
  std::thread pinger([&] {
    for (int t = 1; !stop; ++t) {
      {
        std::lock_guard lock(m);
        in_flight[t] = {Clock::now(), in_round.load()};
      }
      bystander.ws->send(json{{"type", "ping"}, {"t", t}}.dump());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });

  std::this_thread::sleep_for(std::chrono::seconds(1));  // quiet: the baseline
  counting = true;
  in_round = true;
  const auto round_start = Clock::now();
  for (int i = 0; i < raters; ++i) {
    const Tablet& rater = tablets[static_cast<std::size_t>(i)];
    const std::string& me = rater.participant;
    rater.ws->send(json{{"type", "op"},
                        {"op", {{"id", me + ":r"}, {"author", me}, {"at", 1}, {"kind", "set_rating"}, {"target", me}, {"field", ""},
                                {"value", {{"value", i % 11}, {"reason", ""}}}, {"expect", nullptr}}}}
                       .dump());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // people tap one after another
  }
  // The round ends when the bystander has seen every rating arrive (at most 60 s).
  while (ratings_seen < raters && ms_since(round_start) < 60000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double round_ms = ms_since(round_start);
  in_round = false;
  counting = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  pinger.join();
  host->stop();  // the clients' readers see their connections end
  tablets.clear();
  bystander.ws.reset();
  std::filesystem::remove(file);
  std::filesystem::remove_all(web);

  std::vector<double> during, quiet;
  for (auto& [in, ms] : samples) (in ? during : quiet).push_back(ms);
  long total_bytes = 0;
  for (const auto& b : bytes) total_bytes += b;
  const json report{{"cards", cards},
                    {"restricted_connections", connections},
                    {"raters", raters},
                    {"round_ms", round_ms},
                    {"ratings_seen_by_bystander", ratings_seen.load()},
                    {"bystander_pings_lost", lost},
                    {"bystander_pings_unanswered_at_end", in_flight.size()},
                    {"bystander_ping_ms_during_round", {{"n", during.size()}, {"p50", percentile(during, 0.5)},
                                                        {"p99", percentile(during, 0.99)}, {"max", percentile(during, 1.0)}}},
                    {"bystander_ping_ms_quiet", {{"n", quiet.size()}, {"p50", percentile(quiet, 0.5)},
                                                 {"p99", percentile(quiet, 0.99)}}},
                    {"bytes_to_restricted_connections_during_round", total_bytes}};
  std::printf("%s\n", report.dump(2).c_str());
  return 0;
}
