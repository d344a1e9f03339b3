// The lean benchmark client (bench/tavle_bench/bench_client.hpp).
#include "bench/tavle_bench/bench_client.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/cli/args.hpp"
#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/ops.hpp"
#include "board/text.hpp"
#include "net/protocol.hpp"
#include "net/replica.hpp"
#include "probe/ws_client.hpp"

namespace tavle::bench {

using nlohmann::json;

// [SECTION] the host process's CPU and memory

std::string sibling_tavle() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "tavle" : (self.parent_path() / "tavle").string();
}

std::optional<double> cpu_us(pid_t pid) {
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  double total_ns = 0;
  bool read_any = false;
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream in(task.path() / "schedstat");
    unsigned long long on_cpu_ns = 0;
    if (in >> on_cpu_ns) {
      total_ns += static_cast<double>(on_cpu_ns);
      read_any = true;
    }
  }
  if (!read_any) return std::nullopt;  // a kernel without schedstat: no figure rather than a wrong one
  return total_ns / 1000.0;
}

long status_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) {
      const auto start = line.find_first_of("0123456789");
      if (start == std::string::npos) return -1;
      const auto end = line.find(' ', start);
      return parse_number(std::string_view(line).substr(start, end - start), 0, 1L << 40).value_or(-1);
    }
  return -1;
}

// [SECTION] one benchmark connection

BenchClient::BenchClient(asio::io_context& io, Run& run, int index) : run_(run), index_(index), chunk_(run.read_bytes) {
  if (run.tls) tls_ = std::make_unique<websocket::stream<beast::ssl_stream<tcp::socket>>>(io, *run.tls);
  else plain_ = std::make_unique<websocket::stream<tcp::socket>>(io);
}

void BenchClient::start(const tcp::endpoint& endpoint, const std::string& code) {
  seen.assign(run_.ops, BenchClock::time_point{});
  net::Hello h;
  h.protocol = net::kProtocolVersion;
  h.professional_code = code;  // professionals come in with the professional code
  h.name = "bench " + std::to_string(index_);
  h.role = net::Role::Professional;
  h.client_id = "bench" + std::to_string(index_);
  hello_ = net::wire_text(net::to_json(h));
  socket().async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
    if (ec) return void(self->run_.failure = "connect: " + ec.message());
    self->socket().set_option(tcp::no_delay(true));
    if (!self->tls_) return self->upgrade();
    self->tls_->next_layer().async_handshake(asio::ssl::stream_base::client, [self](beast::error_code ec) {
      if (ec) return void(self->run_.failure = "tls: " + ec.message());
      self->upgrade();
    });
  });
}

void BenchClient::upgrade() {
  with_ws([&](auto& ws) {
    ws.async_handshake("127.0.0.1", run_.target, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return void(self->run_.failure = "handshake: " + ec.message());
      self->send(self->hello_);
      self->read_next();
    });
  });
}

void BenchClient::send(std::string text, int op_index) {
  queue_.emplace_back(std::move(text), op_index);
  if (!writing_) write_next();
}

void BenchClient::write_next() {
  if (queue_.empty()) return;
  writing_ = true;
  // Like the native client: what piled up while the last frame was on the wire
  // leaves as one array frame (the hello always alone).
  const auto now = BenchClock::now();
  const std::size_t take = welcome.empty() ? 1 : std::min<std::size_t>(queue_.size(), 500);
  for (std::size_t i = 0; i < take; ++i)
    if (const int op = queue_[i].second; op >= 0) run_.sent[op] = now;
  if (take == 1) {
    current_ = std::move(queue_.front().first);
    queue_.pop_front();
  } else {
    net::gather_array_frame(queue_, current_, take, SIZE_MAX, [](const auto& m) -> const std::string& { return m.first; });
  }
  with_ws([&](auto& ws) {
    ws.async_write(asio::buffer(current_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec) return void(self->closed_ || (self->run_.failure = "write: " + ec.message(), true));
      self->write_next();
    });
  });
}

// Reading starts right after the handshake, before hello: Beast cannot have read
// anything of the host's beyond the upgrade response, since the host says nothing
// until it has a hello.
void BenchClient::read_next() {
  auto on_read = [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    if (ec) {
      if (!self->closed_ && self->run_.complete < self->run_.clients) self->run_.failure = "read: " + ec.message();
      return;
    }
    self->unparsed_.append(self->chunk_.data(), n);
    self->split_frames(BenchClock::now());
    if (self->run_.failure.empty()) self->read_next();
  };
  with_ws([&](auto& ws) { ws.next_layer().async_read_some(asio::buffer(chunk_), on_read); });
}

// The frames as probe::split_frames finds them (RFC 6455 section 5.2, as the host
// sends them: unmasked, one frame per message, fragments joined, pings answered).
void BenchClient::split_frames(BenchClock::time_point arrived) {
  std::string why;
  const bool open = probe::split_frames(
      unparsed_, message_, [&](std::string text) { on_frame(std::move(text), arrived); },
      [&](std::string_view payload) { answer_ping(payload); }, why);
  if (!open && run_.complete < run_.clients) run_.failure = why + " (connection " + std::to_string(index_) + ")";
}

// The host pings quiet connections and drops those that do not answer.
void BenchClient::answer_ping(std::string_view payload) {
  if (ponging_) return;  // one answer on the way keeps the connection alive
  ponging_ = true;
  with_ws([&](auto& ws) {
    ws.async_pong(websocket::ping_data(payload.data(), std::min<std::size_t>(payload.size(), 125)),
                  [self = shared_from_this()](beast::error_code) { self->ponging_ = false; });
  });
}

void BenchClient::on_frame(std::string text, BenchClock::time_point now) {
  if (welcome.empty()) {
    // The welcome may share its frame with the messages that followed it.
    json first = json::parse(text, nullptr, false);
    json w = first.is_array() && !first.empty() ? first.front() : first;
    if (!w.is_object() || w.value("type", "") != "welcome") return void(run_.failure = "join refused: " + text);
    welcome = w.dump();
    participant_id = w.value("participant_id", "");
    frames.push_back(std::move(text));
    ++run_.joined;
    if (run_.on_joined) run_.on_joined();
    if (run_.joined == run_.clients && run_.on_all_joined) run_.on_all_joined();
    return;
  }
  // An op refused by the host, or a snapshot in place of ops (the host dropped this
  // connection's queue), means some op will never arrive here one by one: the run
  // says so at once instead of waiting for its timeout (docs/performance.md, "A run
  // that did not finish": a reused store's cards made every add_card "exists").
  for (std::string_view type : {"\"type\":\"reject\"", "\"type\":\"snapshot\""})
    if (text.find(type) != std::string::npos && run_.failure.empty())
      run_.failure = "connection " + std::to_string(index_) + " got " + text.substr(0, 300);
  static constexpr std::string_view kMark = "\"id\":\"bench0:";
  for (std::size_t at = text.find(kMark); at != std::string::npos; at = text.find(kMark, at + 1)) {
    const std::size_t digits = at + kMark.size();
    const auto i = parse_number(std::string_view(text).substr(digits, text.find('"', digits) - digits), 0, run_.ops - 1);
    if (!i || seen[*i] != BenchClock::time_point{}) continue;
    seen[*i] = now;
    if (++received == run_.ops && ++run_.complete == run_.clients) {
      if (run_.on_complete) run_.on_complete();
      else run_.io.stop();
    }
  }
  frames.push_back(std::move(text));
}

// [SECTION] the ops, the pace and the replay

// A realistic mix for one person typing at a meeting: add a card (25 %), edit a
// card's text (35 %), move a card (20 %), set their own rating (20 %). `kinds`
// gets each op's kind.
std::vector<std::string> make_ops(int count, const std::string& author, std::uint64_t seed,
                                  std::vector<std::string>& kinds, const std::string& card_prefix) {
  static const char* const kWords[] = {"Emma", "mor", "far", "mormor", "skolen", "trygt", "hjemme", "hver", "dag",
                                       "aftale", "hjælp", "bekymret", "godt", "tirsdag", "æbler", "støtte"};
  std::mt19937_64 rng(seed);
  auto text = [&] {
    std::string t;
    for (int w = 0, n = 6 + static_cast<int>(rng() % 8); w < n; ++w) t += std::string(w ? " " : "") + kWords[rng() % 16];
    return t;
  };
  std::vector<std::string> out;
  int cards = 0;
  const Millis now = now_millis();
  for (int i = 0; i < count; ++i) {
    Op op;
    const int pick = static_cast<int>(rng() % 100);
    const std::string some_card = cards ? card_prefix + std::to_string(rng() % cards) : "";
    if (cards == 0 || pick < 25) {
      const Column column = kColumns[rng() % 3];  // drawn before the text, as always
      op = ops::add_card(card_prefix + std::to_string(cards++), column, text());
    } else if (pick < 60) {
      op = ops::edit_text(some_card, text());
    } else if (pick < 80) {
      op = ops::move_card(some_card, kColumns[rng() % 3], "");
    } else {
      op = ops::set_rating(author, static_cast<int>(rng() % 11));
    }
    op.id = "bench0:" + std::to_string(i);
    op.author = author;
    op.at = now + i;
    out.push_back(net::wire_text(json{{"type", "op"}, {"op", to_json(op)}}));
    kinds.emplace_back(name_of(op.kind));
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

// Replays what one connection received into a replica and returns its hash.
std::string replica_hash(const BenchClient& c) {
  net::Replica replica;
  std::vector<net::ClientEvent> events;
  replica.receive(json::parse(c.welcome), events);
  for (const std::string& frame : c.frames) {
    json j = json::parse(frame, nullptr, false);
    if (j.is_array())
      for (const json& m : j) replica.receive(m, events);
    else
      replica.receive(j, events);
  }
  return state_hash_hex(replica.confirmed());
}

namespace {
// Op i now, and the next one at its time (a timer per run, no self-owning closure).
void send_paced(Run& run, int i, BenchClock::time_point start) {
  run.connections[0]->send(std::move(run.op_texts[i]), i);
  if (i + 1 >= run.ops) return;
  run.pacer.expires_at(start + run.every * (i + 1));
  run.pacer.async_wait([&run, i, start](beast::error_code ec) {
    if (!ec) send_paced(run, i + 1, start);
  });
}
}  // namespace

void start_sending(Run& run) {
  if (run.every.count() == 0) {
    for (int i = 0; i < run.ops; ++i) run.connections[0]->send(std::move(run.op_texts[i]), i);
    return;
  }
  const auto start = BenchClock::now() + run.first_delay;
  if (run.first_delay.count() == 0) return send_paced(run, 0, start);
  run.pacer.expires_at(start);
  run.pacer.async_wait([&run, start](beast::error_code ec) {
    if (!ec) send_paced(run, 0, start);
  });
}

void BenchClient::close() {
  closed_ = true;
  beast::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
}

}  // namespace tavle::bench
