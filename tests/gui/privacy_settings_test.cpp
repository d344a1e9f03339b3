// issue 13 (docs/privacy.md): the app's privacy settings, as a facilitator uses
// them on the home screen: the retention rule's days (kept in settings.json, and
// the due-for-deletion list follows at once), the plain family view for meetings
// hosted here (kept, and shown on the board while it is on), and the database
// key in a file the municipality provides (--key-file), never a new key of its own.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "store/database_key.hpp"
#include "store/store.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;
constexpr Millis kDay = 24LL * 3600 * 1000;

// settings.json as an object (empty while it is missing or being replaced).
nlohmann::json settings_in(const std::string& path) {
  nlohmann::json j = read_json(path);
  return j.is_object() ? j : nlohmann::json::object();
}

TEST(PrivacySettings, RetentionDaysAndThePlainFamilyViewAreSettingsAndTheStoreOpensWithTheKeyFile) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "privacy-settings";
  fs::remove_all(dir);
  fs::create_directories(dir / "config" / "tavle");
  // The municipality's key, outside the data directory; no keyring on this bus and
  // no key in the config directory: only --key-file opens the store.
  const fs::path key_file = dir / "municipality.key";
  std::ofstream(key_file) << "0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff\n";
  ::chmod(key_file.c_str(), 0600);
  const fs::path data = dir / "data" / "tavle";
  const Millis today = static_cast<Millis>(std::time(nullptr)) * 1000;
  {
    std::unique_ptr<store::Store> s;
    auto e = store::open_private_store(data.string(), key_file.string(), s);
    ASSERT_FALSE(e.has_value()) << e->message;
    Board started;
    store::FamilyInfo old_family, recent;
    ASSERT_FALSE(s->create_family("Familien Gammel", today - 100 * kDay, old_family));
    ASSERT_FALSE(s->create_meeting(old_family.id, "m-gammel", today - 100 * kDay, false, started));
    ASSERT_FALSE(s->create_family("Familien Ny", today - 10 * kDay, recent));
    ASSERT_FALSE(s->create_meeting(recent.id, "m-ny", today - 10 * kDay, false, started));
  }
  const std::string settings = (dir / "config" / "tavle" / "settings.json").string();
  std::ofstream(settings) << R"({"facilitator_name": "Pia Holm"})";
  const std::string layout = (dir / "layout.json").string();
  App app({"--listen", "127.0.0.1", "--width", "1280", "--height", "900", "--layout-json", layout, "--key-file",
           key_file.string()},
          TAVLE_GUI_BIN, "",
          {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string(),
           "DBUS_SESSION_BUS_ADDRESS="});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return file_contains(layout, "home.family:Familien Gammel"); }))
      << "the store opened with the key file";
  EXPECT_FALSE(fs::exists(dir / "config" / "tavle" / "database.key")) << "the app made a key of its own";
  EXPECT_FALSE(file_contains(layout, "home.due_erase:")) << "100 days is well within the default 730";

  // 60 days: typed into the setting, kept when the field is left with Enter.
  ASSERT_TRUE(eventually([&] { return click_control(window, read_json(layout), "home.retain_days"); }));
  ASSERT_TRUE(press(window, "ctrl+a"));
  ASSERT_TRUE(type_text("60"));
  ASSERT_TRUE(press(window, "Return"));
  ASSERT_TRUE(eventually([&] { return settings_in(settings).value("retain_days", 0) == 60; }, 20)) << file_text(settings);
  ASSERT_TRUE(eventually([&] { return file_contains(layout, "home.due_erase:Familien Gammel"); }, 20));
  EXPECT_FALSE(file_contains(layout, "home.due_erase:Familien Ny"));

  // The plain family view for meetings hosted here: kept, and the board says so.
  EXPECT_FALSE(settings_in(settings).value("allow_plain_family", true));
  ASSERT_TRUE(click_control(window, read_json(layout), "home.plain_family_default"));
  ASSERT_TRUE(eventually([&] { return settings_in(settings).value("allow_plain_family", false); }, 20))
      << file_text(settings);
  EXPECT_FALSE(file_contains(layout, "\"conn.plain_family\""));
  ASSERT_TRUE(click_control(window, read_json(layout), "home.new_meeting:Familien Ny"));
  EXPECT_TRUE(eventually([&] { return file_contains(layout, "\"conn.plain_family\""); }, 30))
      << "the board shows that the family view is not encrypted";
}

}  // namespace
}  // namespace tavle::gui_test
