// The help of the installed program, run as a user would: every command listed
// by `tavle --help` explains itself, the manual page names every command and
// option, and a mistake on the command line is one line plus the usage, exit 2.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "board/board_json.hpp"
#include "net/protocol.hpp"

namespace {

struct Ran {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `tavle ARGS` (ARGS already quoted for the shell), stdout and stderr kept apart.
Ran tavle(const std::string& args) {
  const auto err_path = std::filesystem::temp_directory_path() / ("tavle-help-" + std::to_string(::getpid()) + ".err");
  Ran r;
  FILE* p = popen((std::string(TAVLE_BIN) + " " + args + " 2>'" + err_path.string() + "'").c_str(), "r");
  if (!p) return r;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, p)) r.out.append(buffer, n);
  const int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_path);
  std::filesystem::remove(err_path);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The command names `tavle --help` lists (the lines after "commands:"), one or two
// words ("server user"): the name ends where two spaces begin.
std::vector<std::string> listed_commands() {
  std::vector<std::string> names;
  bool in_list = false;
  for (const std::string& line : lines_of(tavle("--help").out)) {
    if (line == "commands:") in_list = true;
    else if (in_list && line.empty()) break;
    else if (in_list) names.push_back(line.substr(2, line.find("  ", 2) - 2));
  }
  return names;
}

// The options `tavle COMMAND --help` lists, as "--name".
std::vector<std::string> listed_options(const std::string& command) {
  std::vector<std::string> options;
  for (const std::string& line : lines_of(tavle(command + " --help").out)) {
    const auto at = line.find("--");
    if (line.rfind("  -", 0) == 0 && at != std::string::npos) options.push_back(line.substr(at, line.find(' ', at) - at));
  }
  return options;
}

// roff writes a dash as "\-".
std::string as_roff(std::string text) {
  for (std::size_t at = 0; (at = text.find('-', at)) != std::string::npos; at += 2) text.insert(at, "\\");
  return text;
}

TEST(Help, ListsTheCommandsAndExitsZero) {
  const Ran r = tavle("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(tavle("-h").out, r.out);
  EXPECT_EQ(tavle("help").out, r.out);
  const std::vector<std::string> names = listed_commands();
  for (const char* expected : {"validate", "sample", "host", "export", "inspect", "open", "demo", "join", "render"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected << " missing from\n" << r.out;
}

TEST(Help, EveryListedCommandAnswersHelpWithItsOptionsAndExitCodes) {
  const std::vector<std::string> names = listed_commands();
  ASSERT_GE(names.size(), 10u);
  for (const std::string& name : names) {
    const Ran own = tavle(name + " --help");
    EXPECT_EQ(own.status, 0) << name << ": " << own.err;
    EXPECT_EQ(own.out.rfind("usage: tavle " + name, 0), 0u) << own.out;
    EXPECT_NE(own.out.find("options:"), std::string::npos) << own.out;
    EXPECT_NE(own.out.find("exit codes:"), std::string::npos) << own.out;
    EXPECT_TRUE(own.err.empty()) << own.err;
    EXPECT_EQ(tavle("help " + name).out, own.out) << name;
    EXPECT_EQ(tavle(name + " -h").out, own.out) << name;
  }
}

TEST(Help, HelpWinsOverEverythingElseOnTheLine) {
  // `tavle host --help` used to answer "--help needs a value".
  const Ran r = tavle("host --port 1 --help");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("--config FILE"), std::string::npos) << r.out;
}

TEST(Help, VersionNamesTheProtocolTheFileSchemaAndTheAssets) {
  const Ran r = tavle("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, std::string("tavle ") + TAVLE_VERSION + "\nsync protocol " + std::to_string(tavle::net::kProtocolVersion) +
                       "\nmeeting file schema " + std::to_string(tavle::kSchemaVersion) + "\nassets " +
                       TAVLE_SOURCE_ASSETS + "\n");  // a build tree reads the source tree's assets
}

TEST(Help, ManualPageNamesEveryCommandAndOption) {
  const std::string page = slurp(TAVLE_MAN_PAGE);
  ASSERT_NE(page.find(".TH TAVLE 1"), std::string::npos) << TAVLE_MAN_PAGE;
  for (const std::string& name : listed_commands()) {
    EXPECT_NE(page.find(".SS \"tavle " + name + " "), std::string::npos) << name << " has no section";
    for (const std::string& option : listed_options(name))
      EXPECT_NE(page.find(as_roff(option)), std::string::npos) << name << " " << option << " is not in the manual page";
  }
}

TEST(Help, UnknownOptionIsOneLinePlusUsageAndExitsTwo) {
  for (const std::string& name : listed_commands()) {
    const Ran r = tavle(name + " --no-such-option");
    EXPECT_EQ(r.status, 2) << name;
    const std::vector<std::string> lines = lines_of(r.err);
    ASSERT_EQ(lines.size(), 2u) << name << ":\n" << r.err;
    EXPECT_EQ(lines[0], "tavle " + name + ": unknown option --no-such-option");
    EXPECT_EQ(lines[1].rfind("usage: tavle " + name, 0), 0u) << lines[1];
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(Help, MissingValueNamesTheOptionAndExitsTwo) {
  for (const char* args : {"host --port", "export meeting.json -o", "inspect --data", "join --code"}) {
    const Ran r = tavle(args);
    EXPECT_EQ(r.status, 2) << args;
    const std::vector<std::string> lines = lines_of(r.err);
    ASSERT_EQ(lines.size(), 2u) << args << ":\n" << r.err;
    EXPECT_NE(lines[0].find("needs a value"), std::string::npos) << lines[0];
  }
}

TEST(Help, UnknownCommandOrProgramOptionExitsTwo) {
  for (const char* args : {"frobnicate", "--frobnicate", "help frobnicate"}) {
    const Ran r = tavle(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(lines_of(r.err).size(), 2u) << r.err;
  }
}

TEST(Help, FlagGivenAValueAndBadNumbersAreUsageErrors) {
  EXPECT_EQ(tavle("host --no-announce=yes").status, 2);
  EXPECT_EQ(tavle("host --port 70000").status, 2);
  EXPECT_EQ(tavle("validate").status, 2);
  EXPECT_EQ(tavle("validate a.json b.json").status, 2);
}

// --- tavle host --config FILE ----------------------------------------------------

class HostConfig : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("tavle-host-config-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::string write_config(const std::string& text) {
    const auto path = dir / "room.conf";
    std::ofstream(path) << text;
    return path.string();
  }

  // Starts `tavle host ARGS`, waits for its first line, stops it with SIGTERM.
  std::string first_line_of_host(const std::string& args) {
    const auto out = dir / "host.out";
    // Its own data directory: the host keeps its certificate there, never in the user's.
    const std::string command = "XDG_DATA_HOME='" + dir.string() + "' " + std::string(TAVLE_BIN) + " host " + args +
                                " > '" + out.string() + "' 2>&1 & echo $!";
    FILE* p = popen(command.c_str(), "r");
    char pid_text[32] = {};
    if (!p || !fgets(pid_text, sizeof pid_text, p)) return "";
    pclose(p);
    const pid_t pid = std::stoi(pid_text);
    std::string text;
    for (int i = 0; i < 200 && text.find('\n') == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      text = slurp(out);
    }
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    return text.substr(0, text.find('\n'));
  }
};

TEST_F(HostConfig, ReadsOptionsFromTheFile) {
  const std::string config =
      write_config("# a room\n\naddress = 127.0.0.1\nport = 0\ncode = Stue4711\nno-announce = true\n");
  const std::string line = first_line_of_host("--config '" + config + "'");
  EXPECT_NE(line.find("listening on 127.0.0.1:"), std::string::npos) << line;
  EXPECT_NE(line.find("join code Stue4711"), std::string::npos) << line;
}

TEST_F(HostConfig, CommandLineWinsOverTheFile) {
  const std::string config = write_config("address = 127.0.0.1\nport = 0\ncode = Stue4711\nno-announce = yes\n");
  const std::string line = first_line_of_host("--config '" + config + "' --code Kontor99");
  EXPECT_NE(line.find("join code Kontor99"), std::string::npos) << line;
}

TEST_F(HostConfig, UnknownKeyNamesTheLineAndExitsTwo) {
  const std::string config = write_config("port = 0\nprot = 8080\n");
  const Ran r = tavle("host --config '" + config + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("line 2: unknown key \"prot\""), std::string::npos) << r.err;
  const Ran bad_flag = tavle("host --config '" + write_config("no-announce = maybe\n") + "'");
  EXPECT_EQ(bad_flag.status, 2);
  EXPECT_NE(bad_flag.err.find("expected true or false"), std::string::npos) << bad_flag.err;
  const Ran missing = tavle("host --config '" + (dir / "absent.conf").string() + "'");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("cannot read the configuration file"), std::string::npos) << missing.err;
}

}  // namespace
