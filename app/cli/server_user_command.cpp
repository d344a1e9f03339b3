// issue 18: `tavle server user ...`: the facilitator accounts of a `tavle server`
// (docs/server.md, "Accounts"), in the data directory's store (--data) or the
// server's PostgreSQL database (--db). The store does the work and writes the
// access log (store/accounts.cpp); this file reads the arguments and the password.
//
// A password is never taken from the command line, which every user of the
// machine can read (ps, /proc/PID/cmdline): it is typed at the terminal without
// echo, or read from a file only its owner can read (--password-file), or from
// standard input (--password-file -).
//
// [SECTION] reading a password
// [SECTION] the actions
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "board/text.hpp"
#include "session/hosting.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/password.hpp"
#include "store/store.hpp"

namespace tavle::cli {
namespace {

// [SECTION] reading a password -------------------------------------------------

// One line without its line end; false at the end of input before any line.
bool read_line(int fd, std::string& out) {
  out.clear();
  char c = 0;
  bool any = false;
  while (true) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return any;
    any = true;
    if (c == '\n') break;
    if (out.size() > store::kPasswordMaxBytes + 1) continue;  // too long: told by check_new_password
    out += c;
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return true;
}

// The terminal as it was, for a Ctrl-C while a password is typed.
termios g_saved_terminal{};

void restore_and_die(int signal) {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

// The terminal's echo off while a password is typed, and back on afterwards, also
// when Ctrl-C (or a kill) ends the program meanwhile.
class NoEcho {
 public:
  explicit NoEcho(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &g_saved_terminal) != 0) return;
    termios quiet = g_saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) previous_[index(s)] = ::signal(s, restore_and_die);
    handlers_ = true;
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &g_saved_terminal);
    if (handlers_)
      for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(s, previous_[index(s)]);
  }
  bool active() const { return active_; }

 private:
  static int index(int s) { return s == SIGINT ? 0 : s == SIGTERM ? 1 : s == SIGHUP ? 2 : 3; }
  int fd_;
  bool active_ = false;
  bool handlers_ = false;
  sighandler_t previous_[4] = {};
};

std::optional<Error> ask(const char* prompt, std::string& out) {
  // Echo off before the prompt shows, so nothing typed after it is ever echoed.
  NoEcho quiet(STDIN_FILENO);
  if (!quiet.active()) return Error{"io", "cannot turn the terminal's echo off, so the password is not asked"};
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  if (!read_line(STDIN_FILENO, out)) return Error{"io", "no password was typed"};
  return std::nullopt;
}

// From --password-file: "-" is standard input; a file must be a regular file of
// this user that nobody else can read or write (as ssh insists for its keys).
std::optional<Error> password_from_file(const std::string& path, std::string& out) {
  if (path == "-") {
    if (!read_line(STDIN_FILENO, out)) return Error{"io", "no password on standard input"};
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return Error{"io", "cannot read the password file " + path + ": " + std::strerror(errno)};
  struct stat st {};
  std::optional<Error> refused;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    refused = Error{"io", path + " is not a regular file"};
  } else if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid()) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    refused = Error{"insecure", "the password file " + path + " can be read by others or is not yours (mode " +
                                    mode + "); it must be yours with mode 0600: chmod 600 " + path};
  } else if (!read_line(fd, out)) {
    refused = Error{"io", "the password file " + path + " is empty"};
  }
  ::close(fd);
  return refused;
}

// A new password: from --password-file, else typed twice at the terminal.
std::optional<Error> new_password(const Args& args, const std::string& name, std::string& out) {
  if (auto file = args.option("password-file")) return password_from_file(*file, out);
  if (!::isatty(STDIN_FILENO))
    return Error{"usage", "no terminal to type the password on: give --password-file FILE (mode 0600), or "
                          "--password-file - to read it from standard input"};
  const std::string prompt = "New password for " + name + " (not shown): ";
  if (auto e = ask(prompt.c_str(), out)) return e;
  if (auto e = store::check_new_password(out)) return e;
  std::string again;
  if (auto e = ask("The same password again: ", again)) return e;
  const bool same = again == out;
  store::wipe(again);
  if (!same) return Error{"mismatch", "the two passwords differ; nothing was changed"};
  return std::nullopt;
}

// [SECTION] the actions ----------------------------------------------------------

// The one way Tavle's programs pick the backend (session/hosting.hpp): --db, else
// the data directory's database.
std::optional<Error> open_store(const Args& args, std::unique_ptr<store::Store>& out) {
  return session::open_store(
      {store::data_directory(args.option("data")), args.option_or("key-file", ""), args.option_or("db", "")}, out);
}

int fail(const Error& e) {
  std::fprintf(stderr, "tavle server user: %s\n", e.message.c_str());
  return 1;
}

int list(store::Store& s) {
  std::vector<store::FacilitatorAccount> accounts;
  if (auto e = s.list_facilitators(accounts)) return fail(*e);
  std::printf("%-24s %-19s  %-29s %-8s %s\n", "facilitator", "created (UTC)", "state", "failures", "families");
  for (const store::FacilitatorAccount& a : accounts) {
    std::string families;
    for (const std::string& f : a.families) families += (families.empty() ? "" : " ") + f;
    const std::string state = a.disabled ? "disabled " + utc(a.disabled) : "active";
    std::printf("%-24s %-19s  %-29s %-8lld %s\n", a.name.c_str(), utc(a.created).c_str(), state.c_str(),
                static_cast<long long>(a.failed_attempts), families.empty() ? "-" : families.c_str());
  }
  return 0;
}

struct Action {
  const char* name;
  std::size_t arguments;  // after the action: NAME, or NAME FAMILY
};
constexpr Action kActions[] = {{"add", 1},     {"list", 0},   {"disable", 1}, {"enable", 1},
                               {"passwd", 1},  {"grant", 2},  {"revoke", 2}};

}  // namespace

int server_user_command(Args& args) {
  const CommandHelp& help = *find_command("server user");
  const std::vector<std::string>& words = args.positional();
  if (words.empty()) return usage_error(help, "which action: add, list, disable, enable, passwd, grant or revoke?");
  const Action* action = nullptr;
  for (const Action& a : kActions)
    if (words[0] == a.name) action = &a;
  if (!action) return usage_error(help, "no action \"" + words[0] + "\" (add, list, disable, enable, passwd, grant, revoke)");
  const bool sets_password = words[0] == "add" || words[0] == "passwd";
  if (words.size() > action->arguments + 1) {
    if (sets_password)  // e.g. `user add pia hunter2`: refused before anything is read or stored
      return usage_error(help, "a password is never taken on the command line (every user of this machine can "
                               "read it there, e.g. with ps): type it when asked, or give --password-file FILE");
    return usage_error(help, "unexpected argument \"" + words[action->arguments + 1] + "\"");
  }
  if (words.size() < action->arguments + 1)
    return usage_error(help, std::string("tavle server user ") + action->name +
                                 (action->arguments == 2 ? " needs NAME and FAMILY" : " needs NAME"));
  if (args.option("password-file") && !sets_password)
    return usage_error(help, "--password-file is for add and passwd");
  if (args.option("db") && args.option("key-file"))
    return usage_error(help, "--key-file is the key of a data directory's database; --db names the server's");

  std::unique_ptr<store::Store> s;
  if (auto e = open_store(args, s)) return fail(*e);
  if (words[0] == "list") return list(*s);
  const std::string& name = words[1];
  const std::string actor = store::system_user() + " (tavle server user)";
  const Millis now = now_millis();
  std::optional<Error> e;
  std::string done;
  if (sets_password) {
    if (words[0] == "passwd") {  // before asking: a typo in NAME is not found after typing a password twice
      bool exists = false;
      if (auto le = s->account_exists(name, exists)) return fail(*le);
      if (!exists) return fail(Error{"not_found", "no facilitator account \"" + name + "\""});
    }
    std::string password;
    e = new_password(args, name, password);
    if (!e) e = words[0] == "add" ? s->add_facilitator(name, password, now, actor)
                                  : s->set_facilitator_password(name, password, now, actor);
    store::wipe(password);
    done = words[0] == "add" ? "added facilitator " + name + " (no families yet: tavle server user grant)"
                             : "new password for " + name;
  } else if (words[0] == "disable" || words[0] == "enable") {
    e = s->set_facilitator_disabled(name, words[0] == "disable", now, actor);
    done = words[0] == "disable" ? name + " is disabled: cannot sign in or open any family"
                                 : name + " may sign in again";
  } else {
    const std::string& family = words[2];
    e = words[0] == "grant" ? s->grant_family(name, family, now, actor) : s->revoke_family(name, family, now, actor);
    done = words[0] == "grant" ? name + " may open family " + family : name + " may no longer open family " + family;
  }
  if (e) return fail(*e);
  std::printf("%s\n", done.c_str());
  // What the store did with it (store/accounts.cpp): the keys the app was handed lead nothing now.
  if (words[0] == "passwd" || words[0] == "disable" || words[0] == "revoke")
    std::printf("the meetings of %s have new facilitator keys: an app leading one is put out within 5 s, "
                "and the family's other facilitators open it again from the home screen\n",
                words[0] == "revoke" ? ("family " + words[2]).c_str() : ("the families " + name + " may open").c_str());
  return 0;
}

}  // namespace tavle::cli
