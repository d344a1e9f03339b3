// What a blind rating round costs the room (docs/performance.md, "Blind ratings"):
// a `tavle host` process with a large board and a blind, unrevealed scale; 40
// restricted connections (family tablets), 20 of which give a rating one after
// another; one more family connection, the bystander, pings every 5 ms
// throughout. Prints JSON: the bystander's ping round trip (p50/p99/max) during
// the round and while nothing happens, and the bytes the restricted connections
// received during the round.
// Usage: blind_round TAVLE_BINARY [CARDS] [CONNECTIONS] [RATERS]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
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
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/sample.hpp"

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
  auto set = [&](const std::string& field, json value) {
    tavle::Op op{"bench:" + field, "host", 1, tavle::OpKind::SetMeetingField, "", field, std::move(value), {}};
    tavle::apply(b, op);
  };
  set("scale_blind", true);
  set("scale_revealed", false);
  const char* columns[] = {"working_well", "worries", "next_steps"};
  for (int i = 0; i < cards; ++i) {
    tavle::Op op{"bench:c" + std::to_string(i), "host", 1, tavle::OpKind::AddCard, "bench-" + std::to_string(i), "", {}, {}};
    op.value = {{"column", columns[i % 3]},
                {"text", "Et kort med en almindelig længde, som man skriver det i et netværksmøde, nummer " +
                             std::to_string(i)}};
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
  port = static_cast<unsigned short>(std::stoi(text.substr(at + 10)));
  return pid;
}

struct Connection {
  asio::io_context io;
  Ws ws{io};
  std::string participant;
  std::atomic<long> bytes{0};

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
  const int cards = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int connections = argc > 3 ? std::atoi(argv[3]) : 40;
  const int raters = std::min(connections, argc > 4 ? std::atoi(argv[4]) : 20);
  signal(SIGPIPE, SIG_IGN);
  const std::string file = write_meeting(cards);
  unsigned short port = 0;
  const pid_t host = start_host(tavle, file, port);

  std::vector<std::unique_ptr<Connection>> tablets;
  for (int i = 0; i < connections; ++i) {
    tablets.push_back(std::make_unique<Connection>());
    tablets.back()->join(port, "tablet" + std::to_string(i));
  }
  Connection bystander;
  bystander.join(port, "bystander");

  // Every tablet reads all the time, as a browser would.
  std::atomic<bool> stop{false}, counting{false};
  std::vector<std::thread> readers;
  for (auto& t : tablets) {
    readers.emplace_back([&, c = t.get()] {
      beast::flat_buffer buffer;
      beast::error_code ec;
      while (!stop) {
        c->ws.read(buffer, ec);
        if (ec) return;
        if (counting) c->bytes += static_cast<long>(buffer.size());
        buffer.consume(buffer.size());
      }
    });
  }
  // The bystander pings every 5 ms and times each pong.
  std::mutex samples_mutex;
  std::vector<std::pair<bool, double>> samples;  // (during the round, round trip ms)
  std::atomic<bool> in_round{false};
  std::thread pinger([&] {
    beast::flat_buffer buffer;
    beast::error_code ec;
    for (int n = 0; !stop; ++n) {
      const auto sent = Clock::now();
      const bool during = in_round;
      bystander.ws.write(asio::buffer(json{{"type", "ping"}, {"t", n}}.dump()), ec);
      if (ec) return;
      for (;;) {
        bystander.ws.read(buffer, ec);
        if (ec) return;
        const std::string text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        if (text.find("\"pong\"") != std::string::npos) break;
      }
      {
        std::lock_guard lock(samples_mutex);
        samples.emplace_back(during, ms_since(sent));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });

  std::this_thread::sleep_for(std::chrono::seconds(1));  // quiet: the baseline
  counting = true;
  in_round = true;
  const auto round_start = Clock::now();
  for (int i = 0; i < raters; ++i) {
    Connection& c = *tablets[static_cast<std::size_t>(i)];
    const json op{{"type", "op"},
                  {"op", {{"id", c.participant + ":r"}, {"author", c.participant}, {"at", 1}, {"kind", "set_rating"},
                          {"target", c.participant}, {"field", ""}, {"value", {{"value", i % 11}, {"reason", ""}}},
                          {"expect", nullptr}}}};
    beast::error_code ec;
    c.ws.write(asio::buffer(op.dump()), ec);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // people tap one after another
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double round_ms = ms_since(round_start);
  in_round = false;
  counting = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  kill(host, SIGTERM);
  pinger.join();
  for (auto& t : readers) t.join();
  waitpid(host, nullptr, 0);
  std::filesystem::remove(file);

  std::vector<double> during, quiet;
  for (auto& [in, ms] : samples) (in ? during : quiet).push_back(ms);
  long bytes = 0;
  for (auto& t : tablets) bytes += t->bytes;
  const json report{{"cards", cards},
                    {"restricted_connections", connections},
                    {"raters", raters},
                    {"round_ms", round_ms},
                    {"bystander_ping_ms_during_round", {{"n", during.size()}, {"p50", percentile(during, 0.5)},
                                                        {"p99", percentile(during, 0.99)}, {"max", percentile(during, 1.0)}}},
                    {"bystander_ping_ms_quiet", {{"n", quiet.size()}, {"p50", percentile(quiet, 0.5)},
                                                 {"p99", percentile(quiet, 0.99)}}},
                    {"bytes_to_restricted_connections_during_round", bytes}};
  std::printf("%s\n", report.dump(2).c_str());
  return 0;
}
