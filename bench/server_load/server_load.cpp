// server_load: issue 18's benchmark of `tavle server` (bench/server_load.sh,
// docs/performance.md "One server, many meetings"). Makes (or reuses) a store with
// N+1 meetings and their codes, starts `tavle server` on it (probe::HostProcess with
// "--server"), joins 10 lean clients (bench_client.hpp) to every meeting from one
// io_context (the measured meeting's from a thread of their own), and lets every
// meeting's first client send ops at meeting pace while one meeting, the measured
// one, sends its ops one at a time. Prints JSON: the
// measured meeting's latency from its sender to the last of its other receivers,
// the server's CPU over the run, its RSS with no connection, with one per meeting
// and with all of them, and whether every op reached every receiver with equal
// hashes in every meeting (the exit status says that too). With --meetings 0 the
// measured meeting is alone on the server: the same program for both sides.
// [SECTION] the store: meetings and their codes
// [SECTION] joining in waves
// [SECTION] the run and its report
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "app/cli/args.hpp"
#include "bench/tavle_bench/bench_client.hpp"
#include "board/text.hpp"
#include "probe/host_process.hpp"
#include "session/hosting.hpp"
#include "session/server_meetings.hpp"
#include "store/store.hpp"

namespace tavle::bench {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// [SECTION] the store: meetings and their codes

std::string meeting_id(int i) {
  char id[32];
  std::snprintf(id, sizeof id, "load-%04d", i);
  return id;
}

// Makes the meetings load-0000 .. load-(count-1) the store in `dir` does not hold yet
// (one family), and every meeting's codes with the function `tavle server codes`
// calls. `codes[i]` gets meeting i's professional code.
std::optional<Error> prepare_store(const std::string& dir, int count, std::vector<std::string>& codes) {
  std::unique_ptr<store::Store> s;
  if (auto e = session::open_store(session::StorePlace{dir, "", ""}, s)) return e;
  std::vector<store::MeetingInfo> held;
  if (auto e = s->list_meetings("", held)) return e;
  std::set<std::string> have;
  for (const auto& m : held) have.insert(m.id);
  std::optional<store::FamilyInfo> family;
  for (int i = 0; i < count; ++i) {
    const std::string id = meeting_id(i);
    if (!have.count(id)) {
      if (!family) {
        family.emplace();
        if (auto e = s->create_family("Familien Belastning", now_millis(), *family)) return e;
      }
      Board board;
      if (auto e = s->create_meeting(family->id, id, now_millis(), false, board)) return e;
    }
    session::MeetingCodes c;
    if (auto e = session::meeting_codes(*s, dir, id, c)) return e;
    codes.push_back(c.professional_code);
  }
  return std::nullopt;
}

// [SECTION] joining in waves

// Starts connections [from, to) of every run, `window` meetings at a time (a server
// loads a meeting on its first connection: 1,000 at once would wait past the hello
// timeout), then calls `then`.
struct Waves {
  Waves(std::vector<std::unique_ptr<Run>>& runs, const std::vector<std::string>& codes, tcp::endpoint endpoint, int from,
        int to)
      : runs(runs), codes(codes), endpoint(endpoint), from(from), to(to) {}
  std::vector<std::unique_ptr<Run>>& runs;
  const std::vector<std::string>& codes;
  tcp::endpoint endpoint;
  int from = 0, to = 1;
  std::size_t next = 0, in_flight = 0, done = 0;
  std::size_t window = 50;
  std::function<void()> then;
  asio::io_context* main = nullptr;  // Waves' own thread; a run on another io_context is told there

  void start() {
    while (in_flight < window && next < runs.size()) {
      Run& run = *runs[next];
      const std::string& code = codes[next];
      ++next;
      ++in_flight;
      run.on_joined = [this, &run] {
        const int joined = run.joined;  // read on the run's own thread
        auto step = [this, joined] {
          if (joined != to) return;
          --in_flight;
          if (++done == runs.size()) return then();
          start();
        };
        if (&run.io == main) return step();
        asio::post(*main, step);
      };
      for (int c = from; c < to; ++c) {
        if (&run.io == main) {
          run.connections[c]->start(endpoint, code);
          continue;
        }
        asio::post(run.io, [client = run.connections[c], endpoint = endpoint, code] { client->start(endpoint, code); });
      }
    }
  }
};

// [SECTION] the run and its report

const std::vector<cli::OptionHelp>& options() {
  static const std::vector<cli::OptionHelp> accepted = {
      {"meetings", "N", "meetings besides the measured one (default 1000; 0: the measured meeting alone)"},
      {"clients", "N", "connections per meeting (default 10)"},
      {"ops", "N", "changes the measured meeting sends, one at a time (default 200)"},
      {"every-ms", "MS", "between the measured meeting's changes (default 250)"},
      {"background-every-ms", "MS", "between each other meeting's changes (default 2000: 10 people, 3 a minute each)"},
      {"window", "N", "meetings whose other connections join at once (default 5; the first connections: 50)"},
      {"store-meetings", "N", "meetings the store holds, made when missing (default: --meetings + 1)"},
      {"data", "DIR", "the store to use and keep (default: a new one, removed at the end)"},
      {"prepare", nullptr, "only make the store (--data DIR) and every meeting's codes, then stop"},
      {"tls", nullptr, "the server with its own certificate, the clients over TLS (default: plain, --no-tls)"},
      {"timeout", "S", "give up after this many seconds (default 900)"},
      {"tavle", "PATH", "the tavle program whose server is measured (default: the one beside server_load)"}};
  return accepted;
}

int usage_error(const std::string& why) {
  std::string out = "server_load: " + why + "\n\nusage: server_load [options]\n";
  for (const cli::OptionHelp& o : options())
    out += "  --" + std::string(o.name) + (o.value ? " " + std::string(o.value) : "") + "\n      " + o.text + "\n";
  std::fprintf(stderr, "%s", out.c_str());
  return 2;
}

// 10,000 sockets in one process: the soft limit up to the hard one (root may raise both).
rlim_t raise_open_files(rlim_t wanted) {
  rlimit l{};
  ::getrlimit(RLIMIT_NOFILE, &l);
  if (l.rlim_max < wanted) {
    rlimit raised{wanted, wanted};
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) return wanted;
  }
  l.rlim_cur = l.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &l);
  ::getrlimit(RLIMIT_NOFILE, &l);
  return l.rlim_cur;
}

double seconds_since(BenchClock::time_point t) { return std::chrono::duration<double>(BenchClock::now() - t).count(); }

int run_load(int argc, char** argv) {
  cli::Args args(argc - 1, argv + 1, options());
  if (!args.error().empty()) return usage_error(args.error());
  long meetings = 1000, clients = 10, ops = 200, every_ms = 250, background_ms = 2000, window = 5, timeout = 900;
  for (auto [name, lo, hi, out] : {std::tuple{"meetings", 0L, 5000L, &meetings}, {"clients", 2L, 100L, &clients},
                                   {"ops", 1L, 100000L, &ops}, {"every-ms", 1L, 60000L, &every_ms},
                                   {"background-every-ms", 1L, 600000L, &background_ms}, {"window", 1L, 5000L, &window},
                                   {"timeout", 1L, 86400L, &timeout}})
    if (auto e = args.number(name, lo, hi, *out)) return usage_error(e->message);
  long store_meetings = meetings + 1;
  if (auto e = args.number("store-meetings", meetings + 1, 100000, store_meetings)) return usage_error(e->message);
  const bool tls = args.flag("tls");
  const rlim_t open_files = raise_open_files(static_cast<rlim_t>((meetings + 1) * clients * 2 + 1024));
  if (open_files < static_cast<rlim_t>((meetings + 1) * clients + 100))
    return usage_error("only " + std::to_string(open_files) + " open files allowed: too few for the connections");

  // The store: kept with --data (a second run reuses it), else a temporary one.
  std::string dir = args.option_or("data", "");
  const bool temporary = dir.empty();
  if (temporary) {
    dir = (std::filesystem::temp_directory_path() / "tavle-server-load-XXXXXX").string();
    if (!::mkdtemp(dir.data())) return usage_error("cannot make a directory for the store");
  }
  std::vector<std::string> codes;
  const auto setup_started = BenchClock::now();
  // bench/server_load.sh gives the alone run the same --store-meetings: the server's
  // index is the same, only the joins differ.
  if (auto e = prepare_store(dir, static_cast<int>(store_meetings), codes)) {
    std::fprintf(stderr, "server_load: the store: %s\n", e->message.c_str());
    return 1;
  }
  const double setup_seconds = seconds_since(setup_started);
  if (args.flag("prepare")) {
    if (temporary) std::filesystem::remove_all(dir);
    std::fprintf(stderr, "server_load: %ld meetings in the store, made in %.1f s\n", store_meetings, setup_seconds);
    return 0;
  }

  std::unique_ptr<probe::HostProcess> server;
  std::vector<std::string> server_args = {"--server", "--data", dir};
  if (tls) server_args.push_back("--tls");
  try {
    server = std::make_unique<probe::HostProcess>(args.option_or("tavle", sibling_tavle()), "", "", server_args);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "server_load: could not start tavle server: %s\n", e.what());
    return 1;
  }
  const pid_t pid = server->pid();

  asio::io_context io{1};
  // The measured meeting's 10 clients have a thread of their own, as its people's
  // devices do not wait behind 10,000 other connections' traffic: on one thread with
  // them, the bench's own queue was part of the measured latency.
  asio::io_context measured_io{1};
  std::shared_ptr<asio::ssl::context> tls_context;
  if (tls) {
    tls_context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    tls_context->set_verify_mode(asio::ssl::verify_none);
  }
  std::vector<std::unique_ptr<Run>> runs;
  std::mt19937_64 rng(18);
  for (long m = 0; m <= meetings; ++m) {
    asio::io_context& its_io = m == 0 ? measured_io : io;
    auto run = std::make_unique<Run>(its_io);
    run->clients = static_cast<int>(clients);
    run->target = "/m/" + meeting_id(static_cast<int>(m)) + "/ws";
    run->tls = tls_context;
    run->read_bytes = 4096;  // every frame of a meeting at its pace fits; 10,000 of them
    if (m == 0) {
      run->ops = static_cast<int>(ops);
      run->every = std::chrono::milliseconds(every_ms);
    } else {
      // As long as the measured meeting sends, at its own pace, from a random moment.
      run->ops = static_cast<int>(ops * every_ms / background_ms + 2);
      run->every = std::chrono::milliseconds(background_ms);
      run->first_delay = std::chrono::milliseconds(rng() % background_ms);
    }
    run->sent.assign(run->ops, BenchClock::time_point{});
    for (int c = 0; c < run->clients; ++c) run->connections.push_back(std::make_shared<BenchClient>(its_io, *run, c));
    runs.push_back(std::move(run));
  }

  // The stages, one after the other on the io_context.
  asio::steady_timer settle(io), deadline(io), watch(io);
  std::string failure;
  bool finished = false;
  long rss_none = status_kb(pid, "VmRSS"), rss_one = -1, rss_all = -1, rss_after = -1;
  double join_one_seconds = 0, join_rest_seconds = 0, run_seconds = 0;
  std::optional<double> cpu_before, cpu_after;
  std::size_t complete_runs = 0;
  BenchClock::time_point stage_started = BenchClock::now(), sending_started;
  // While sending, some meeting gets an op every few hundred ms: 30 s without any op
  // arriving anywhere is a stall, said with who lacks what (not a 15-minute wait).
  constexpr auto kStalledAfter = 30s;
  BenchClock::time_point last_progress;
  long long ops_seen = 0;
  int ticks = 0;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server->port());
  Waves first(runs, codes, endpoint, 0, 1);
  Waves rest(runs, codes, endpoint, 1, static_cast<int>(clients));
  first.main = rest.main = &io;
  // What the main thread may know of the measured meeting while its thread runs: a
  // copy made there every 200 ms.
  std::mutex measured_mutex;
  std::string measured_failure;
  long long measured_received = 0;
  asio::steady_timer measured_watch(measured_io);
  std::function<void()> watch_measured = [&] {
    {
      std::lock_guard lock(measured_mutex);
      measured_failure = runs[0]->failure;
      measured_received = 0;
      for (const auto& c : runs[0]->connections) measured_received += c->received;
    }
    measured_watch.expires_after(200ms);
    measured_watch.async_wait([&](beast::error_code ec) {
      if (!ec) watch_measured();
    });
  };
  auto measured_work = asio::make_work_guard(measured_io);
  asio::post(measured_io, watch_measured);
  std::thread measured_thread([&] { measured_io.run(); });
  // The first connection of a meeting waits for the loader thread; the others cost
  // the network thread their join (the access log and the rejoin tokens are written
  // there, docs/server.md): many at once stalled it past the 3 s idle timeout.
  first.window = 50;
  rest.window = static_cast<std::size_t>(window);

  // The run ends when every meeting has every op, or 15 s after the measured meeting
  // has all of its own (a meeting still short then is reported, and fails the run).
  asio::steady_timer grace(io);
  auto finish = [&] {
    if (finished) return;
    run_seconds = seconds_since(sending_started);
    cpu_after = cpu_us(pid);
    rss_after = status_kb(pid, "VmRSS");
    finished = true;
  };
  // This run's cards get names of their own: on a store an earlier run wrote to
  // (--data), the same names were rejected as existing and the run never ended.
  char card_prefix[24];
  std::snprintf(card_prefix, sizeof card_prefix, "bc-%08x-", static_cast<unsigned>(std::random_device{}()));
  auto send_all = [&] {
    for (std::size_t m = 0; m < runs.size(); ++m) {
      Run& run = *runs[m];
      run.op_texts = make_ops(run.ops, run.connections[0]->participant_id, 7 + m, run.kinds, card_prefix);
      run.on_complete = [&, m] {
        auto done = [&, m] {
          if (++complete_runs == runs.size()) return finish();
          if (m != 0) return;
          grace.expires_after(15s);
          grace.async_wait([&](beast::error_code ec) {
            if (!ec) finish();
          });
        };
        if (m == 0) return asio::post(io, done);  // from the measured meeting's thread
        done();
      };
    }
    cpu_before = cpu_us(pid);
    sending_started = last_progress = BenchClock::now();
    asio::post(measured_io, [&] { start_sending(*runs[0]); });
    for (std::size_t m = 1; m < runs.size(); ++m) start_sending(*runs[m]);
  };
  // RSS after a pause: the server returns freed memory to the system regularly.
  auto after_settling = [&](long& rss, std::function<void()> next) {
    settle.expires_after(3s);
    settle.async_wait([&, next](beast::error_code) {
      rss = status_kb(pid, "VmRSS");
      next();
    });
  };
  auto say = [](const std::string& what) { std::fprintf(stderr, "server_load: %s\n", what.c_str()); };
  rest.then = [&] {
    join_rest_seconds = seconds_since(stage_started);
    say("every connection joined in " + std::to_string(join_rest_seconds) + " s; sending");
    after_settling(rss_all, send_all);
  };
  first.then = [&] {
    join_one_seconds = seconds_since(stage_started);
    say("every meeting loaded (one connection each) in " + std::to_string(join_one_seconds) + " s");
    after_settling(rss_one, [&] {
      stage_started = BenchClock::now();
      rest.start();
    });
  };
  first.start();

  // The first meetings still short of ops: who has how many.
  auto short_meetings = [&] {
    std::string out = std::to_string(complete_runs) + " of " + std::to_string(runs.size()) + " meetings complete";
    {
      std::lock_guard lock(measured_mutex);
      out += "\n  " + meeting_id(0) + " (measured): ops received " + std::to_string(measured_received) + " in all";
    }
    for (std::size_t m = 1, shown = 0; m < runs.size() && shown < 5; ++m) {
      const Run& run = *runs[m];
      if (run.complete == run.clients) continue;
      ++shown;
      out += "\n  " + meeting_id(static_cast<int>(m)) + ": joined " + std::to_string(run.joined) + ", ops received";
      for (const auto& c : run.connections) out += " " + std::to_string(c->received);
      out += " of " + std::to_string(run.ops);
    }
    return out;
  };
  deadline.expires_after(std::chrono::seconds(timeout));
  deadline.async_wait([&](beast::error_code ec) {
    if (!ec) failure = "timed out: " + short_meetings();
  });
  std::function<void()> check = [&] {  // a failed connection in any meeting ends the run
    {
      std::lock_guard lock(measured_mutex);
      if (!measured_failure.empty()) failure = "meeting " + meeting_id(0) + ": " + measured_failure;
    }
    for (std::size_t m = 1; m < runs.size() && failure.empty(); ++m)
      if (!runs[m]->failure.empty()) failure = "meeting " + meeting_id(static_cast<int>(m)) + ": " + runs[m]->failure;
    if (sending_started != BenchClock::time_point{} && ++ticks % 5 == 0) {
      long long seen = 0;
      {
        std::lock_guard lock(measured_mutex);
        seen = measured_received;
      }
      for (std::size_t m = 1; m < runs.size(); ++m)
        for (const auto& c : runs[m]->connections) seen += c->received;
      if (seen != ops_seen) ops_seen = seen, last_progress = BenchClock::now();
      else if (BenchClock::now() - last_progress > kStalledAfter && failure.empty())
        failure = "stalled: no op arrived anywhere for 30 s; " + short_meetings();
    }
    watch.expires_after(200ms);
    watch.async_wait([&](beast::error_code ec) {
      if (!ec) check();
    });
  };
  check();
  while (!finished && failure.empty()) io.run_one();
  // From here the main thread reads the measured meeting's clients: their thread ends first.
  measured_work.reset();
  measured_io.stop();
  measured_thread.join();
  const long rss_peak = peak_rss_kb(pid);
  const std::string server_output = server->stop();
  if (!failure.empty()) {
    std::fprintf(stderr, "server_load: %s\nthe server printed:\n%s\n", failure.c_str(),
                 server_output.substr(server_output.size() > 4000 ? server_output.size() - 4000 : 0).c_str());
    if (temporary) std::filesystem::remove_all(dir);
    return 1;
  }

  // Every op reached every receiver of every meeting, and its replicas end with one hash.
  std::size_t unequal = 0, incomplete = 0;
  std::string short_of;  // the first meetings still missing ops: who has how many
  for (std::size_t m = 0; m < runs.size(); ++m) {
    const Run& run = *runs[m];
    if (run.complete == run.clients) continue;
    if (++incomplete > 5) continue;
    short_of += meeting_id(static_cast<int>(m)) + ":";
    for (const auto& c : run.connections) short_of += " " + std::to_string(c->received);
    short_of += " of " + std::to_string(run.ops) + "; ";
  }
  for (const auto& run : runs) {
    std::set<std::string> hashes;
    for (const auto& c : run->connections) hashes.insert(replica_hash(*c));
    if (hashes.size() != 1) ++unequal;
  }
  // The measured meeting: from its sender to the last of its other receivers.
  const Run& measured = *runs[0];
  std::vector<double> latency_ms;
  for (int i = 0; i < measured.ops; ++i) {
    BenchClock::time_point last{};
    for (int c = 1; c < measured.clients; ++c) last = std::max(last, measured.connections[c]->seen[i]);
    latency_ms.push_back(std::chrono::duration<double, std::milli>(last - measured.sent[i]).count());
  }
  const double loaded = static_cast<double>(runs.size());
  const double others = loaded * static_cast<double>(clients - 1);
  const double per_connection = (rss_all - rss_one) / others;
  long background_ops = 0;
  for (std::size_t m = 1; m < runs.size(); ++m) background_ops += runs[m]->ops;
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  json report{
      {"tls", tls},
      {"meetings_in_store", store_meetings},
      {"meetings_loaded", runs.size()},
      {"connections", runs.size() * static_cast<std::size_t>(clients)},
      {"open_files_limit", open_files},
      {"store_setup_seconds", setup_seconds},
      {"join_first_connection_per_meeting_seconds", join_one_seconds},
      {"join_other_connections_seconds", join_rest_seconds},
      {"measured",
       {{"ops", measured.ops},
        {"every_ms", every_ms},
        {"latency_to_last_other_receiver_ms",
         {{"p50", percentile(latency_ms, 0.50)}, {"p99", percentile(latency_ms, 0.99)},
          {"max", percentile(latency_ms, 1.0)}}}}},
      {"background_ops", background_ops},
      {"run_seconds", run_seconds},
      {"server_cpu_percent", cpu_before && cpu_after ? json((*cpu_after - *cpu_before) / 1e4 / run_seconds) : json(nullptr)},
      {"bench_cpu_seconds", static_cast<double>(self.ru_utime.tv_sec + self.ru_stime.tv_sec) +
                                (self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6},
      {"server_rss_kb",
       {{"no_connection", rss_none},
        {"one_connection_per_meeting", rss_one},
        {"all_connections_idle", rss_all},
        {"after_the_run", rss_after},
        {"peak", rss_peak}}},
      {"rss_kb_per_loaded_meeting", (rss_one - rss_none) / loaded - per_connection},
      {"rss_kb_per_idle_connection", per_connection},
      {"meetings_with_unequal_hashes", unequal},
      {"meetings_missing_ops", incomplete},
      {"missing_ops_first_meetings", short_of},
      {"every_op_reached_every_receiver", incomplete == 0},
      {"hashes_equal", unequal == 0}};
  std::printf("%s\n", report.dump(2).c_str());
  runs.clear();
  if (temporary) std::filesystem::remove_all(dir);
  return unequal == 0 && incomplete == 0 ? 0 : 1;
}

}  // namespace
}  // namespace tavle::bench

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return tavle::bench::run_load(argc, argv);
}
