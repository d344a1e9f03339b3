// issue 18: `tavle server user` run as a program, on both backends (--data DIR
// and --db URL): the accounts it makes sign in through the Store, every change is
// in the access log, and a password is never taken from the command line, from a
// file others can read, or echoed at the terminal. docs/server.md, "Accounts".
// Also `tavle server codes` (a meeting's codes from the store).
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <chrono>
#include <fstream>

#include "board/model.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

const std::string kPassword = "correct horse battery";

class ServerUserCommand : public StoreBackendTest {
 protected:
  std::string where() const {
    // With --db the data directory is only made private (as for tavle host --db): the test's own, not ~/.local/share.
    return GetParam() == Backend::Sqlite ? "--data '" + dir.string() + "'"
                                         : "--db '" + url + "' --data '" + dir.string() + "'";
  }
  CommandResult user(const std::string& args) {
    return run(std::string(TAVLE_BIN) + " server user " + args + " " + where() + " </dev/null");
  }
  std::string password_file(const std::string& password, std::filesystem::perms perms) {
    // Outside the data directory, whose files Tavle makes private (0600) when it opens the store.
    const std::string path = (config / "password.txt").string();
    std::filesystem::remove(path);
    std::ofstream(path) << password << "\n";
    std::filesystem::permissions(path, perms);
    return path;
  }
  bool signs_in(const std::string& name, const std::string& password) {
    open();
    store::SignInResult r;
    auto e = store->verify_facilitator(name, password, now_ms(), r);
    EXPECT_FALSE(e.has_value()) << e->message;
    store.reset();
    return r.accepted;
  }
  static Millis now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static constexpr auto kOwnerOnly = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
};

TEST_P(ServerUserCommand, AddGrantRevokeDisableAndPasswdWorkAndAreLogged) {
  std::filesystem::create_directories(dir);
  open();
  store::FamilyInfo hansen;
  ASSERT_FALSE(store->create_family("Familien Hansen", now_ms(), hansen));
  store.reset();
  CommandResult r = user("add pia --password-file '" + password_file(kPassword, kOwnerOnly) + "'");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("added facilitator pia"), std::string::npos) << r.out;
  EXPECT_TRUE(signs_in("pia", kPassword));
  r = user("add pia --password-file '" + password_file(kPassword, kOwnerOnly) + "'");
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
  EXPECT_NE(r.out.find("already"), std::string::npos) << r.out;

  r = user("grant pia " + hansen.id);
  ASSERT_EQ(r.status, 0) << r.out;
  r = user("grant pia f-000000000000");
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
  EXPECT_NE(r.out.find("no family"), std::string::npos) << r.out;
  r = user("list");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("pia"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(hansen.id), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("active"), std::string::npos) << r.out;
  r = user("revoke pia " + hansen.id);
  ASSERT_EQ(r.status, 0) << r.out;

  // passwd from standard input (a pipe, as a provisioning script would give it).
  r = run("printf 'a newer password\\n' | " + std::string(TAVLE_BIN) + " server user passwd pia --password-file - " +
          where());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(signs_in("pia", kPassword));
  EXPECT_TRUE(signs_in("pia", "a newer password"));

  r = user("disable pia");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(signs_in("pia", "a newer password"));
  r = user("list");
  EXPECT_NE(r.out.find("disabled 2"), std::string::npos) << r.out;
  r = user("enable pia");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(signs_in("pia", "a newer password"));
  r = user("disable nobody");
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;

  open();
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log("", 0, log));
  std::vector<std::string> actions;
  for (const auto& a : log) {
    if (a.action == store::access::kErased) continue;
    actions.push_back(a.action);
    EXPECT_NE(a.actor.find("(tavle server user)"), std::string::npos) << a.actor;
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"account_added", "family_granted", "family_revoked", "password_changed",
                                                "account_disabled", "account_enabled"}));
}

// ps and /proc/PID/cmdline show a process's arguments to every user of the machine.
TEST_P(ServerUserCommand, APasswordOnTheCommandLineIsRefusedAndNothingIsStored) {
  for (const std::string& args : {std::string("add pia 'correct horse battery'"),
                                  std::string("passwd pia 'correct horse battery'"),
                                  std::string("add pia --password 'correct horse battery'"),
                                  std::string("add pia --password='correct horse battery'")}) {
    CommandResult r = user(args);
    EXPECT_EQ(WEXITSTATUS(r.status), 2) << args << ": " << r.out;
    EXPECT_EQ(r.out.find("correct horse"), std::string::npos) << "the password repeated: " << r.out;
  }
  CommandResult r = user("add pia 'correct horse battery'");
  EXPECT_NE(r.out.find("never taken on the command line"), std::string::npos) << r.out;
  r = user("list");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("pia"), std::string::npos) << "an account was made: " << r.out;
}

TEST_P(ServerUserCommand, APasswordFileOthersCanReadOrWithoutATerminalIsRefused) {
  std::filesystem::create_directories(dir);
  using std::filesystem::perms;
  CommandResult r = user("add pia --password-file '" + password_file(kPassword, kOwnerOnly | perms::group_read | perms::others_read) + "'");
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
  EXPECT_NE(r.out.find("chmod 600"), std::string::npos) << r.out;
  r = user("add pia --password-file '" + password_file("short", kOwnerOnly) + "'");
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
  EXPECT_NE(r.out.find("too short"), std::string::npos) << r.out;
  r = user("add pia");  // stdin is /dev/null: no terminal to ask on
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
  EXPECT_NE(r.out.find("no terminal"), std::string::npos) << r.out;
  r = user("list");
  EXPECT_EQ(r.out.find("pia"), std::string::npos) << "an account was made: " << r.out;
}

// Reads the terminal's output until `wanted` appears (or it ends); all of it is kept in `seen`.
bool read_until(int fd, const std::string& wanted, std::string& seen) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  char buffer[512];
  while (seen.find(wanted) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) == 0) continue;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // EIO: the program ended
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

// A real terminal (a pseudo-terminal): the password is asked twice and never shown.
TEST_P(ServerUserCommand, APasswordTypedAtTheTerminalIsNotShown) {
  std::filesystem::create_directories(dir);
  if (GetParam() == Backend::Sqlite) open(), store.reset();  // the data directory's key exists before the child runs
  int terminal = -1;
  const pid_t child = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (GetParam() == Backend::Sqlite)
      ::execl(TAVLE_BIN, TAVLE_BIN, "server", "user", "add", "pia", "--data", dir.c_str(), nullptr);
    else
      ::execl(TAVLE_BIN, TAVLE_BIN, "server", "user", "add", "pia", "--db", url.c_str(), "--data", dir.c_str(), nullptr);
    ::_exit(127);
  }
  std::string seen;
  ASSERT_TRUE(read_until(terminal, "(not shown): ", seen)) << seen;
  ASSERT_EQ(::write(terminal, "correct horse battery\n", 22), 22);
  ASSERT_TRUE(read_until(terminal, "again: ", seen)) << seen;
  ASSERT_EQ(::write(terminal, "correct horse battery\n", 22), 22);
  read_until(terminal, "\x04 never printed", seen);  // to the end (or a minute)
  ::close(terminal);
  int status = 0;
  if (::waitpid(child, &status, WNOHANG) == 0) {
    ::kill(child, SIGKILL);  // stuck: the test fails below, never hangs
    ::waitpid(child, &status, 0);
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << seen;
  EXPECT_EQ(seen.find("correct horse"), std::string::npos) << "the terminal showed the password: " << seen;
  EXPECT_NE(seen.find("added facilitator pia"), std::string::npos) << seen;
  EXPECT_TRUE(signs_in("pia", kPassword));
}

// Ctrl-C at the question: the program ends, the terminal echoes again, no account is made.
TEST_P(ServerUserCommand, CtrlCAtThePasswordQuestionGivesTheTerminalBackEchoingAndStoresNothing) {
  std::filesystem::create_directories(dir);
  int terminal = -1;
  const pid_t child = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (GetParam() == Backend::Sqlite)
      ::execl(TAVLE_BIN, TAVLE_BIN, "server", "user", "add", "pia", "--data", dir.c_str(), nullptr);
    else
      ::execl(TAVLE_BIN, TAVLE_BIN, "server", "user", "add", "pia", "--db", url.c_str(), "--data", dir.c_str(), nullptr);
    ::_exit(127);
  }
  std::string seen;
  ASSERT_TRUE(read_until(terminal, "(not shown): ", seen)) << seen;
  termios asking{};
  ASSERT_EQ(::tcgetattr(terminal, &asking), 0);
  EXPECT_EQ(asking.c_lflag & ECHO, 0u) << "echo is on while the password is asked";
  ASSERT_EQ(::write(terminal, "correct\x03", 8), 8);  // half a password, then Ctrl-C
  read_until(terminal, "\x04 never printed", seen);
  int status = 0;
  if (::waitpid(child, &status, WNOHANG) == 0) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
  }
  termios after{};
  ASSERT_EQ(::tcgetattr(terminal, &after), 0);
  ::close(terminal);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << "status " << status << ": " << seen;
  EXPECT_NE(after.c_lflag & ECHO, 0u) << "the terminal was left without echo";
  EXPECT_FALSE(signs_in("pia", "correct"));
  CommandResult r = user("list");
  EXPECT_EQ(r.out.find("pia"), std::string::npos) << r.out;
}

// `tavle server codes --meeting ID`: the meeting's codes from the store, the join code
// on the terminal and the professional code and facilitator key only in a file only
// the user can read; asked again, the same codes; an id the store does not hold gets
// none. A codes file an earlier Tavle kept in the data directory is taken in once.
TEST_P(ServerUserCommand, ServerCodesPrintsTheJoinCodeAndKeepsTheSecretsInAPrivateFile) {
  open();
  store::FamilyInfo family;
  ASSERT_FALSE(store->create_family("Familien Hansen", now_ms(), family));
  Board started;
  ASSERT_FALSE(store->create_meeting(family.id, "m-1", now_ms(), false, started));
  ASSERT_FALSE(store->create_meeting(family.id, "m-old", now_ms() + 1, false, started));
  store::MeetingCodes kept;
  ASSERT_FALSE(store->meeting_codes("m-1", {"5550001111", "pro-5550001111", "key-of-meeting-m-1-0123456789"}, kept));
  store.reset();
  const std::string secrets = (config / "m-1.secrets").string();
  auto codes = [&](const std::string& meeting) {
    return run(std::string(TAVLE_BIN) + " server codes --meeting " + meeting + " --secrets '" + secrets + "' " +
               where() + " </dev/null");
  };
  CommandResult r = codes("m-1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("join code 5550001111"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("pro-5550001111"), std::string::npos) << "a secret on the terminal: " << r.out;
  EXPECT_EQ(r.out.find("key-of-meeting"), std::string::npos) << "a secret on the terminal: " << r.out;
  EXPECT_EQ(read_bytes(secrets), "professional_code=pro-5550001111\nfacilitator_key=key-of-meeting-m-1-0123456789\n");
  EXPECT_EQ(std::filesystem::status(secrets).permissions() & std::filesystem::perms::all, kOwnerOnly);

  r = codes("m-none");
  EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
  EXPECT_NE(r.out.find("no meeting \"m-none\""), std::string::npos) << r.out;

  const std::filesystem::path old_file = dir / "meetings" / "m-old.codes";
  std::filesystem::create_directories(old_file.parent_path());
  std::ofstream(old_file) << "code=7770002222\nprofessional_code=pro-old\nfacilitator_key=key-of-an-earlier-tavle-0123\n";
  r = codes("m-old");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("join code 7770002222"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(old_file));
  open();
  ASSERT_FALSE(store->meeting_codes("m-old", {"x", "y", "z"}, kept));
  EXPECT_EQ(kept.facilitator_key, "key-of-an-earlier-tavle-0123");
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerUserCommand, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

}  // namespace
}  // namespace tavle::testing
