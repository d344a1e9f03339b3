// tavle host: runs a meeting headless until SIGINT/SIGTERM. prepare_host() is
// the one place a host is set up from the command line, so --data (storage)
// can extend it.
#include "app/cli/host_command.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <pthread.h>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/install_paths.hpp"
#include "board/board_json.hpp"

namespace tavle::cli {
namespace {

std::optional<Error> read_number(const Args& args, const std::string& name, long min, long max, long& out) {
  auto text = args.option(name);
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    const long v = std::stol(*text, &used);
    if (used == text->size() && v >= min && v <= max) {
      out = v;
      return std::nullopt;
    }
  } catch (const std::exception&) {
  }
  return Error{"usage", "--" + name + ": expected a number from " + std::to_string(min) + " to " + std::to_string(max)};
}

std::optional<Error> check_code(const std::string& code) {
  if (code.size() < 4 || code.size() > 32) return Error{"usage", "--code: 4 to 32 letters or digits"};
  for (char c : code)
    if (!std::isalnum(static_cast<unsigned char>(c))) return Error{"usage", "--code: letters and digits only"};
  return std::nullopt;
}

}  // namespace

std::optional<Error> prepare_host(const Args& args, HostSetup& setup) {
  if (!args.error().empty()) return Error{"usage", args.error()};
  net::HostConfig& config = setup.config;
  config.address = args.option_or("address", "0.0.0.0");
  long port = 0;
  if (auto e = read_number(args, "port", 0, 65535, port)) return e;
  config.port = static_cast<unsigned short>(port);
  if (auto code = args.option("code")) {
    if (auto e = check_code(*code)) return e;
    config.meeting.join_code = *code;
  }
  long rate = static_cast<long>(config.meeting.ops_per_second);
  if (auto e = read_number(args, "op-rate", 0, 10000000, rate)) return e;
  config.meeting.ops_per_second = static_cast<double>(rate);
  if (rate > config.meeting.op_burst) config.meeting.op_burst = static_cast<double>(rate);
  long max_clients = static_cast<long>(config.meeting.max_clients);
  if (auto e = read_number(args, "max-clients", 1, 10000, max_clients)) return e;
  config.meeting.max_clients = static_cast<std::size_t>(max_clients);
  if (auto root = args.option("web-root")) {
    if (!std::filesystem::is_directory(*root)) return Error{"not_found", "--web-root: \"" + *root + "\" is not a directory"};
    config.web_root = *root;
  } else if (const std::string installed = assets_directory() + "/web"; std::filesystem::is_directory(installed)) {
    config.web_root = installed;
  }
  if (auto file = args.option("file"))
    if (auto e = read_board_file(*file, setup.board)) return e;
  // Announced on the LAN under this machine's name unless switched off (docs/protocol.md).
  config.announce.enabled = !args.flag("no-announce");
  return attach_storage(args, setup);
}

int host_command(Args& args) {
  const CommandHelp& help = *find_command("host");
  if (!args.positional().empty()) return usage_error(help, "unexpected argument \"" + args.positional()[0] + "\"");
  if (auto config = args.option("config"))
    if (auto e = args.read_config_file(*config)) return usage_error(help, e->message);
  HostSetup setup;
  if (auto e = prepare_host(args, setup)) {
    if (e->code == "usage") return usage_error(help, e->message);
    std::fprintf(stderr, "tavle host: %s\n", e->message.c_str());
    return 1;
  }
  // Block the signals before any thread starts, so only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  net::Host host(setup.config, std::move(setup.board), setup.last_seq, std::move(setup.recent), setup.journal);
  if (auto e = host.start()) {
    std::fprintf(stderr, "tavle host: %s\n", e->message.c_str());
    return 1;
  }
  std::printf("tavle host: listening on %s:%u, join code %s, facilitator key %s\n", setup.config.address.c_str(),
              host.port(), host.join_code().c_str(), host.facilitator_key().c_str());
  if (setup.config.announce.enabled && net::announces_on(setup.config.address))
    std::printf("tavle host: announced on the LAN (UDP port %u) as \"%s\"; --no-announce switches it off\n",
                net::kDiscoveryPort, net::machine_name().c_str());
  if (!setup.config.web_root.empty())
    std::printf("tavle host: the tablet page is served from %s\n", setup.config.web_root.c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  host.stop();
  const net::HostStatus status = host.status();
  std::fprintf(stderr, "tavle host: stopped (%s), %llu ops, board hash %s\n", signal == SIGINT ? "SIGINT" : "SIGTERM",
               static_cast<unsigned long long>(status.seq), status.board_hash.c_str());
  return 0;
}

}  // namespace tavle::cli
