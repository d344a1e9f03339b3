// What a blind rating round costs the room (docs/performance.md, "Blind ratings"):
// a `tavle host` process with a large board and a blind, unrevealed scale; 40
// restricted connections (family tablets), 20 of which give a rating one after
// another, 50 ms apart; one more family connection, the bystander, pings every
// 5 ms throughout. The round lasts until the bystander has seen every rating.
// Prints JSON: the bystander's ping round trip (p50/p99/max) during the round
// and while nothing happens, how long the round took to reach the bystander, and
// the bytes the restricted connections received during the round.
// Usage: blind_round TAVLE_BINARY [CARDS] [CONNECTIONS] [RATERS]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
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

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
using nlohmann::json;
using Ws = beast::websocket::stream<asio::ip::tcp::socket>;

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

// Starts `tavle host` on a free port; returns its pid and port.
pid_t start_host(const std::string& tavle, const std::string& file, unsigned short& port) {
  int out[2];
  if (pipe(out) != 0) std::exit(1);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<std::string> args{tavle, "host", "--address", "127.0.0.1", "--port", "0", "--code", kCode,
                                "--file", file, "--no-announce", "--op-rate", "100000"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, tavle.c_str(), &actions, nullptr, argv.data(), environ) != 0) std::exit(1);
  close(out[1]);
  std::string text;
  char c;
  while (text.find('\n') == std::string::npos && read(out[0], &c, 1) == 1) text += c;
  const auto at = text.find("127.0.0.1:");
  if (at == std::string::npos) {
    std::fprintf(stderr, "blind_round: the host said: %s\n", text.c_str());
    std::exit(1);
  }
  const std::string digits = text.substr(at + 10, text.find_first_not_of("0123456789", at + 10) - (at + 10));
  const auto number = tavle::parse_number(digits, 1, 65535);
  if (!number) {
    std::fprintf(stderr, "blind_round: the host said: %s\n", text.c_str());
    std::exit(1);
  }
  port = static_cast<unsigned short>(*number);
  return pid;
}

struct Connection {
  explicit Connection(asio::io_context& io) : ws(io) {}
  Ws ws;
  std::string participant;

  void join(unsigned short port, const std::string& id) {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    ws.next_layer().connect(endpoint);
    ws.next_layer().set_option(asio::ip::tcp::no_delay(true));
    ws.handshake("127.0.0.1", "/ws");
    ws.text(true);
    const json hello{{"type", "hello"}, {"protocol", 1}, {"code", kCode}, {"name", "Tablet " + id},
                     {"role", "family"}, {"client_id", id}, {"last_seq", 0}};
    ws.write(asio::buffer(hello.dump()));
    for (;;) {
      beast::flat_buffer buffer;
      ws.read(buffer);
      const json m = json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
      if (m.is_object() && m.value("type", "") == "welcome") {
        participant = m.value("participant_id", "");
        return;
      }
      if (m.is_object() && m.value("type", "") == "error") {
        std::fprintf(stderr, "blind_round: join refused: %s\n", m.dump().c_str());
        std::exit(1);
      }
    }
  }
};

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
  unsigned short port = 0;
  const pid_t host = start_host(tavle, file, port);

  // Joined one by one (blocking, on this thread); each joined tablet then reads all
  // the time on the network thread, as a browser would, so it answers the host's
  // pings while the others join. Each stream is used by one thread at a time.
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  std::thread network([&] { io.run(); });
  std::atomic<bool> stop{false}, counting{false}, in_round{false};
  std::atomic<int> ratings_seen{0};  // by the bystander: each rating as an op or a snapshot
  std::vector<std::pair<bool, double>> samples;  // (during the round, round trip ms); network thread only
  std::vector<long> bytes(static_cast<std::size_t>(connections), 0);
  std::function<void(Ws*, std::size_t, std::shared_ptr<beast::flat_buffer>)> read_tablet =
      [&](Ws* ws, std::size_t index, std::shared_ptr<beast::flat_buffer> buffer) {
        ws->async_read(*buffer, [&, ws, index, buffer](beast::error_code ec, std::size_t n) {
          if (ec) {
            if (!stop) std::fprintf(stderr, "blind_round: tablet %zu lost its connection: %s\n", index, ec.message().c_str());
            return;
          }
          if (counting) bytes[index] += static_cast<long>(n);
          const std::string text = beast::buffers_to_string(buffer->data());
          if (text.find("\"reject\"") != std::string::npos || text.find("\"error\"") != std::string::npos)
            std::fprintf(stderr, "blind_round: tablet %zu: %s\n", index, text.substr(0, 300).c_str());
          buffer->consume(buffer->size());
          read_tablet(ws, index, buffer);
        });
      };
  std::vector<std::unique_ptr<Connection>> tablets;
  std::vector<Ws*> tablet_ws;
  for (int i = 0; i < connections; ++i) {
    tablets.push_back(std::make_unique<Connection>(io));
    tablets.back()->join(port, "tablet" + std::to_string(i));
    tablet_ws.push_back(&tablets.back()->ws);
    asio::post(io, [&, ws = tablet_ws.back(), i] { read_tablet(ws, static_cast<std::size_t>(i), std::make_shared<beast::flat_buffer>()); });
  }
  Connection bystander(io);
  bystander.join(port, "bystander");

  // The bystander pings every 5 ms and times each pong by its `t`; a pong lost with
  // a queue the host dropped counts as lost, not as a sample.
  Ws* by = &bystander.ws;
  asio::steady_timer ping_timer(io);
  std::map<int, std::pair<Clock::time_point, bool>> in_flight;  // t -> (sent, during the round)
  int ping_number = 0, lost = 0;
  bool writing = false;
  std::string ping_text;
  std::function<void()> ping = [&] {
    if (stop) return;
    if (!writing) {
      ++ping_number;
      in_flight[ping_number] = {Clock::now(), in_round.load()};
      ping_text = json{{"type", "ping"}, {"t", ping_number}}.dump();
      writing = true;
      by->async_write(asio::buffer(ping_text), [&](beast::error_code, std::size_t) { writing = false; });
    }
    ping_timer.expires_after(std::chrono::milliseconds(5));
    ping_timer.async_wait([&](beast::error_code e) {
      if (!e) ping();
    });
  };
  auto by_buffer = std::make_shared<beast::flat_buffer>();
  std::function<void()> read_bystander = [&] {
    by->async_read(*by_buffer, [&](beast::error_code ec, std::size_t) {
      if (ec) return;
      const std::string text = beast::buffers_to_string(by_buffer->data());
      by_buffer->consume(by_buffer->size());
      if (in_round)  // a frame may gather several messages
        for (const char* what : {"\"set_rating\"", "\"type\":\"snapshot\""})
          for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++ratings_seen;
      if (text.find("\"pong\"") != std::string::npos) {
        json parsed = json::parse(text, nullptr, false);
        if (!parsed.is_array()) parsed = json::array({parsed});
        for (const json& m : parsed) {
          if (!m.is_object() || m.value("type", "") != "pong" || !m.contains("t") || !m["t"].is_number_integer()) continue;
          const int t = m["t"].get<int>();
          for (auto it = in_flight.begin(); it != in_flight.end() && it->first < t;) {  // answered in order, or lost
            ++lost;
            it = in_flight.erase(it);
          }
          if (auto it = in_flight.find(t); it != in_flight.end()) {
            samples.emplace_back(it->second.second, ms_since(it->second.first));
            in_flight.erase(it);
          }
        }
      }
      read_bystander();
    });
  };
  asio::post(io, [&] {
    read_bystander();
    ping();
  });

  std::this_thread::sleep_for(std::chrono::seconds(1));  // quiet: the baseline
  counting = true;
  in_round = true;
  const auto round_start = Clock::now();
  std::vector<std::string> rating_texts(static_cast<std::size_t>(raters));
  for (int i = 0; i < raters; ++i) {
    const std::string& me = tablets[static_cast<std::size_t>(i)]->participant;
    rating_texts[static_cast<std::size_t>(i)] =
        json{{"type", "op"},
             {"op", {{"id", me + ":r"}, {"author", me}, {"at", 1}, {"kind", "set_rating"}, {"target", me}, {"field", ""},
                     {"value", {{"value", i % 11}, {"reason", ""}}}, {"expect", nullptr}}}}
            .dump();
    asio::post(io, [&, i] {
      tablet_ws[static_cast<std::size_t>(i)]->async_write(asio::buffer(rating_texts[static_cast<std::size_t>(i)]),
                                                          [](beast::error_code, std::size_t) {});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // people tap one after another
  }
  // The round ends when the bystander has seen every rating arrive (at most 60 s).
  while (ratings_seen < raters && ms_since(round_start) < 60000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double round_ms = ms_since(round_start);
  in_round = false;
  counting = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  kill(host, SIGTERM);
  waitpid(host, nullptr, 0);
  asio::post(io, [&] { ping_timer.cancel(); });
  work.reset();
  network.join();
  std::filesystem::remove(file);

  std::vector<double> during, quiet;
  for (auto& [in, ms] : samples) (in ? during : quiet).push_back(ms);
  long total_bytes = 0;
  for (long b : bytes) total_bytes += b;
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
