// tavle-bench: op fan-out measured end to end, a program of its own beside `tavle`
// (the production binary carries no benchmark). Starts `tavle host` in its own
// process (probe::HostProcess; or uses --connect), joins N clients, lets one of them send U ops
// (paced: one per 5 ms; burst: all at once) and prints JSON: throughput,
// latency from send to the LAST receiver, host CPU per delivered message, host
// peak RSS, and whether every replica ended with the same state hash.
// [SECTION] the host process's CPU and memory
// [SECTION] one benchmark connection
// [SECTION] the ops the sender makes
// [SECTION] the run and its report
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "app/cli/args.hpp"
#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/ops.hpp"
#include "board/text.hpp"
#include "net/host.hpp"
#include "net/protocol.hpp"
#include "net/replica.hpp"
#include "net/secrets.hpp"
#include "net/tls.hpp"
#include "probe/host_process.hpp"
#include "probe/ws_client.hpp"

namespace tavle::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using nlohmann::json;
using BenchClock = std::chrono::steady_clock;

// [SECTION] the host process's CPU and memory

// The `tavle` beside this program (both are built into the build directory's top).
std::string sibling_tavle() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "tavle" : (self.parent_path() / "tavle").string();
}

// A `tavle host` process for the run, serving the empty directory `dir` as its web
// root. With `tls`, the host gets a fresh self-signed certificate kept in `dir`
// (--tls): the same run with TLS on, to set its cost beside the plain figures. Null
// (and `why` says why) when it does not start.
std::unique_ptr<probe::HostProcess> start_host(const std::string& tavle, int clients, const std::string& dir, bool tls,
                                               const std::string& professional_code, std::string& why) {
  std::vector<std::string> args = {"--professional-code", professional_code, "--op-rate", "0", "--max-clients",
                                   std::to_string(clients + 10)};
  if (tls) {
    net::TlsIdentity identity;
    if (net::make_self_signed_identity(identity) || net::write_secret_file(dir + "/key.pem", identity.key_pem) ||
        net::write_secret_file(dir + "/cert.pem", identity.certificate_pem)) {
      why = "cannot make a certificate";
      return nullptr;
    }
    for (const char* a : {"--tls-cert", "cert.pem", "--tls-key", "key.pem"})
      args.push_back(a[0] == '-' ? std::string(a) : dir + "/" + a);
  }
  try {
    return std::make_unique<probe::HostProcess>(tavle, net::random_join_code(), dir, args);
  } catch (const std::runtime_error& e) {
    why = e.what();
    return nullptr;
  }
}

// CPU time of every thread of a process, in microseconds. schedstat counts
// nanoseconds on the CPU (user and kernel); /proc/PID/stat's 10 ms ticks are too
// coarse for a run of a few tens of milliseconds.
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

long peak_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) {
      const auto start = line.find_first_of("0123456789");
      const auto end = line.find(' ', start);
      if (start == std::string::npos) return -1;
      return parse_number(std::string_view(line).substr(start, end - start), 0, 1L << 40).value_or(-1);
    }
  return -1;
}

// [SECTION] one benchmark connection

struct Run;

// A raw protocol client: it only notes when each bench op arrives and keeps the
// frames, which are replayed into a board after the clock has stopped.
//
// Receiving is deliberately lean: after Beast's handshake the client reads the
// socket itself and splits the host's (unmasked) frames, several per read when
// they arrived together. The 20 receivers share one thread on the host's two
// cores, so whatever a receiver spends per message is added in series to the
// latency "to the last receiver" (a woken receiver preempts the host between
// its writes); on a LAN each device reads for itself. Writes (hello, ops,
// pongs) still go through Beast, which masks them.
class BenchClient : public std::enable_shared_from_this<BenchClient> {
 public:
  BenchClient(asio::io_context& io, Run& run, int index);
  void start(const tcp::endpoint& endpoint, const std::string& code);
  void send(std::string text, int op_index = -1);

  std::vector<std::string> frames;           // every frame after welcome
  std::string welcome;
  std::vector<BenchClock::time_point> seen;  // when op i arrived here
  int received = 0;
  std::string participant_id;

 private:
  void read_next();
  void split_frames(BenchClock::time_point arrived);
  void answer_ping(std::string_view payload);
  void on_frame(std::string text, BenchClock::time_point arrived);
  void write_next();
  void upgrade();
  tcp::socket& socket() { return tls_ ? beast::get_lowest_layer(*tls_) : beast::get_lowest_layer(*plain_); }
  // The same code on either stream (--tls: TLS, like the native client).
  template <class F>
  void with_ws(F&& f) {
    if (tls_) f(*tls_);
    else f(*plain_);
  }

  std::unique_ptr<websocket::stream<tcp::socket>> plain_;
  std::unique_ptr<websocket::stream<beast::ssl_stream<tcp::socket>>> tls_;
  Run& run_;
  int index_;
  std::string hello_;
  std::array<char, 64 * 1024> chunk_;  // one read from the socket
  std::string unparsed_;                // bytes not yet split into frames
  std::string message_;                 // a fragmented message being joined
  bool ponging_ = false;
  std::deque<std::pair<std::string, int>> queue_;  // text, bench op index or -1
  std::string current_;
  bool writing_ = false;
};

struct Run {
  int clients = 20;
  int ops = 2000;
  bool paced = true;
  asio::io_context io{1};
  std::vector<std::shared_ptr<BenchClient>> connections;
  std::vector<BenchClock::time_point> sent;
  int joined = 0;
  int complete = 0;  // connections that have seen every op
  std::string failure;
  std::function<void()> on_all_joined;
  std::shared_ptr<asio::ssl::context> tls;  // --tls: clients speak TLS (checking nothing: a measurement)
};

BenchClient::BenchClient(asio::io_context& io, Run& run, int index) : run_(run), index_(index) {
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
    ws.async_handshake("127.0.0.1", "/ws", [self = shared_from_this()](beast::error_code ec) {
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
      if (ec) return void(self->run_.failure = "write: " + ec.message());
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
      if (self->run_.complete < self->run_.clients) self->run_.failure = "read: " + ec.message();
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
    if (++run_.joined == run_.clients && run_.on_all_joined) run_.on_all_joined();
    return;
  }
  static constexpr std::string_view kMark = "\"id\":\"bench0:";
  for (std::size_t at = text.find(kMark); at != std::string::npos; at = text.find(kMark, at + 1)) {
    const std::size_t digits = at + kMark.size();
    const auto i = parse_number(std::string_view(text).substr(digits, text.find('"', digits) - digits), 0, run_.ops - 1);
    if (!i || seen[*i] != BenchClock::time_point{}) continue;
    seen[*i] = now;
    if (++received == run_.ops && ++run_.complete == run_.clients) run_.io.stop();
  }
  frames.push_back(std::move(text));
}

// [SECTION] the ops the sender makes

// A realistic mix for one person typing at a meeting: add a card (25 %), edit a
// card's text (35 %), move a card (20 %), set their own rating (20 %). `kinds`
// gets each op's kind, for --latencies.
std::vector<std::string> make_ops(int count, const std::string& author, std::uint64_t seed,
                                  std::vector<std::string>& kinds) {
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
    const std::string some_card = cards ? "bc-" + std::to_string(rng() % cards) : "";
    if (cards == 0 || pick < 25) {
      const Column column = kColumns[rng() % 3];  // drawn before the text, as always
      op = ops::add_card("bc-" + std::to_string(cards++), column, text());
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

// [SECTION] the run and its report

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

void start_sending(Run& run, std::vector<std::string>& ops, asio::steady_timer& pacer) {
  BenchClient& sender = *run.connections[0];
  if (!run.paced) {
    for (int i = 0; i < run.ops; ++i) sender.send(std::move(ops[i]), i);
    return;
  }
  auto next = std::make_shared<std::function<void(int)>>();
  const auto start = BenchClock::now();
  *next = [&run, &ops, &pacer, &sender, start, next](int i) {
    sender.send(std::move(ops[i]), i);
    if (i + 1 >= run.ops) return;
    pacer.expires_at(start + std::chrono::microseconds(5000) * (i + 1));
    pacer.async_wait([next, i](beast::error_code ec) {
      if (!ec) (*next)(i + 1);
    });
  };
  (*next)(0);
}


const std::vector<cli::OptionHelp>& options() {
  static const std::vector<cli::OptionHelp> accepted = {
      {"clients", "N", "how many clients join (default 20)"},
      {"ops", "N", "how many changes to send (default 2000)"},
      {"mode", "paced|burst", "one change every 5 ms, or all at once (default paced)"},
      {"connect", "HOST:PORT", "measure a running host instead of starting one (needs --code)"},
      {"code", "CODE", "the running host's professional code"},
      {"latencies", "FILE.csv", "write every change's delays to a CSV file"},
      {"tls", nullptr, "the same over TLS: the host with a fresh certificate, the clients over TLS (default: plain)"},
      {"tavle", "PATH", "the tavle program whose host is measured (default: the one beside tavle-bench)"}};
  return accepted;
}

std::string usage() {
  std::string out =
      "usage: tavle-bench [options]\n\nMeasures live sync: starts `tavle host` (or connects to one with --connect), "
      "joins N clients,\nsends changes from the first and prints a JSON report (docs/performance.md).\n\n";
  for (const cli::OptionHelp& o : options())
    out += "  --" + std::string(o.name) + (o.value ? " " + std::string(o.value) : "") + "\n      " + o.text + "\n";
  return out;
}

int usage_error(const std::string& why) {
  std::fprintf(stderr, "tavle-bench: %s\n\n%s", why.c_str(), usage().c_str());
  return 2;
}

// HOST:PORT with a port from 1 to 65535, or nullopt.
std::optional<std::pair<std::string, unsigned short>> parse_target(const std::string& target) {
  const auto colon = target.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  const auto port = parse_number(std::string_view(target).substr(colon + 1), 1, 65535);
  if (!port) return std::nullopt;
  return std::make_pair(target.substr(0, colon), static_cast<unsigned short>(*port));
}

int run_bench(int argc, char** argv) {
  cli::Args args(argc - 1, argv + 1, options());
  if (args.help()) return std::printf("%s", usage().c_str()), 0;
  if (!args.error().empty()) return usage_error(args.error());
  if (!args.positional().empty()) return usage_error("unexpected argument \"" + args.positional()[0] + "\"");
  Run run;
  long clients = 20, op_count = 2000;
  if (auto e = args.number("clients", 1, 10000, clients)) return usage_error(e->message);
  if (auto e = args.number("ops", 1, 10000000, op_count)) return usage_error(e->message);
  run.clients = static_cast<int>(clients);
  run.ops = static_cast<int>(op_count);
  const std::string mode = args.option_or("mode", "paced");
  if (mode != "paced" && mode != "burst") return usage_error("--mode: expected paced or burst");
  run.paced = mode == "paced";
  // --tls: the same run over TLS (a host with a fresh certificate, clients over TLS).
  if (args.flag("tls")) {
    run.tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    run.tls->set_verify_mode(asio::ssl::verify_none);
  }
  struct RemoveDir {
    std::string dir;
    ~RemoveDir() {
      std::error_code ignored;
      if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
    }
  };
  std::string work_dir;
  RemoveDir remove_work_dir;  // set once the directory exists; goes after the host (declared below)
  std::unique_ptr<probe::HostProcess> host;
  std::string address = "127.0.0.1";
  unsigned short port = 0;
  std::string code = args.option_or("code", "");
  if (auto target = args.option("connect")) {
    const auto parsed = parse_target(*target);
    if (!parsed) return usage_error("--connect: expected HOST:PORT with a port from 1 to 65535");
    if (code.empty()) return usage_error("--connect HOST:PORT needs --code");
    std::tie(address, port) = *parsed;
  } else {
    code = net::random_professional_code();  // the bench's clients are professionals
    // The host's own directory: its (empty) web root, and its certificate with --tls.
    work_dir = (std::filesystem::temp_directory_path() / "tavle-bench-XXXXXX").string();
    if (!::mkdtemp(work_dir.data())) return usage_error("cannot make a directory for the host");
    remove_work_dir.dir = work_dir;
    std::string why;
    host = start_host(args.option_or("tavle", sibling_tavle()), run.clients, work_dir, run.tls != nullptr, code, why);
    if (!host) {
      std::fprintf(stderr, "tavle-bench: could not start tavle host: %s\n", why.c_str());
      return 1;
    }
    port = host->port();
  }
  run.sent.assign(run.ops, BenchClock::time_point{});
  std::vector<std::string> ops;
  std::vector<std::string> kinds;  // of each op, for --latencies
  asio::steady_timer pacer(run.io), deadline(run.io);
  std::optional<double> cpu_before;
  BenchClock::time_point started;
  run.on_all_joined = [&] {
    ops = make_ops(run.ops, run.connections[0]->participant_id, 7, kinds);
    if (host) cpu_before = cpu_us(host->pid());
    started = BenchClock::now();
    start_sending(run, ops, pacer);
  };
  const tcp::endpoint endpoint(asio::ip::make_address(address), port);
  for (int i = 0; i < run.clients; ++i) {
    run.connections.push_back(std::make_shared<BenchClient>(run.io, run, i));
    run.connections.back()->start(endpoint, code);
  }
  deadline.expires_after(std::chrono::seconds(120));
  deadline.async_wait([&](beast::error_code ec) {
    if (!ec) {
      run.failure = "timed out: " + std::to_string(run.complete) + " of " + std::to_string(run.clients) + " complete";
      run.io.stop();
    }
  });
  while (run.complete < run.clients && run.failure.empty() && !run.io.stopped()) run.io.run_one();
  const auto finished = BenchClock::now();
  const std::optional<double> cpu_after = host ? cpu_us(host->pid()) : std::nullopt;
  const long rss = host ? peak_rss_kb(host->pid()) : -1;
  if (host) host->stop();
  if (!run.failure.empty()) {
    std::fprintf(stderr, "tavle-bench: %s\n", run.failure.c_str());
    return 1;
  }
  std::vector<double> latency_ms;
  std::vector<std::string> rows;  // --latencies: one row per op, to look at the tail
  for (int i = 0; i < run.ops; ++i) {
    BenchClock::time_point first = BenchClock::time_point::max(), last{};
    for (const auto& c : run.connections) {
      first = std::min(first, c->seen[i]);
      last = std::max(last, c->seen[i]);
    }
    latency_ms.push_back(std::chrono::duration<double, std::milli>(last - run.sent[i]).count());
    rows.push_back(std::to_string(i) + "," + kinds[i] + "," +
                   std::to_string(std::chrono::duration<double, std::milli>(run.sent[i] - started).count()) + "," +
                   std::to_string(std::chrono::duration<double, std::milli>(first - run.sent[i]).count()) + "," +
                   std::to_string(latency_ms.back()));
  }
  if (auto path = args.option("latencies")) {
    std::ofstream out(*path);
    out << "op,kind,sent_ms,first_receiver_ms,last_receiver_ms\n";
    for (const std::string& row : rows) out << row << '\n';
    if (!out) std::fprintf(stderr, "tavle-bench: could not write %s\n", path->c_str());
  }
  std::set<std::string> hashes;
  for (const auto& c : run.connections) hashes.insert(replica_hash(*c));
  const double seconds = std::chrono::duration<double>(finished - started).count();
  const double delivered = static_cast<double>(run.ops) * run.clients;
  json report{{"mode", mode},
              {"tls", run.tls != nullptr},
              {"clients", run.clients},
              {"ops", run.ops},
              {"seconds", seconds},
              {"ops_per_second", run.ops / seconds},
              {"latency_to_last_receiver_ms",
               {{"p50", percentile(latency_ms, 0.50)}, {"p99", percentile(latency_ms, 0.99)},
                {"max", percentile(latency_ms, 1.0)}}},
              {"delivered_messages", delivered},
              {"host_cpu_us_per_delivered_message",
               cpu_before && cpu_after ? json((*cpu_after - *cpu_before) / delivered) : json(nullptr)},
              {"host_peak_rss_kb", host ? json(rss) : json(nullptr)},
              {"hashes_equal", hashes.size() == 1}};
  std::printf("%s\n", report.dump(2).c_str());
  return hashes.size() == 1 ? 0 : 1;
}

}  // namespace
}  // namespace tavle::bench

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return tavle::bench::run_bench(argc, argv);
}
