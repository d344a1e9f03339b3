// tavle host: runs a meeting headless until SIGINT/SIGTERM. prepare_host() is
// the one place a host is set up from the command line, so --data (storage)
// can extend it.
#include "app/cli/host_command.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <pthread.h>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/install_paths.hpp"
#include "board/board_json.hpp"
#include "net/secrets.hpp"
#include "net/security_log.hpp"
#include "net/tls.hpp"
#include "session/lan_address.hpp"
#include "store/data_dir.hpp"

namespace tavle::cli {
namespace {

void print_encryption(const net::HostConfig& config, const std::string& certificate_dir, bool certificate_made) {
  if (!config.tls) {
    std::printf("tavle host: NOT ENCRYPTED (--no-tls): for tests and measurements on this machine only\n");
    return;
  }
  std::printf("tavle host: encrypted (https and wss), certificate fingerprint SHA-256 %s\n", config.tls->fingerprint.c_str());
  if (!certificate_dir.empty())
    std::printf("tavle host: this installation's own certificate (%s in %s); apps check this fingerprint\n",
                certificate_made ? "made now" : "kept", certificate_dir.c_str());
  if (config.plain == net::PlainConnections::FamilyView)
    std::printf("tavle host: the family view is ALSO served unencrypted (http://) for this meeting "
                "(--allow-plain-family); professionals and the facilitator need https or the app\n");
}

}  // namespace

// Where the professional code and the facilitator key go: a file only this user
// can read, never the terminal (which a projector or a shared screen may show).
std::string default_secrets_path(const std::string& program) {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime && *runtime && std::filesystem::is_directory(runtime))
    return std::string(runtime) + "/" + program + "-" + std::to_string(::getpid()) + ".secrets";
  std::string dir = (std::filesystem::temp_directory_path() / (program + "-XXXXXX")).string();
  if (!::mkdtemp(dir.data())) return "";
  return dir + "/secrets";
}

// HTTPS and WSS on the meeting's port (docs/protocol.md, "Encryption"): the
// municipality's certificate, else this installation's own, made once.
std::optional<Error> choose_tls(const Args& args, HostSetup& setup) {
  net::HostConfig& config = setup.config;
  const auto cert = args.option("tls-cert");
  const auto key = args.option("tls-key");
  if (args.flag("no-tls")) {
    if (cert || key || args.flag("allow-plain-family"))
      return Error{"usage", "--no-tls goes with neither --tls-cert, --tls-key nor --allow-plain-family"};
    // Unencrypted only where nothing crosses a network: tests and measurements on this machine.
    if (net::announces_on(config.address))
      return Error{"usage", "--no-tls: only with a loopback --address (127.0.0.1); on a network the meeting is encrypted"};
    return std::nullopt;
  }
  if (cert.has_value() != key.has_value()) return Error{"usage", "--tls-cert and --tls-key go together"};
  net::TlsIdentity identity;
  if (cert) {
    if (auto e = net::load_tls_identity(*cert, *key, identity)) return e;
  } else {
    const std::string dir = store::data_directory(args.option("data"));
    if (dir.empty()) return Error{"io", "no place to keep the host's certificate: give --tls-cert and --tls-key, or --data DIR"};
    if (auto e = net::own_tls_identity(dir, identity, setup.certificate_made)) return e;
    setup.certificate_dir = dir;
  }
  config.tls = std::move(identity);
  config.plain = args.flag("allow-plain-family") ? net::PlainConnections::FamilyView : net::PlainConnections::Redirected;
  return std::nullopt;
}

std::optional<Error> choose_web_root(const Args& args, net::HostConfig& config) {
  if (auto root = args.option("web-root")) {
    if (!std::filesystem::is_directory(*root)) return Error{"not_found", "--web-root: \"" + *root + "\" is not a directory"};
    config.web_root = *root;
  } else if (const std::string installed = assets_directory() + "/web"; std::filesystem::is_directory(installed)) {
    config.web_root = installed;
  }
  return std::nullopt;
}

std::optional<Error> prepare_host(const Args& args, HostSetup& setup) {
  if (!args.error().empty()) return Error{"usage", args.error()};
  net::HostConfig& config = setup.config;
  config.address = args.option_or("address", "0.0.0.0");
  long port = 0;
  if (auto e = args.number("port", 0, 65535, port)) return e;
  config.port = static_cast<unsigned short>(port);
  if (auto code = args.option("code")) {
    if (auto e = net::check_code_strength(*code, "--code")) return Error{"usage", e->message};
    config.meeting.join_code = *code;
  }
  if (auto code = args.option("professional-code")) {
    if (auto e = net::check_code_strength(*code, "--professional-code")) return Error{"usage", e->message};
    config.meeting.professional_code = *code;
  }
  if (auto file = args.option("facilitator-key-file")) {
    if (auto e = net::read_secret_file(*file, config.meeting.facilitator_key))
      return Error{e->code, "--facilitator-key-file " + e->message};
    if (config.meeting.facilitator_key.size() < 16)
      return Error{"invalid", "--facilitator-key-file: the key must have at least 16 characters"};
  }
  if (auto log = args.option("security-log")) {
    if (auto e = net::open_security_log(*log, config.meeting.security_log)) return e;
  } else {
    config.meeting.security_log = net::stderr_security_log();
  }
  setup.secrets_file = args.option_or("secrets", "");
  long rate = static_cast<long>(config.meeting.messages_per_second);
  if (auto e = args.number("op-rate", 0, 10000000, rate)) return e;
  config.meeting.messages_per_second = static_cast<double>(rate);
  if (rate > config.meeting.message_burst) config.meeting.message_burst = static_cast<double>(rate);
  long max_clients = static_cast<long>(config.meeting.max_clients);
  if (auto e = args.number("max-clients", 1, 10000, max_clients)) return e;
  config.meeting.max_clients = static_cast<std::size_t>(max_clients);
  // A meeting sized for more connections may also add more participants for them.
  config.meeting.max_join_participants =
      std::max(config.meeting.max_join_participants, std::min<std::size_t>(config.meeting.max_clients, 100));
  if (auto e = choose_web_root(args, config)) return e;
  if (auto file = args.option("file"))
    if (auto e = read_board_file(*file, setup.board)) return e;
  // Announced on the LAN under this machine's name unless switched off (docs/protocol.md).
  config.announce.enabled = !args.flag("no-announce");
  // Last: every mistake in the options is reported before a certificate is made.
  if (auto e = choose_tls(args, setup)) return e;
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

  const net::HostConfig config = setup.config;  // what to print once the host has it
  const std::string secrets_file = setup.secrets_file;
  const std::string certificate_dir = setup.certificate_dir;
  const bool certificate_made = setup.certificate_made;
  std::unique_ptr<net::Host> started;
  if (auto e = session::start_host(std::move(setup), started)) {
    std::fprintf(stderr, "tavle host: %s\n", e->message.c_str());
    return 1;
  }
  net::Host& host = *started;
  // The room's code may be shown; the professional code and the facilitator key go
  // to a file only this user can read (docs/security.md).
  const bool own_secrets_file = secrets_file.empty();
  const std::string secrets = own_secrets_file ? default_secrets_path("tavle-host") : secrets_file;
  if (secrets.empty() || net::write_secret_file(secrets, "professional_code=" + host.professional_code() +
                                                             "\nfacilitator_key=" + host.facilitator_key() + "\n")) {
    std::fprintf(stderr, "tavle host: cannot write the secrets file \"%s\"\n", secrets.c_str());
    host.stop();
    return 1;
  }
  std::printf("tavle host: listening on %s:%u, join code %s\n", config.address.c_str(), host.port(),
              host.join_code().c_str());
  print_encryption(config, certificate_dir, certificate_made);
  // On every interface, the address above is none a tablet can use: say which is.
  if (const std::string reachable = session::reachable_address(config.address); reachable != config.address)
    std::printf("tavle host: on this network, tablets and laptops join at %s:%u\n", reachable.c_str(), host.port());
  std::printf("tavle host: the professional code and the facilitator key are in %s (readable by you only)\n",
              secrets.c_str());
  if (config.announce.enabled && net::announces_on(config.address))
    std::printf("tavle host: announced on the LAN (UDP port %u) as \"%s\"; --no-announce switches it off\n",
                net::kDiscoveryPort, net::machine_name().c_str());
  if (!config.web_root.empty())
    std::printf("tavle host: the tablet page is served from %s\n", config.web_root.c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  host.stop();
  if (own_secrets_file) {
    std::error_code ignored;
    std::filesystem::remove(secrets, ignored);
    if (secrets.ends_with("/secrets")) std::filesystem::remove(std::filesystem::path(secrets).parent_path(), ignored);
  }
  const net::HostStatus status = host.status();
  std::fprintf(stderr, "tavle host: stopped (%s), %llu ops, board hash %s\n", signal == SIGINT ? "SIGINT" : "SIGTERM",
               static_cast<unsigned long long>(status.seq), status.board_hash.c_str());
  return 0;
}

}  // namespace tavle::cli
