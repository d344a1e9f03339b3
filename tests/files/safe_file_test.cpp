// Every writer of a family's meeting goes through one safe writer (files/safe_file.hpp):
// a new file is private (0600), a file saved over keeps its owner's mode, and a crash
// between the write and the rename leaves the old file whole (or no file at all).
#include "files/safe_file.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "board/board_json.hpp"
#include "board/sample.hpp"
#include "export/export.hpp"
#include "store/store.hpp"

namespace tavle::testing {
namespace {

namespace fs = std::filesystem;
constexpr Millis kNow = 1795593600000;
constexpr int kCrashed = 42;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("tavle-files-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::perms mode_of(const fs::path& p) { return fs::status(p).permissions() & fs::perms::mask; }

// One way a meeting reaches the disk, as its caller calls it.
struct Writer {
  std::string name;
  std::function<std::optional<Error>(const fs::path& dir, const std::string& path, const Board&)> write;
};

std::vector<Writer> meeting_writers() {
  return {
      {"meeting file (Ctrl+S, inspect -o, sample -o)",
       [](const fs::path&, const std::string& path, const Board& b) { return write_board_file(path, b); }},
      {"Store::save_meeting_file",
       [](const fs::path& dir, const std::string& path, const Board& b) -> std::optional<Error> {
         std::unique_ptr<store::Store> s;
         if (auto e = store::Store::open((dir / "data").string(), s)) return e;
         std::vector<store::MeetingInfo> stored;
         if (auto e = s->list_meetings("", stored)) return e;
         bool known = false;
         for (const auto& m : stored) known = known || m.id == b.meeting.id;
         if (!known)
           if (auto e = s->import_meeting(b, kNow)) return e;
         return s->save_meeting_file(b.meeting.id, path);
       }},
      {"export (the family plan as JSON)",
       [](const fs::path&, const std::string& path, const Board& b) {
         ExportOptions options;
         options.format = ExportFormat::Json;
         return export_meeting_to_file(b, nullptr, options, path);
       }},
      {"export (the minutes as PDF)",
       [](const fs::path&, const std::string& path, const Board& b) {
         ExportOptions options;
         options.kind = ExportKind::Minutes;
         return export_meeting_to_file(b, nullptr, options, path);
       }},
      {"a private file (the host's key and rejoin tokens)",
       [](const fs::path&, const std::string& path, const Board& b) {
         return files::write_file_safely(path, to_json(b).dump(), files::Mode::Private);
       }},
  };
}

TEST(SafeFile, EveryWriterOfAMeetingMakesANewFileOnlyItsOwnerCanRead) {
  for (const Writer& w : meeting_writers()) {
    const fs::path dir = fresh_dir("private");
    const std::string path = (dir / "meeting.out").string();
    auto e = w.write(dir, path, sample_board());
    ASSERT_FALSE(e) << w.name << ": " << e->message;
    EXPECT_EQ(mode_of(path), fs::perms::owner_read | fs::perms::owner_write) << w.name;
    fs::remove_all(dir);
  }
}

TEST(SafeFile, AFileSavedOverKeepsItsModeUnlessItMustStayPrivate) {
  const fs::path dir = fresh_dir("mode");
  const std::string path = (dir / "meeting.json").string();
  ASSERT_FALSE(write_board_file(path, sample_board()));
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_FALSE(write_board_file(path, sample_board()));
  EXPECT_EQ(mode_of(path), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_FALSE(files::write_file_safely(path, "key\n", files::Mode::Private));
  EXPECT_EQ(mode_of(path), fs::perms::owner_read | fs::perms::owner_write);
  fs::remove_all(dir);
}

// Runs `write` in a child process that dies (as in a power cut) after the new text
// is on disk in the temporary file and before the rename.
void crash_before_rename(const std::function<void()>& write) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    files::set_before_rename_hook([](const std::string&) { ::_exit(kCrashed); });
    write();
    ::_exit(0);  // the hook was never reached: the writer did not go through the safe writer
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kCrashed) << "the writer never reached the rename of the safe writer";
}

TEST(SafeFile, ACrashBetweenWriteAndRenameLeavesTheOldMeetingWhole) {
  for (const Writer& w : meeting_writers()) {
    const fs::path dir = fresh_dir("crash");
    const std::string path = (dir / "meeting.out").string();
    Board before = sample_board();
    ASSERT_FALSE(w.write(dir, path, before)) << w.name;
    const std::string old_bytes = read_bytes(path);
    Board after = before;
    after.meeting.family_label = "Efter nedbruddet";
    crash_before_rename([&] { w.write(dir, path, after); });
    EXPECT_EQ(read_bytes(path), old_bytes) << w.name << ": the file was changed by a write that never finished";
    fs::remove_all(dir);
  }
}

TEST(SafeFile, ACrashBeforeTheFirstSaveLeavesNoFileRatherThanHalfOfOne) {
  for (const Writer& w : meeting_writers()) {
    const fs::path dir = fresh_dir("crash-new");
    const std::string path = (dir / "meeting.out").string();
    crash_before_rename([&] { w.write(dir, path, sample_board()); });
    EXPECT_FALSE(fs::exists(path)) << w.name;
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace tavle::testing
