// tavle bench: op fan-out measured end to end. Starts `tavle host` in its own
// process (or uses --connect), joins N clients, lets one of them send U ops
// (paced: one per 5 ms; burst: all at once) and prints JSON: throughput,
// latency from send to the LAST receiver, host CPU per delivered message, host
// peak RSS, and whether every replica ended with the same state hash.
// [SECTION] the host process
// [SECTION] one benchmark connection
// [SECTION] the ops the sender makes
// [SECTION] the run and its report
#include <spawn.h>
#include <sys/wait.h>
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
#include "app/cli/commands.hpp"
#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/ops.hpp"
#include "net/host.hpp"
#include "net/protocol.hpp"
#include "net/replica.hpp"
#include "net/secrets.hpp"
#include "net/tls.hpp"

extern char** environ;

namespace tavle::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using nlohmann::json;
using BenchClock = std::chrono::steady_clock;

// [SECTION] the host process

struct HostProcess {
  pid_t pid = 0;
  unsigned short port = 0;
  std::string code;
};

// With `tls_dir`, the host gets a fresh self-signed certificate kept there (--tls):
// the same run with TLS on, to set its cost beside the plain figures.
std::optional<HostProcess> spawn_host(int clients, const std::string& tls_dir) {
  HostProcess h;
  h.code = net::random_professional_code();  // the bench's clients are professionals
  int out[2];
  if (pipe(out) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const std::string max_clients = std::to_string(clients + 10);
  std::vector<std::string> argv_s = {"tavle", "host", "--address", "127.0.0.1", "--port", "0", "--code", net::random_join_code(), "--professional-code", h.code,
                                     "--op-rate", "0", "--max-clients", max_clients};
  if (tls_dir.empty()) {
    argv_s.push_back("--no-tls");  // the plain floor
  } else {
    net::TlsIdentity identity;
    if (net::make_self_signed_identity(identity) ||
        net::write_secret_file(tls_dir + "/key.pem", identity.key_pem) ||
        net::write_secret_file(tls_dir + "/cert.pem", identity.certificate_pem))
      return std::nullopt;
    for (const char* a : {"--tls-cert", "cert.pem", "--tls-key", "key.pem"})
      argv_s.push_back(a[0] == '-' ? std::string(a) : tls_dir + "/" + a);
  }
  std::vector<char*> argv;
  for (std::string& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int rc = posix_spawn(&h.pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) return std::nullopt;
  FILE* f = fdopen(out[0], "r");
  char line[512] = {};
  const bool got = f && std::fgets(line, sizeof line, f);
  if (f) std::fclose(f);
  unsigned port = 0;
  const char* colon = got ? std::strstr(line, "127.0.0.1:") : nullptr;
  if (!colon || std::sscanf(colon, "127.0.0.1:%u", &port) != 1) {
    kill(h.pid, SIGTERM);
    waitpid(h.pid, nullptr, 0);
    return std::nullopt;
  }
  h.port = static_cast<unsigned short>(port);
  return h;
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
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
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
  std::size_t take = 1;
  if (welcome.empty()) {
    current_ = std::move(queue_.front().first);
  } else {
    take = std::min<std::size_t>(queue_.size(), 500);
    current_ = take == 1 ? std::move(queue_.front().first) : "[";
    for (std::size_t i = 0; i < take && take > 1; ++i) current_ += (i ? "," : "") + queue_[i].first;
    if (take > 1) current_ += "]";
  }
  for (std::size_t i = 0; i < take; ++i)
    if (const int op = queue_[i].second; op >= 0) run_.sent[op] = now;
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(take));
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

// RFC 6455 section 5.2, as the host sends it: unmasked, one frame per message
// (fragments are joined all the same), pings to answer.
void BenchClient::split_frames(BenchClock::time_point arrived) {
  std::size_t at = 0;
  while (unparsed_.size() - at >= 2) {
    const auto* p = reinterpret_cast<const unsigned char*>(unparsed_.data() + at);
    const std::size_t available = unparsed_.size() - at;
    const bool final_fragment = p[0] & 0x80;
    const int opcode = p[0] & 0x0F;
    if (p[1] & 0x80) return void(run_.failure = "the host sent a masked frame");
    std::uint64_t length = p[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      if (available < 4) break;
      length = (std::uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) break;
      length = 0;
      for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
      header = 10;
    }
    if (available - header < length) break;
    const std::string_view payload(unparsed_.data() + at + header, static_cast<std::size_t>(length));
    at += header + static_cast<std::size_t>(length);
    if (opcode == 0x1 || opcode == 0x0) {
      message_.append(payload);
      if (final_fragment) on_frame(std::exchange(message_, {}), arrived);
    } else if (opcode == 0x9) {
      answer_ping(payload);
    } else if (opcode == 0x8) {
      if (run_.complete < run_.clients) run_.failure = "the host closed connection " + std::to_string(index_);
      break;
    }
  }
  unparsed_.erase(0, at);
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
    const int i = std::atoi(text.c_str() + at + kMark.size());
    if (i < 0 || i >= run_.ops || seen[i] != BenchClock::time_point{}) continue;
    seen[i] = now;
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
  const Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
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

}  // namespace

int bench_command(Args& args) {
  const CommandHelp& help = *find_command("bench");
  if (!args.positional().empty()) return usage_error(help, "unexpected argument \"" + args.positional()[0] + "\"");
  Run run;
  run.clients = std::max(1, std::atoi(args.option_or("clients", "20").c_str()));
  run.ops = std::max(1, std::atoi(args.option_or("ops", "2000").c_str()));
  const std::string mode = args.option_or("mode", "paced");
  if (mode != "paced" && mode != "burst") return usage_error(help, "--mode: expected paced or burst");
  run.paced = mode == "paced";
  // --tls: the same run over TLS (a host with a fresh certificate, clients over TLS).
  std::string tls_dir;
  if (args.flag("tls")) {
    tls_dir = (std::filesystem::temp_directory_path() / "tavle-bench-XXXXXX").string();
    if (!::mkdtemp(tls_dir.data())) return usage_error(help, "cannot make a directory for the certificate");
    run.tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    run.tls->set_verify_mode(asio::ssl::verify_none);
  }
  struct RemoveDir {
    std::string dir;
    ~RemoveDir() {
      std::error_code ignored;
      if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
    }
  } remove_tls_dir{tls_dir};
  std::optional<HostProcess> host;
  std::string address = "127.0.0.1";
  unsigned short port = 0;
  std::string code = args.option_or("code", "");
  if (auto target = args.option("connect")) {
    const auto colon = target->rfind(':');
    if (colon == std::string::npos || code.empty()) return usage_error(help, "--connect HOST:PORT needs --code");
    address = target->substr(0, colon);
    port = static_cast<unsigned short>(std::atoi(target->c_str() + colon + 1));
  } else {
    host = spawn_host(run.clients, tls_dir);
    if (!host) {
      std::fprintf(stderr, "tavle bench: could not start tavle host\n");
      return 1;
    }
    port = host->port;
    code = host->code;
  }
  run.sent.assign(run.ops, BenchClock::time_point{});
  std::vector<std::string> ops;
  std::vector<std::string> kinds;  // of each op, for --latencies
  asio::steady_timer pacer(run.io), deadline(run.io);
  std::optional<double> cpu_before;
  BenchClock::time_point started;
  run.on_all_joined = [&] {
    ops = make_ops(run.ops, run.connections[0]->participant_id, 7, kinds);
    if (host) cpu_before = cpu_us(host->pid);
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
  const std::optional<double> cpu_after = host ? cpu_us(host->pid) : std::nullopt;
  const long rss = host ? peak_rss_kb(host->pid) : -1;
  if (host) {
    kill(host->pid, SIGTERM);
    waitpid(host->pid, nullptr, 0);
  }
  if (!run.failure.empty()) {
    std::fprintf(stderr, "tavle bench: %s\n", run.failure.c_str());
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
    if (!out) std::fprintf(stderr, "tavle bench: could not write %s\n", path->c_str());
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

}  // namespace tavle::cli
