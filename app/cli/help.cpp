// [SECTION] The commands (the one table)
// [SECTION] Terminal texts (--help, --version, usage errors)
// [SECTION] Manual pages (roff)
#include "app/cli/help.hpp"

#include <cstdio>

#include "app/cli/install_paths.hpp"

#include "board/board_json.hpp"
#include "net/protocol.hpp"

namespace tavle::cli {
namespace {

// [SECTION] The commands (the one table) ---------------------------------------

// Options every windowed command understands (app/gui/launch.cpp reads them).
std::vector<OptionHelp> with_window_options(std::vector<OptionHelp> own) {
  const std::vector<OptionHelp> window = {
      {"lang", "da|en", "language of the app (default da)"},
      {"theme", "light|dark", "colours (default light)"},
      {"font-scale", "PERCENT", "text size, 50 to 300 (default 100)"},
      {"mode", "board|projection|family", "the view to start in (default board)"},
      {"width", "W", "window width in pixels, 200 to 8192 (default: the monitor's work area; renders 1920)"},
      {"height", "H", "window height in pixels, 200 to 8192 (default: the monitor's work area; renders 1080)"},
      {"state-out", "FILE", "write the board as JSON to FILE whenever it changes (for tests)"},
      {"layout-json", "FILE", "write where things were drawn to FILE whenever it changes (for tests)"},
      {"discovery", "ADDRESS:PORT", "where to hear meetings announced on the LAN (for tests)"},
      {"tab", "TAB", "the side panel to open: join, card, plan, meeting, people, suggestions, child or network"},
      {"select", "CARD_ID", "the card to show as selected"},
      {"monitors", "FILE", "take the monitors from FILE, lines NAME WxH+X+Y, watched for changes (for tests)"},
      {"room-layout-json", "FILE", "write where the room's window drew things to FILE (presenter mode, for tests)"},
  };
  own.insert(own.end(), window.begin(), window.end());
  return own;
}

const std::vector<CommandHelp>& table() {
  static const std::vector<CommandHelp> all = {
      {"validate", "FILE", "check a meeting file and print a one-line summary",
       "Reads the meeting file FILE (docs/format.md) and prints its family, how many participants, cards, next "
       "steps and ratings it holds, and its state hash. A broken file is reported with the field that is wrong.",
       {},
       {{1, "the file cannot be read or is not a valid meeting"}}},
      {"sample", "-o FILE", "write the demo meeting (an invented Danish family)",
       "Writes the demo family's first meeting to FILE; `tavle demo` opens their second meeting, which continues it.",
       {{"output", "FILE", "where to write the meeting (-o FILE)"}},
       {{1, "FILE cannot be written"}}},
      {"host", "[options]", "host a meeting headless until stopped (Ctrl-C or SIGTERM)",
       "Hosts a meeting on the LAN without a window: tablets and apps join it with the join code, and the "
       "facilitator joins with the facilitator key printed at start. Without --data the meeting is kept in memory "
       "only; with --data DIR every change is stored in DIR before it is sent on, and a restarted host continues "
       "where it stopped. The tablet page is served from the installed assets (/usr/share/tavle/web) unless "
       "--web-root says otherwise. Options may also come from a file (--config FILE) of key = value lines whose "
       "keys are the option names without the dashes (port = 8080, code = 4711, data = /var/lib/tavle/room1, "
       "no-announce = true); blank lines and lines starting with # are skipped, and options on the command line "
       "win over the file. The service tavle-host@ROOM runs `tavle host --config /etc/tavle/ROOM.conf` as the "
       "tavle system user with its data in /var/lib/tavle/ROOM (docs/install.md). The port speaks https and wss: "
       "with the municipality's certificate (--tls-cert, --tls-key), else with a certificate Tavle makes once and "
       "keeps in the data directory; its SHA-256 fingerprint is printed at start and apps that join check it.",
       {{"config", "FILE", "read options from FILE (key = value lines, see above)"},
        {"address", "ADDRESS", "the address to listen on (default 0.0.0.0, every interface)"},
        {"port", "P", "the port for the apps, the tablets' web page and WebSocket (0 to 65535, 0: any free port; default 0)"},
        {"code", "CODE", "the room's join code for family and viewers: at least 10 digits or 7 letters and digits (default: a new random code)"},
        {"professional-code", "CODE", "the code that lets professionals in without waiting (default: a new random code, written to the secrets file)"},
        {"facilitator-key-file", "FILE", "read the facilitator key from FILE (mode 0600), not the command line"},
        {"secrets", "FILE", "write the professional code and the facilitator key to FILE (mode 0600; default: a private temporary file)"},
        {"security-log", "FILE", "append the security log to FILE (mode 0600; default: standard error)"},
        {"data", "DIR", "keep the meeting durably in DIR (an encrypted database); without it, in memory only"},
        {"key-file", "FILE", "with --data: the database key in FILE (64 hex digits, mode 0600, outside DIR; default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"db", "URL", "keep the meeting in a PostgreSQL database instead (postgresql://USER@HOST/DATABASE; the URL's sslmode is honoured, verify-full when it names none and the server is another machine; passwords belong in ~/.pgpass, not the URL); --data DIR then keeps only the facilitator key. The host holds the meeting there while it runs: a second host or a tavle server of the same meeting is refused (docs/server.md)"},
        {"meeting", "ID", "with --data: host the stored meeting ID (default: the latest one)"},
        {"family", "ID", "with --data: start a new meeting for family ID, continuing its last meeting"},
        {"file", "FILE", "start from the meeting file FILE (with --data: import it into the store)"},
        {"web-root", "DIR", "serve the tablet page from DIR instead of the installed one"},
        {"op-rate", "N", "changes per second each connection may send, 0 for no limit (default 200)"},
        {"max-clients", "N", "most connections at once, 1 to 10000 (default 100)"},
        {"no-announce", nullptr, "do not announce the meeting on the LAN (the join code is never announced)"},
        {"tls-cert", "FILE", "the host's certificate (PEM, chain leaf first), e.g. issued by the municipality's CA (with --tls-key)"},
        {"tls-key", "FILE", "the certificate's private key (PEM, not readable by other users)"},
        {"allow-plain-family", nullptr, "also serve the family view unencrypted (http://) for tablets that cannot trust the certificate; professionals still need https or the app"},
        {"no-tls", nullptr, "no encryption at all: only on a loopback --address, for tests and measurements"}},
       {{1, "the host cannot start: the port is taken, or the data directory or file cannot be used"}}},
      // issue 18: many meetings on one port (docs/server.md)
      {"server", "[codes] [options]", "host every meeting of a store on one port, each reached by its id",
       "Hosts every meeting kept in the store (--db postgresql://... or the data directory's database) on one "
       "port: an app or tablet reaches meeting ID at /m/ID (the tablet page at https://HOST:PORT/m/ID/), each "
       "meeting with its own join code, professional code and facilitator key, its own roles and admission, as "
       "with `tavle host`. A meeting is loaded from the store when its first connection comes and unloaded when "
       "its last has gone and all it acknowledged is stored. `tavle server codes --meeting ID` makes the meeting's "
       "codes if it has none yet (they are kept in the store, so every server on the database admits with the "
       "same ones), prints its join code and writes its professional code and facilitator key to a file readable "
       "by you only. "
       "The port speaks https and wss as with `tavle host`.",
       {{"config", "FILE", "read options from FILE (key = value lines as for tavle host --config; the service tavle-server reads /etc/tavle/server.conf)"},
        {"data", "DIR", "the data directory: its database (without --db) and the certificate"},
        {"db", "URL", "keep the meetings in this PostgreSQL database (postgresql://USER@HOST/DATABASE, as for `tavle host`)"},
        {"key-file", "FILE", "without --db: the database key in FILE (64 hex digits, mode 0600, outside DIR)"},
        {"meeting", "ID", "with codes: the meeting whose codes to make or find"},
        {"secrets", "FILE", "with codes: write the professional code and the facilitator key to FILE (mode 0600; default: a private temporary file)"},
        {"address", "ADDRESS", "the address to listen on (default 0.0.0.0, every interface)"},
        {"port", "P", "the port for the apps, the tablets' web page and WebSocket (0 to 65535, 0: any free port; default 0)"},
        {"public-address", "HOST:PORT", "where clients reach this server, told to clients that reach another server sharing the database while this one hosts their meeting (default: this machine's address and the port)"},
        {"security-log", "FILE", "append the security log to FILE (mode 0600; default: standard error)"},
        {"web-root", "DIR", "serve the tablet page from DIR instead of the installed one"},
        {"tls-cert", "FILE", "the server's certificate (PEM, chain leaf first), e.g. issued by the municipality's CA (with --tls-key)"},
        {"tls-key", "FILE", "the certificate's private key (PEM, not readable by other users)"},
        {"no-tls", nullptr, "no encryption at all: only on a loopback --address, for tests and measurements"}},
       {{1, "the server cannot start: the port is taken, or the store cannot be opened"}}},
      {"export", "FILE -o OUT [options]", "write the family plan or the minutes as PDF, HTML, Markdown or JSON",
       "Reads the meeting file FILE and writes the agreed family plan (or the minutes) to OUT. The format follows "
       "OUT's extension (.pdf, .html, .md, .json) unless --format names it.",
       {{"output", "OUT", "the file to write (-o OUT)"},
        {"format", "pdf|html|md|json", "the format (default: from OUT's extension)"},
        {"kind", "plan|minutes", "the family plan or the minutes (default plan)"},
        {"lang", "da|en", "language (default: the meeting's own, else da)"},
        {"previous", "PREVFILE", "the previous meeting's file, to show what changed since"}},
       {{1, "FILE or PREVFILE cannot be read, or OUT cannot be written"}}},
      {"inspect", "[--data DIR] [--meeting ID [-o FILE]]", "list stored families and meetings, or one meeting's summary",
       "Opens the store read-only (DIR, else $XDG_DATA_HOME/tavle, else ~/.local/share/tavle) and lists its "
       "families and meetings. With --meeting ID it prints that meeting's summary and state hash as JSON, and "
       "-o FILE saves the meeting as a meeting file.",
       {{"data", "DIR", "the data directory (default $XDG_DATA_HOME/tavle)"},
        {"db", "URL", "the store is this PostgreSQL database (postgresql://USER@HOST/DATABASE, as tavle server --db) instead of a data directory"},
        {"key-file", "FILE", "the database key in FILE (default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"meeting", "ID", "show this meeting"},
        {"output", "FILE", "with --meeting: save the meeting to FILE (-o FILE)"}},
       {{1, "there is no Tavle database there, or no such meeting"}}},
      {"audit", "[--family ID] [--since DATE]", "print the access log and check that nobody changed it",
       "Prints the access log of the store (who opened, hosted, joined, exported or erased a family's data, or "
       "changed its consent, and when; never card text) and verifies its hash chain. A changed, removed or "
       "inserted entry is named (docs/privacy.md).",
       {{"data", "DIR", "the data directory (default $XDG_DATA_HOME/tavle)"},
        {"db", "URL", "the store is this PostgreSQL database (postgresql://USER@HOST/DATABASE, as tavle server --db) instead of a data directory"},
        {"key-file", "FILE", "the database key in FILE (default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"family", "ID", "only this family's entries (the whole chain is still checked)"},
        {"since", "DATE", "only entries from DATE (YYYY-MM-DD, UTC) on"}},
       {{1, "the store cannot be opened, or the chain is broken: the log was changed outside Tavle"}}},
      {"erase", "--family ID [--yes]", "erase a family and all its meetings from the store",
       "Erases the family ID, its meetings, their journals and snapshots so that none of it can be read back; "
       "the access log keeps only that it was erased, when and by whom. Asks before it erases (type yes) unless "
       "--yes is given. Copies elsewhere (saved files, exports, backups) are not touched.",
       {{"data", "DIR", "the data directory (default $XDG_DATA_HOME/tavle)"},
        {"db", "URL", "the store is this PostgreSQL database (postgresql://USER@HOST/DATABASE, as tavle server --db) instead of a data directory"},
        {"key-file", "FILE", "the database key in FILE (default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"family", "ID", "the family to erase (tavle inspect lists them)"},
        {"yes", nullptr, "do not ask: the person running the command has confirmed"}},
       {{1, "the store cannot be opened, there is no such family, or nothing was erased because it was not confirmed"}}},
      {"move", "--family ID --from-data DIR|--from-db URL --to-data DIR|--to-db URL [--erase-source] [--yes]",
       "move a family and all its meetings to another store (a laptop's, or the municipality's server)",
       "Copies the family ID with every meeting, its journal and snapshots as stored, in one transaction: all or "
       "nothing, and a family already there is refused. Then checks that every meeting gives the same state there "
       "and records the move in both access logs. With --erase-source the family is then erased where it was "
       "(after a person confirms: type yes, or --yes). Devices join the moved meeting anew (docs/server.md).",
       {{"family", "ID", "the family to move (tavle inspect lists them)"},
        {"from-data", "DIR", "from this data directory (SQLite, encrypted)"},
        {"from-key-file", "FILE", "the database key of --from-data (default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"from-db", "URL", "from this PostgreSQL database (postgresql://USER@HOST/DATABASE)"},
        {"to-data", "DIR", "to this data directory (made when missing)"},
        {"to-key-file", "FILE", "the database key of --to-data"},
        {"to-db", "URL", "to this PostgreSQL database"},
        {"erase-source", nullptr, "erase the family where it was once it is there"},
        {"yes", nullptr, "do not ask before erasing: the person running the command has confirmed"}},
       {{1, "a store cannot be opened, there is no such family, it is already there, or a meeting did not give the same state there (nothing is erased then)"}}},
      {"purge", "[--retain DAYS] [--yes]", "erase the families the retention rule says are due",
       "Lists the families that have had no meeting for DAYS days (default 730) and erases them after a person "
       "confirms (type yes, or --yes). Each erasure is kept in the access log.",
       {{"data", "DIR", "the data directory (default $XDG_DATA_HOME/tavle)"},
        {"db", "URL", "the store is this PostgreSQL database (postgresql://USER@HOST/DATABASE, as tavle server --db) instead of a data directory"},
        {"key-file", "FILE", "the database key in FILE (default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"retain", "DAYS", "keep families with a meeting in the last DAYS days, 1 to 36500 (default 730)"},
        {"yes", nullptr, "do not ask: the person running the command has confirmed"}},
       {{1, "the store cannot be opened, or nothing was erased because it was not confirmed"}}},
      // issue 18: facilitator accounts of a `tavle server` (docs/server.md, "Accounts").
      {"server user", "add|list|disable|enable|passwd|grant|revoke [NAME [FAMILY]] (--data DIR | --db URL)",
       "manage the facilitator accounts of a Tavle server",
       "Manages who may sign in to a Tavle server as a facilitator and which families each may open. "
       "`add NAME` makes an account, `passwd NAME` gives it a new password (and ends any wait after wrong "
       "ones), `disable NAME` stops it signing in or opening any family (`enable NAME` undoes that), "
       "`grant NAME FAMILY` lets it open the family FAMILY (an id that tavle inspect lists) and `revoke NAME "
       "FAMILY` stops that; `list` shows every account, its state, its wrong passwords since it last signed "
       "in and its families. The accounts are kept in the data directory's database (--data) or the server's "
       "PostgreSQL database (--db), and every change is written to the access log with who made it. "
       "Passwords (10 to 1024 characters) are stored only as Argon2id hashes. A password is never taken "
       "on the command line, where every user of the machine can read it: it is typed twice at the terminal, "
       "not shown, or read from --password-file.",
       {{"data", "DIR", "the data directory (default $XDG_DATA_HOME/tavle)"},
        {"key-file", "FILE", "with --data: the database key in FILE (default: the desktop keyring, else ~/.config/tavle/database.key)"},
        {"db", "URL", "the server's PostgreSQL database instead (postgresql://USER@HOST/DATABASE, as tavle host --db)"},
        {"password-file", "FILE", "add and passwd: read the password from the first line of FILE (yours, mode 0600), or from standard input when FILE is -"}},
       {{1, "the store cannot be opened, there is no such account or family, the account exists already, or the "
            "password is refused (too short, or the password file is readable by others)"}}},
      {"open", "FILE", "open a meeting file in the app",
       "Opens the meeting file FILE in the facilitator's app; Ctrl+S saves it back. Meeting files named "
       "*.tavle.json open in Tavle when double-clicked. A meeting continued from an earlier one opens on the "
       "follow-up of the earlier meeting's agreements; with --previous its minutes also show what changed since.",
       with_window_options({{"previous", "PREVFILE", "the previous meeting's file, for the minutes' changes since then"}}),
       {{1, "no window can be opened (no display)"}},
       true,
       true},
      {"demo", "[--port P] [--code C] [--listen ADDRESS]", "open the app on the demo meeting, hosted on the LAN",
       "Opens the app on the demo meeting and hosts it on the LAN, with the join code and a QR code for tablets.",
       with_window_options({{"port", "P", "where to host it (default 8080; any free port when that is taken)"},
                            {"code", "CODE", "the join code (default: a new random code)"},
                            {"professional-code", "CODE", "the code for professionals (default: a new random code)"},
                            {"listen", "ADDRESS", "the address to listen on (default 0.0.0.0)"}}),
       {{1, "no window can be opened (no display)"}},
       true,
       true},
      {"join", "HOST:PORT --code C --name N [--role R] [--fingerprint FP]", "join a meeting hosted elsewhere, in the app",
       "Joins the meeting hosted at HOST:PORT in the app, always encrypted; a meeting of a `tavle server` is "
       "HOST:PORT/m/MEETING, and the link the family got (https://HOST:PORT/m/MEETING/#code=...) may be given as it "
       "is (its code then needs no --code). The app checks that the host is the "
       "meeting in the join information: its certificate fingerprint (--fingerprint), or a certificate from the "
       "municipality's CA (--ca-file), or else one this computer trusts. Professionals wait until the facilitator "
       "admits them.",
       with_window_options({{"code", "CODE", "the meeting's join code"},
                            {"name", "NAME", "your name, as the others see it"},
                            {"role", "ROLE", "facilitator, professional, family or viewer (default professional)"},
                            {"professional-code", "CODE", "join as a professional without waiting for the facilitator"},
                            {"fingerprint", "FP", "the host's certificate fingerprint (SHA-256) from the join information; a host with another is refused"},
                            {"ca-file", "FILE", "else trust the host's certificate when this CA (PEM, e.g. the municipality's) issued it"},
                            {"facilitator-key-file", "FILE", "join as the facilitator with the key in FILE (mode 0600)"},
                            {"facilitator-key", "KEY", "join as the facilitator with this key (visible to other users: prefer the file)"}}),
       {{1, "no window can be opened (no display)"}},
       true,
       true},
      {"render", "FILE|sample|home -o OUT.png [options]", "draw a meeting to a PNG (needs a display, e.g. xvfb-run)",
       "Draws the meeting file FILE (or the demo meeting: sample; or the home screen: home) as the app shows it, "
       "into the PNG file OUT.png, without showing a window.",
       with_window_options({{"output", "OUT.png", "the PNG to write (-o OUT.png)"}}),
       {{1, "no window can be opened, or FILE cannot be read, or OUT.png cannot be written"}},
       true,
       true},
      {"", "[FILE]", "the home screen; with FILE, open that meeting file",
       "Opens the facilitator's app on the home screen: families and meetings kept on this computer, a new "
       "meeting continuing the last one, opening a file, and joining meetings on the LAN. Given a meeting FILE "
       "(as the desktop does when a *.tavle.json file is double-clicked), opens it.",
       with_window_options({{"listen", "ADDRESS", "the address meetings hosted from the home screen listen on (default 0.0.0.0)"},
                            {"key-file", "FILE", "the database key in FILE (64 hex digits, mode 0600, outside the data directory; default: the desktop keyring, else ~/.config/tavle/database.key)"}}),
       {{1, "no window can be opened (no display)"}},
       false,
       true},
      {"bench-frame", "[--cards N] [--frames F]", "measure the cost of drawing a frame (docs/performance.md)",
       "Draws a board with N cards F times without showing a window and prints the time per frame as JSON.",
       with_window_options({{"cards", "N", "cards on the board, 0 to 2000 (default 300)"},
                            {"frames", "F", "frames to draw (default 200)"}}),
       {{1, "no window can be opened (no display)"}},
       false,
       true},
  };
  return all;
}

const std::vector<ExitHelp> kCommonExits = {{0, "done"}, {2, "a usage error: an unknown option, a missing value or argument"}};

// Breaks `text` into lines of at most `width` characters, each starting with `indent`.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 78) {
  std::string out, line(indent, ' ');
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (line.size() > indent && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.assign(indent, ' ');
    }
    if (line.size() > indent) line += ' ';
    line += word;
    start = end + 1;
  }
  return out + line + "\n";
}

std::string option_label(const OptionHelp& o) {
  std::string label = std::string(std::string_view(o.name) == "output" ? "-o, " : "") + "--" + o.name;
  if (o.value) label += std::string(" ") + o.value;
  return label;
}

std::string full_name(const CommandHelp& c, std::string_view program) {
  std::string name(program);
  if (*c.name) name += std::string(" ") + c.name;
  return name;
}

}  // namespace

const std::vector<CommandHelp>& commands() { return table(); }

const CommandHelp* find_command(std::string_view name) {
  for (const CommandHelp& c : table())
    if (name == c.name) return &c;
  return nullptr;
}

// [SECTION] Terminal texts (--help, --version, usage errors) ----------------------

std::string tavle_usage() {
  std::string out =
      "Tavle: the Signs of Safety meeting board\n\n"
      "usage: tavle                  the facilitator's app (home screen)\n"
      "       tavle COMMAND [ARGS]   one of the commands below\n"
      "       tavle help COMMAND     what COMMAND does, its options and exit codes (also: tavle COMMAND --help)\n"
      "       tavle --version        the version, protocol and meeting file schema\n\ncommands:\n";
  for (const CommandHelp& c : table()) {
    if (!c.in_tavle) continue;
    char line[160];
    std::snprintf(line, sizeof line, "  %-11s  %s\n", c.name, c.summary);  // two spaces end a name of two words
    out += line;
  }
  out += "\nexit codes: 0 done, 1 failed (the message says why), 2 usage error. See tavle(1).\n";
  return out;
}

std::string gui_usage() {
  std::string out = "tavle-gui: the facilitator's app (usually started as `tavle`)\n\n";
  for (const CommandHelp& c : table())
    if (c.windowed) out += (out.find("usage:") == std::string::npos ? "usage: " : "       ") + full_name(c, "tavle-gui") + " " + c.synopsis + "\n";
  out += "\n  tavle-gui COMMAND --help    the command's options\n  tavle-gui --version\n";
  return out;
}

std::string command_usage(const CommandHelp& c, std::string_view program) {
  return "usage: " + full_name(c, program) + " " + c.synopsis + "  (" + full_name(c, program) + " --help for more)\n";
}

std::string command_help(const CommandHelp& c, std::string_view program) {
  std::string out = "usage: " + full_name(c, program) + " " + c.synopsis + "\n\n" + wrap(c.summary, 0) + "\n" +
                    wrap(c.description, 0) + "\noptions:\n";
  for (const OptionHelp& o : c.options) {
    const std::string label = option_label(o);
    // The text starts in column 28 (below the label when the label is longer), wrapped at 78.
    std::string text = wrap(o.text, 28);
    if (label.size() < 26) text.replace(0, 28, "  " + label + std::string(26 - label.size(), ' '));
    else text = "  " + label + "\n" + text;
    out += text;
  }
  out += "  --help                    this text\n\nexit codes:\n";
  out += "  0  " + std::string(kCommonExits[0].meaning) + "\n";
  for (const ExitHelp& e : c.exits) out += wrap(e.meaning, 5).replace(0, 5, "  " + std::to_string(e.code) + "  ");
  out += "  2  " + std::string(kCommonExits[1].meaning) + "\n";
  return out;
}

std::string version_text(std::string_view program) {
  // The assets line tells an IT department (and .ci/package) where this copy reads its files from.
  return std::string(program) + " " TAVLE_VERSION "\nsync protocol " + std::to_string(net::kProtocolVersion) +
         "\nmeeting file schema " + std::to_string(kSchemaVersion) + "\nassets " + assets_directory() + "\n";
}

int usage_error(const CommandHelp& c, const std::string& message, std::string_view program) {
  std::fprintf(stderr, "%s: %s\n%s", full_name(c, program).c_str(), message.c_str(), command_usage(c, program).c_str());
  return 2;
}

// [SECTION] Manual pages (roff) ----------------------------------------------------

namespace {

// Text as roff sees it: backslashes and dashes escaped, no line starting with a control character.
std::string roff(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\\') out += "\\e";
    else if (ch == '-') out += "\\-";
    else out += ch;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

void man_command(std::string& out, const CommandHelp& c, std::string_view program) {
  out += ".SS \"" + roff(full_name(c, program)) + " " + roff(c.synopsis) + "\"\n" + roff(c.summary) + ".\n.PP\n" +
         roff(c.description) + "\n";
  for (const OptionHelp& o : c.options) out += ".TP\n.B " + roff(option_label(o)) + "\n" + roff(o.text) + "\n";
  out += ".TP\nExit status:\n";
  for (const ExitHelp& e : c.exits) out += std::to_string(e.code) + ": " + roff(e.meaning) + ".\n";
}

}  // namespace

std::string manual_page(std::string_view program, std::string_view date) {
  const bool gui = program == "tavle-gui";
  std::string out = ".\\\" Generated from app/cli/help.cpp (the same text as --help); do not edit.\n";
  out += ".TH " + std::string(gui ? "TAVLE\\-GUI" : "TAVLE") + " 1 \"" + std::string(date) + "\" \"Tavle " TAVLE_VERSION
         "\" \"User Commands\"\n.SH NAME\n";
  out += gui ? "tavle\\-gui \\- the facilitator's app of Tavle, the Signs of Safety meeting board\n"
             : "tavle \\- the Signs of Safety meeting board: app, headless host, export and checks\n";
  out += ".SH SYNOPSIS\n";
  for (const CommandHelp& c : table())
    if (gui ? c.windowed : c.in_tavle) out += ".B " + roff(full_name(c, program)) + "\n" + roff(c.synopsis) + "\n.br\n";
  out += gui ? ".B tavle\\-gui \\-\\-help\n.br\n.B tavle\\-gui \\-\\-version\n"
             : ".B tavle\n.br\n.B tavle help\nCOMMAND\n.br\n.B tavle \\-\\-version\n";
  out += ".SH DESCRIPTION\n";
  out += gui ? "The windowed app that\n.B tavle\nhands its windowed commands to. It can be started directly with the "
               "same commands; see\n.BR tavle (1).\n"
             : "Tavle is a collaborative board for Signs of Safety network meetings around vulnerable children and "
               "their families. A facilitator projects three columns (What's working well, What are we worried "
               "about, What needs to happen), everyone in the room sees edits live, each participant gives a 0\\-10 "
               "safety\\-scale rating, and the agreed plan is exported as the family plan and the minutes.\n.PP\n"
               "Without a command,\n.B tavle\nopens the facilitator's app on its home screen. Every command answers\n"
               ".B \\-\\-help\nwith its options and exit codes.\n";
  out += ".SH COMMANDS\n";
  for (const CommandHelp& c : table())
    if (gui ? c.windowed : c.in_tavle) man_command(out, c, program);
  out += ".SH EXIT STATUS\n";
  for (const ExitHelp& e : kCommonExits) out += ".TP\n.B " + std::to_string(e.code) + "\n" + roff(e.meaning) + "\n";
  out += ".TP\n.B 1\nthe command failed; the message on standard error says why (see each command)\n";
  out += ".SH FILES\n"
         ".TP\n.I $XDG_CONFIG_HOME/tavle/settings.json\nthe app's settings (default ~/.config/tavle/settings.json)\n"
         ".TP\n.I $XDG_DATA_HOME/tavle/tavle.db\nfamilies and meetings kept on this computer "
         "(default ~/.local/share/tavle/tavle.db)\n"
         ".TP\n.I /usr/share/tavle\nthe app's texts and the tablet page\n"
         ".TP\n.I /etc/tavle/ROOM.conf\nthe options of the service tavle\\-host@ROOM (key = value lines)\n"
         ".TP\n.I /var/lib/tavle/ROOM\nthe meetings hosted by the service tavle\\-host@ROOM\n";
  out += ".SH ENVIRONMENT\n.TP\n.B XDG_CONFIG_HOME\nwhere settings are kept\n.TP\n.B XDG_DATA_HOME\n"
         "where families and meetings are kept\n";
  out += ".SH SEE ALSO\n";
  out += gui ? ".BR tavle (1)\n" : ".BR tavle\\-gui (1),\n.BR systemctl (1)\n";
  return out;
}

}  // namespace tavle::cli
