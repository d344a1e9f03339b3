// What one flooding viewer costs everyone else (docs/security.md, "Flood figures"):
// a host with the default message budget and a 300-card board, a bystander that
// pings, and, in the second half, a viewer that sends frames of 800 `resync`
// messages as fast as its socket takes them. Prints JSON: the bystander's ping
// p50/p99 without and with the flood, and their ratio.
// Usage: flood [PINGS]   (run through bench/flood.sh)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "board/sample.hpp"
#include "board/text.hpp"
#include "net/host.hpp"
#include "probe/ws_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using tavle::probe::WsClient;

std::unique_ptr<WsClient> join(unsigned short port, const std::string& code, const std::string& id) {
  auto ws = std::make_unique<WsClient>(port);
  ws->send(R"({"type":"hello","protocol":1,"code":")" + code + R"(","name":")" + id +
           R"(","role":"viewer","client_id":")" + id + R"(","last_seq":0})");
  for (;;) {
    const auto text = ws->read(std::chrono::seconds(10));
    if (!text) throw std::runtime_error("no welcome for " + id);
    if (text->find("\"welcome\"") != std::string::npos) return ws;
    if (text->find("\"error\"") != std::string::npos) throw std::runtime_error(*text);
  }
}

// Round trips of `pings` pings, one at a time, in milliseconds.
std::vector<double> ping(WsClient& ws, int pings) {
  std::vector<double> out;
  for (int i = 0; i < pings; ++i) {
    const std::string tag = "{\"t\":" + std::to_string(i) + ",\"type\":\"pong\"}";  // keys come sorted
    const auto start = Clock::now();
    ws.send(R"({"type":"ping","t":)" + std::to_string(i) + "}");
    if (!ws.read_until(tag)) throw std::runtime_error("no pong");
    out.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const auto pings_given = argc > 1 ? tavle::parse_number(argv[1], 1, 1000000) : std::optional<long>(200);
  if (!pings_given) {
    std::fprintf(stderr, "usage: flood [PINGS from 1 to 1000000]\n");
    return 2;
  }
  const int pings = static_cast<int>(*pings_given);
  tavle::Board board = tavle::sample_board();
  for (int i = 0; i < 300; ++i) {
    tavle::Card c;
    c.id = "c-flood-" + std::to_string(i);
    c.text = std::string(200, 'x');
    c.column = tavle::Column::Worries;
    c.order = "a" + std::to_string(1000 + i);
    board.cards.insert(c);
  }
  tavle::net::HostConfig config;
  config.address = "127.0.0.1";
  tavle::net::Host host(config, board);
  if (auto e = host.start()) {
    std::fprintf(stderr, "flood: %s\n", e->message.c_str());
    return 1;
  }
  auto bystander = join(host.port(), host.join_code(), "bystander");
  const std::vector<double> calm = ping(*bystander, pings);

  std::atomic<bool> stop{false};
  std::atomic<long> frames{0};
  std::thread flooder([&] {
    auto ws = join(host.port(), host.join_code(), "flooder");
    std::string frame = "[";
    for (int i = 0; i < 800; ++i) frame += std::string(i ? "," : "") + R"({"type":"resync"})";
    frame += "]";
    // The host reads the flooder only as fast as its budget refills; its answers
    // are never read here, so its own queue fills and is dropped for a resync.
    while (!stop) {
      try {
        ws->send(frame);  // blocks while the host does not read; fails once it closes
      } catch (const std::runtime_error&) {
        break;
      }
      ++frames;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::vector<double> flooded = ping(*bystander, pings);
  stop = true;
  bystander->close();
  host.stop();
  flooder.join();
  std::printf("{\"pings\": %d, \"flood_frames_sent\": %ld, \"messages_per_flood_frame\": 800,\n", pings, frames.load());
  std::printf(" \"calm_ms\": {\"p50\": %.3f, \"p99\": %.3f},\n", percentile(calm, 0.5), percentile(calm, 0.99));
  std::printf(" \"flooded_ms\": {\"p50\": %.3f, \"p99\": %.3f},\n", percentile(flooded, 0.5), percentile(flooded, 0.99));
  std::printf(" \"p99_ratio\": %.2f}\n", percentile(flooded, 0.99) / percentile(calm, 0.99));
  return 0;
}
