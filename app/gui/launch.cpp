#include "app/gui/launch.hpp"

#include <cstring>
#include <filesystem>

#include "app/cli/args.hpp"

#include "app/gui/frame_bench.hpp"
#include "board/board_json.hpp"
#include "board/sample.hpp"
#include "session/local_session.hpp"
#include "session/net_session.hpp"
#include "session/outbox.hpp"
#include "net/meeting_address.hpp"
#include "net/static_files.hpp"
#include "net/secrets.hpp"

namespace tavle::gui {
namespace {

std::optional<Error> net_secret_file(const char* path, std::string& out) {
  if (auto e = net::read_secret_file(path, out)) return Error{e->code, "--facilitator-key-file " + e->message};
  return std::nullopt;
}

std::optional<Error> parse_int(const char* text, int low, int high, const char* what, int& out) {
  const auto value = parse_number(text, low, high);
  if (!value)
    return Error{"invalid", std::string(what) + ": expected a number from " + std::to_string(low) + " to " + std::to_string(high)};
  out = static_cast<int>(*value);
  return std::nullopt;
}

// --discovery ADDRESS:PORT (tests): where the home screen hears announcements.
std::optional<Error> parse_discovery(const std::string& value, LaunchOptions& out) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0) return Error{"invalid", "--discovery: expected ADDRESS:PORT"};
  out.discovery_address = value.substr(0, colon);
  return parse_int(value.c_str() + colon + 1, 0, 65535, "--discovery port", out.discovery_port);
}

std::optional<Error> parse_option(const std::string& name, const char* value, LaunchOptions& out) {
  if (name == "--output") out.output = value;
  else if (name == "--layout-json") out.layout_json = value;
  else if (name == "--state-out") out.state_out = value;
  else if (name == "--previous") out.previous = value;  // issue 15
  else if (name == "--tab") out.side_tab = value;
  else if (name == "--select") out.select_card = value;
  else if (name == "--width") return out.size_given = true, parse_int(value, 200, 8192, "--width", out.width);
  else if (name == "--height") return out.size_given = true, parse_int(value, 200, 8192, "--height", out.height);
  else if (name == "--monitors") out.monitors_file = value;
  else if (name == "--room-layout-json") out.room_layout_json = value;
  else if (name == "--code") out.code = value;
  else if (name == "--listen") out.listen = value;
  else if (name == "--discovery") return parse_discovery(value, out);
  else if (name == "--cards") return parse_int(value, 0, 2000, "--cards", out.cards);
  else if (name == "--frames") return parse_int(value, 1, 100000, "--frames", out.frames);
  else if (name == "--port") return parse_int(value, 0, 65535, "--port", out.port);
  else if (name == "--name") out.name = value;
  else if (name == "--role") out.role = value;
  else if (name == "--facilitator-key") out.facilitator_key = value;
  else if (name == "--facilitator-key-file") {
    // Kept out of the process list (docs/security.md): a file only its owner can read.
    if (auto e = net_secret_file(value, out.facilitator_key)) return e;
  } else if (name == "--professional-code") out.professional_code = value;
  else if (name == "--fingerprint") out.fingerprint = value;
  else if (name == "--ca-file") out.ca_file = value;
  else if (name == "--key-file") out.key_file = value;
  else if (name == "--lang") {
    if (std::strcmp(value, "da") && std::strcmp(value, "en")) return Error{"invalid", "--lang: expected da or en"};
    out.lang = value;
  } else if (name == "--mode") {
    const std::string m = value;
    if (m == "board") out.mode = ViewMode::Board;
    else if (m == "projection") out.mode = ViewMode::Projection;
    else if (m == "family") out.mode = ViewMode::Family;
    else return Error{"invalid", "--mode: expected board, projection or family"};
  } else if (name == "--theme") {
    const std::string t = value;
    if (t != "light" && t != "dark") return Error{"invalid", "--theme: expected light or dark"};
    out.theme = t == "dark" ? ThemeKind::Dark : ThemeKind::Light;
  } else if (name == "--font-scale") {
    int percent = 100;
    if (auto e = parse_int(value, 50, 300, "--font-scale (percent)", percent)) return e;
    out.font_scale = static_cast<float>(percent) / 100.0f;
  } else {
    return Error{"invalid", "unknown option " + name};
  }
  return std::nullopt;
}

}  // namespace

namespace {

// The command argv names: its entry in the help table, and where its arguments start.
const cli::CommandHelp* launch_command(int argc, char** argv, int& first_arg) {
  first_arg = 1;
  if (argc > 1 && argv[1][0] != '-') {
    const cli::CommandHelp* c = cli::find_command(argv[1]);
    if (c && c->windowed && *c->name) {
      first_arg = 2;
      return c;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(argv[1], ec)) return nullptr;  // neither a command nor a file
    return cli::find_command("open");  // tavle-gui FILE: what a double-click runs
  }
  return cli::find_command("");
}

}  // namespace

std::string launch_usage(int argc, char** argv) {
  int first_arg = 1;
  const cli::CommandHelp* c = launch_command(argc, argv, first_arg);
  return c ? cli::command_usage(*c, "tavle-gui") : cli::gui_usage();
}

std::optional<Error> parse_launch(int argc, char** argv, LaunchOptions& out) {
  if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
    out.print = cli::version_text("tavle-gui");
    return std::nullopt;
  }
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    out.print = cli::gui_usage();
    return std::nullopt;
  }
  int first_arg = 1;
  const cli::CommandHelp* command = launch_command(argc, argv, first_arg);
  if (!command) return Error{"invalid", "unknown command or file \"" + std::string(argv[1]) + "\""};
  const std::string name = command->name;
  if (name == "demo") out.kind = LaunchKind::Demo;
  else if (name == "join") out.kind = LaunchKind::Join;
  else if (name == "render") out.kind = LaunchKind::Render;
  else if (name == "open") out.kind = LaunchKind::Open;
  else if (name == "bench-frame") out.kind = LaunchKind::BenchFrame;
  cli::Args args(argc - first_arg, argv + first_arg, command->options);
  if (args.help()) {
    out.print = cli::command_help(*command, "tavle-gui");
    return std::nullopt;
  }
  if (!args.error().empty()) return Error{"invalid", args.error()};
  for (const auto& [option, value] : args.options())
    if (auto e = parse_option("--" + option, value.c_str(), out)) return e;
  for (const std::string& arg : args.positional()) {
    if (out.kind == LaunchKind::Join && out.address.empty()) out.address = arg;
    else if ((out.kind == LaunchKind::Render || out.kind == LaunchKind::Open) && out.file.empty()) out.file = arg;
    else return Error{"invalid", "unexpected argument \"" + arg + "\""};
  }
  if (out.kind == LaunchKind::Render && (out.file.empty() || out.output.empty()))
    return Error{"invalid", "render needs a meeting FILE and -o OUT.png"};
  if (out.kind == LaunchKind::Open && out.file.empty()) return Error{"invalid", "open needs a meeting FILE"};
  if (out.kind == LaunchKind::Join) {
    // The code may come with the link (https://HOST:PORT/m/ID/#code=...).
    net::MeetingAddress address;
    if (!out.address.empty())
      if (auto e = net::parse_meeting_address(out.address, address)) return e;
    if (out.address.empty() || (out.code.empty() && address.code.empty()) || out.name.empty())
      return Error{"invalid", "join needs HOST:PORT (or HOST:PORT/m/MEETING), --code and --name"};
  }
  return std::nullopt;
}

void open_sample_meeting(App& app) {
  Board board = sample_board();
  const std::string facilitator = board.meeting.facilitator;
  app.session = std::make_unique<session::LocalSession>(std::move(board), facilitator);
  app.screen = Screen::Board;
}

std::optional<Error> open_meeting_file(App& app, const std::string& path) {
  Board board;
  if (auto e = read_board_file(path, board)) return e;
  std::string self = board.meeting.facilitator.empty() ? "facilitator" : board.meeting.facilitator;
  app.session = std::make_unique<session::LocalSession>(std::move(board), self, path);
  app.previous_meeting.reset();  // issue 15: a file names no previous meeting of its own
  app.board_ui.saved_revision = app.session->board().revision;
  app.screen = Screen::Board;
  return std::nullopt;
}

// issue 15: the meeting the opened one continues, for the minutes' "what changed since".
std::optional<Error> open_previous_file(App& app, const std::string& path) {
  app.previous_meeting.reset();
  if (path.empty()) return std::nullopt;
  Board previous;
  if (auto e = read_board_file(path, previous)) return Error{e->code, "--previous: " + e->message};
  app.previous_meeting = std::move(previous);
  return std::nullopt;
}
namespace {

// Port 8080 is easy to type on a tablet; any free port is taken when it is busy.
std::optional<Error> host_demo(App& app, const LaunchOptions& options) {
  const std::string web_root = app.assets_dir + "/web";
  const auto port = static_cast<unsigned short>(options.port);
  session::HostedMeeting demo;
  // issue 15: the family's second meeting, so the demo opens on a real follow-up;
  // the first is its previous meeting (minutes, scale history).
  demo.setup.board = second_sample_board();
  app.previous_meeting = sample_board();
  app.scale_history = {scale_point(*app.previous_meeting)};
  demo.listen_address = options.listen;
  demo.professional_code = options.professional_code;
  if (auto e = session::host_meeting(demo, port, options.code, web_root, app.session)) {
    if (port == 0) return e;
    if (auto again = session::host_meeting(demo, 0, options.code, web_root, app.session)) return again;
  }
  app.screen = Screen::Board;
  return std::nullopt;
}

std::optional<Error> join(App& app, const LaunchOptions& options) {
  net::JoinParams params;
  // A host's HOST:PORT, a server meeting's HOST:PORT/m/ID, or the link the family got.
  net::MeetingAddress address;
  if (auto e = net::parse_meeting_address(options.address, address)) return e;
  const auto role = net::role_from(options.role);
  if (!role) return Error{"invalid", "--role: expected facilitator, professional, family or viewer"};
  // The server's home screen names the meeting apart (options.meeting_id); an address
  // that names one as well must name the same.
  if (!options.meeting_id.empty()) {
    if (!net::valid_meeting_id(options.meeting_id)) return Error{"invalid", "not a meeting id: " + options.meeting_id};
    if (!address.meeting_id.empty() && address.meeting_id != options.meeting_id)
      return Error{"invalid", "the address names another meeting than the one chosen"};
    address.meeting_id = options.meeting_id;
  }
  params.host = address.host;
  params.port = address.port;
  params.meeting_id = address.meeting_id;
  params.code = options.code.empty() ? address.code : options.code;
  params.name = options.name;
  params.role = *role;
  params.facilitator_key = options.facilitator_key;
  params.professional_code = options.professional_code;
  // Always TLS: the host must have the fingerprint of the join information (or a
  // certificate from the municipality's CA, or a publicly trusted one).
  if (!options.fingerprint.empty()) {
    const auto pinned = net::normalise_fingerprint(options.fingerprint);
    if (!pinned) return Error{"invalid", "--fingerprint: expected the 64 hex digits the facilitator's screen shows"};
    params.fingerprint = *pinned;
  }
  params.ca_file = options.ca_file;
  params.client_id = "app-" + std::to_string(now_millis() % 1000000000);
  // Work left unsent by an earlier run that joined the same way is taken up. It is
  // sealed with the store's database key (--key-file, else the keyring or the user's key file).
  // One spelling per meeting (HOST:PORT/m/ID), however it was typed: the unsent work
  // of the same meeting is found again, and the QR code's link names the meeting.
  app.session = std::make_unique<session::NetSession>(
      params, address.text(), nullptr, false,
      session::outbox_place(address.text(), options.name, options.role, options.key_file));
  app.screen = Screen::Board;
  return std::nullopt;
}

}  // namespace

std::optional<Error> open_meeting(App& app, const LaunchOptions& options) {
  switch (options.kind) {
    case LaunchKind::Home: return std::nullopt;
    case LaunchKind::Demo: return host_demo(app, options);
    case LaunchKind::Join: return join(app, options);
    case LaunchKind::BenchFrame:
      app.session = std::make_unique<session::LocalSession>(board_with_cards(options.cards), "p-pia");
      app.screen = Screen::Board;
      return std::nullopt;
    case LaunchKind::Render:
      if (options.file == "home") return std::nullopt;  // the home screen itself (docs, layout tests)
      [[fallthrough]];
    case LaunchKind::Open:
      if (options.file == "sample") {
        open_sample_meeting(app);
        return std::nullopt;
      }
      if (auto e = open_meeting_file(app, options.file)) return e;
      return open_previous_file(app, options.previous);
  }
  return std::nullopt;
}

}  // namespace tavle::gui
