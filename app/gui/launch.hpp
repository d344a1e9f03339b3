// What tavle-gui was asked to do (`tavle`, `tavle demo`, `tavle join ...`,
// `tavle render ...`, `tavle open FILE`, `tavle-gui FILE` from the desktop) and
// how a meeting is opened for it.
#pragma once

#include <optional>
#include <string>

#include "app/gui/app_state.hpp"

namespace tavle::gui {

enum class LaunchKind { Home, Demo, Join, Render, Open, BenchFrame };

struct LaunchOptions {
  LaunchKind kind = LaunchKind::Home;
  std::string file;         // render/open: the meeting file ("sample" = the demo meeting)
  std::string output;       // render: the PNG
  std::string layout_json;  // render: where to write the layout facts (optional)
  int width = 1920, height = 1080;
  std::string lang = "da";
  ViewMode mode = ViewMode::Board;
  ThemeKind theme = ThemeKind::Light;
  float font_scale = 1.0f;
  std::string address, code, name, role = "professional";  // join (code also: demo's join code)
  std::string facilitator_key;  // join as facilitator: the key from `tavle host`'s secrets file
  std::string professional_code;  // join as professional without waiting; demo: the code to use
  std::string fingerprint;  // join: the host's certificate fingerprint from the join information (pinned)
  std::string ca_file;      // join: else the municipality's CA that issued the host's certificate
  std::string meeting_id;   // join: a meeting of a `tavle server` (issue 18: /m/ID); empty: a host's one meeting
  std::string key_file;     // home: the database key in this file (as `tavle host --key-file`), not the keyring
  int cards = 300, frames = 200;  // bench-frame
  std::string listen = "0.0.0.0";  // demo: the address the host binds
  int port = 8080;          // demo: where the host listens (0: any free port)
  std::string side_tab;     // render: which side panel to show (join, card, plan, meeting, people, suggestions)
  std::string select_card;  // render: the card shown as selected (and in the card panel)
  std::string state_out;    // write the board as JSON here on exit (tests)
  std::string discovery_address = "0.0.0.0";  // home: where to hear LAN announcements (tests: --discovery 127.0.0.1:P)
  int discovery_port = -1;                    // -1: the standard port
  bool size_given = false;    // --width/--height: that size, else the window fits its monitor
  std::string monitors_file;  // test seam: the monitors listed in this file instead of GLFW's (monitors.hpp)
  std::string room_layout_json;  // the room's window's layout facts (presenter mode, tests)
  std::string print;  // --help / --version: print this and exit 0
  std::string previous;  // issue 15: open/render --previous: the meeting FILE continues
};

// Parses argv with the one option parser and help table (app/cli/args.hpp);
// an error is one line naming the bad argument (tavle-gui exits 2 with the usage).
std::optional<Error> parse_launch(int argc, char** argv, LaunchOptions& out);
// The usage line of the command argv asks for (the whole usage when unclear).
std::string launch_usage(int argc, char** argv);

// Opens the meeting the options ask for into app.session (and switches to the board).
std::optional<Error> open_meeting(App& app, const LaunchOptions& options);
// The demo meeting, held locally.
void open_sample_meeting(App& app);
std::optional<Error> open_meeting_file(App& app, const std::string& path);
// issue 15: reads `path` (empty: none) as the meeting the open one continues.
std::optional<Error> open_previous_file(App& app, const std::string& path);

}  // namespace tavle::gui
