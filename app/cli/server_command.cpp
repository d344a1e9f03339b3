// issue 18: `tavle server` runs every meeting of a store on one port until
// SIGINT/SIGTERM (net::Server over session::stored_meetings, docs/server.md);
// `tavle server codes --meeting ID` makes or finds a meeting's own codes (kept in the store).
#include <csignal>
#include <cstdio>
#include <pthread.h>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/help.hpp"
#include "app/cli/host_command.hpp"
#include "net/secrets.hpp"
#include "net/security_log.hpp"
#include "net/server.hpp"
#include "session/lan_address.hpp"
#include "session/server_meetings.hpp"
#include "store/access_log.hpp"
#include "store/data_dir.hpp"

namespace tavle::cli {
namespace {

int codes_command(const Args& args, const session::StorePlace& place) {
  const auto meeting = args.option("meeting");
  if (!meeting) return usage_error(*find_command("server"), "codes: --meeting ID names the meeting");
  // Only a meeting the store holds gets codes (the store refuses others).
  std::unique_ptr<store::Store> s;
  session::MeetingCodes codes;
  if (auto e = session::open_store(place, s); e || (e = session::meeting_codes(*s, place.data_dir, *meeting, codes))) {
    std::fprintf(stderr, "tavle server: %s\n", e->message.c_str());
    return 1;
  }
  // The room's code may be shown; the professional code and the facilitator key go
  // to a file only this user can read, as with `tavle host` (docs/security.md).
  const std::string secrets = args.option_or("secrets", default_secrets_path("tavle-server-codes"));
  if (secrets.empty() || net::write_secret_file(secrets, "professional_code=" + codes.professional_code +
                                                             "\nfacilitator_key=" + codes.facilitator_key + "\n")) {
    std::fprintf(stderr, "tavle server: cannot write the secrets file \"%s\"\n", secrets.c_str());
    return 1;
  }
  std::printf("tavle server: meeting %s is reached at /m/%s, join code %s\n", meeting->c_str(), meeting->c_str(),
              codes.join_code.c_str());
  std::printf("tavle server: its professional code and facilitator key are in %s (readable by you only)\n",
              secrets.c_str());
  return 0;
}

}  // namespace

int server_command(Args& args) {
  const CommandHelp& help = *find_command("server");
  const bool codes = !args.positional().empty() && args.positional()[0] == "codes";
  if (args.positional().size() > (codes ? 1u : 0u))
    return usage_error(help, "unexpected argument \"" + args.positional().back() + "\"");
  // The service (tavle-server.service) reads /etc/tavle/server.conf this way.
  if (auto config = args.option("config"))
    if (auto e = args.read_config_file(*config)) return usage_error(help, e->message);
  const std::string data_dir = store::data_directory(args.option("data"));
  const session::StorePlace place{data_dir, args.option_or("key-file", ""), args.option_or("db", "")};
  if (!place.db_url.empty() && !place.key_file.empty())
    return usage_error(help, "--key-file is the key of the data directory's database; not with --db");
  if (codes) return codes_command(args, place);

  HostSetup setup;  // the port, its TLS and the tablet page, as `tavle host` reads them
  setup.config.address = args.option_or("address", "0.0.0.0");
  long port = 0;
  if (auto e = args.number("port", 0, 65535, port)) return usage_error(help, e->message);
  setup.config.port = static_cast<unsigned short>(port);
  net::MeetingConfig meeting;
  if (auto log = args.option("security-log")) {
    if (auto e = net::open_security_log(*log, meeting.security_log)) {
      std::fprintf(stderr, "tavle server: %s\n", e->message.c_str());
      return 1;
    }
  } else {
    meeting.security_log = net::stderr_security_log();
  }
  for (auto step : {choose_web_root(args, setup.config), choose_tls(args, setup)})
    if (step) {
      if (step->code == "usage") return usage_error(help, step->message);
      std::fprintf(stderr, "tavle server: %s\n", step->message.c_str());
      return 1;
    }
  net::ServerConfig config;
  config.address = setup.config.address;
  config.port = setup.config.port;
  config.web_root = setup.config.web_root;
  config.tls = setup.config.tls;
  config.plain = setup.config.plain;
  config.public_address = args.option_or("public-address", "");

  sigset_t stop_signals;  // blocked before any thread starts, so only sigwait sees them
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  if (config.public_address.empty() && config.port != 0)
    config.public_address = session::reachable_address(config.address) + ":" + std::to_string(config.port);
  net::Server server(config, session::stored_meetings(place, meeting, store::system_user() + " (tavle server)"));
  if (auto e = server.start()) {
    std::fprintf(stderr, "tavle server: %s\n", e->message.c_str());
    return 1;
  }
  std::printf("tavle server: listening on %s:%u, %zu meetings in the store; meeting ID is reached at /m/ID\n",
              config.address.c_str(), server.port(), server.status().known);
  if (config.tls)
    std::printf("tavle server: encrypted (https and wss), certificate fingerprint SHA-256 %s\n",
                config.tls->fingerprint.c_str());
  else
    std::printf("tavle server: NOT ENCRYPTED (--no-tls): for tests and measurements on this machine only\n");
  std::printf("tavle server: a meeting's codes: tavle server codes --meeting ID\n");
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.stop();
  std::fprintf(stderr, "tavle server: stopped (%s)\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
  return 0;
}

}  // namespace tavle::cli
