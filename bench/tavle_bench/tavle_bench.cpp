// tavle-bench: op fan-out measured end to end, a program of its own beside `tavle`
// (the production binary carries no benchmark). Starts `tavle host` in its own
// process (probe::HostProcess; or uses --connect), joins N clients, lets one of them send U ops
// (paced: one per 5 ms; burst: all at once) and prints JSON: throughput,
// latency from send to the LAST receiver, host CPU per delivered message, host
// peak RSS, and whether every replica ended with the same state hash.
// Its client, ops and /proc figures are bench/tavle_bench/bench_client.hpp's (shared
// with bench/server_load).
// [SECTION] the host process
// [SECTION] the run and its report
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "app/cli/args.hpp"
#include "bench/tavle_bench/bench_client.hpp"
#include "board/text.hpp"
#include "net/protocol.hpp"
#include "net/secrets.hpp"
#include "net/tls.hpp"
#include "probe/host_process.hpp"

namespace tavle::bench {
namespace {

using nlohmann::json;

// [SECTION] the host process

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

// [SECTION] the run and its report

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
  asio::io_context io{1};
  Run run(io);
  long clients = 20, op_count = 2000;
  if (auto e = args.number("clients", 1, 10000, clients)) return usage_error(e->message);
  if (auto e = args.number("ops", 1, 10000000, op_count)) return usage_error(e->message);
  run.clients = static_cast<int>(clients);
  run.ops = static_cast<int>(op_count);
  const std::string mode = args.option_or("mode", "paced");
  if (mode != "paced" && mode != "burst") return usage_error("--mode: expected paced or burst");
  if (mode == "burst") run.every = std::chrono::microseconds(0);  // paced: one every 5 ms
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
  asio::steady_timer deadline(io);
  std::optional<double> cpu_before;
  BenchClock::time_point started;
  run.on_all_joined = [&] {
    run.op_texts = make_ops(run.ops, run.connections[0]->participant_id, 7, run.kinds);
    if (host) cpu_before = cpu_us(host->pid());
    started = BenchClock::now();
    start_sending(run);
  };
  const tcp::endpoint endpoint(asio::ip::make_address(address), port);
  for (int i = 0; i < run.clients; ++i) {
    run.connections.push_back(std::make_shared<BenchClient>(io, run, i));
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
    rows.push_back(std::to_string(i) + "," + run.kinds[i] + "," +
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
