// What one flooding viewer costs everyone else (docs/security.md, "Flood figures"):
// a host with the default message budget and a 300-card board, a bystander that
// pings, and, in the second half, a viewer that sends frames of 800 `resync`
// messages as fast as its socket takes them. Prints JSON: the bystander's ping
// p50/p99 without and with the flood, and their ratio.
// Usage: flood [PINGS]   (run through bench/flood.sh)
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "board/sample.hpp"
#include "net/host.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Ws = beast::websocket::stream<beast::tcp_stream>;
using Clock = std::chrono::steady_clock;

std::unique_ptr<Ws> join(asio::io_context& io, unsigned short port, const std::string& code, const std::string& id) {
  auto ws = std::make_unique<Ws>(io);
  beast::get_lowest_layer(*ws).connect({asio::ip::make_address("127.0.0.1"), port});
  ws->handshake("127.0.0.1", "/ws");
  ws->write(asio::buffer(R"({"type":"hello","protocol":1,"code":")" + code + R"(","name":")" + id +
                         R"(","role":"viewer","client_id":")" + id + R"(","last_seq":0})"));
  beast::flat_buffer buffer;
  for (;;) {
    ws->read(buffer);
    const std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (text.find("\"welcome\"") != std::string::npos) return ws;
    if (text.find("\"error\"") != std::string::npos) throw std::runtime_error(text);
  }
}

// Round trips of `pings` pings, one at a time, in milliseconds.
std::vector<double> ping(Ws& ws, int pings) {
  std::vector<double> out;
  beast::flat_buffer buffer;
  for (int i = 0; i < pings; ++i) {
    const std::string tag = "{\"t\":" + std::to_string(i) + ",\"type\":\"pong\"}";  // keys come sorted
    const auto start = Clock::now();
    ws.write(asio::buffer(R"({"type":"ping","t":)" + std::to_string(i) + "}"));
    for (bool got = false; !got;) {
      ws.read(buffer);
      got = beast::buffers_to_string(buffer.data()).find(tag) != std::string::npos;
      buffer.consume(buffer.size());
    }
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
  const int pings = argc > 1 ? std::atoi(argv[1]) : 200;
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
  asio::io_context io;
  auto bystander = join(io, host.port(), host.join_code(), "bystander");
  const std::vector<double> calm = ping(*bystander, pings);

  std::atomic<bool> stop{false};
  std::atomic<long> frames{0};
  std::thread flooder([&] {
    asio::io_context flood_io;
    auto ws = join(flood_io, host.port(), host.join_code(), "flooder");
    std::string frame = "[";
    for (int i = 0; i < 800; ++i) frame += std::string(i ? "," : "") + R"({"type":"resync"})";
    frame += "]";
    // The host reads the flooder only as fast as its budget refills; its answers
    // are never read here, so its own queue fills and is dropped for a resync.
    beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(1));
    while (!stop) {
      beast::error_code ec;
      ws->write(asio::buffer(frame), ec);
      if (ec) break;
      ++frames;
      beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(1));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::vector<double> flooded = ping(*bystander, pings);
  stop = true;
  beast::get_lowest_layer(*bystander).close();
  host.stop();
  flooder.join();
  std::printf("{\"pings\": %d, \"flood_frames_sent\": %ld, \"messages_per_flood_frame\": 800,\n", pings, frames.load());
  std::printf(" \"calm_ms\": {\"p50\": %.3f, \"p99\": %.3f},\n", percentile(calm, 0.5), percentile(calm, 0.99));
  std::printf(" \"flooded_ms\": {\"p50\": %.3f, \"p99\": %.3f},\n", percentile(flooded, 0.5), percentile(flooded, 0.99));
  std::printf(" \"p99_ratio\": %.2f}\n", percentile(flooded, 0.99) / percentile(calm, 0.99));
  return 0;
}
