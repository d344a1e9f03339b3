// The database key in a real desktop keyring (GNOME Keyring's Secret Service on a
// private session bus: tests/store/CMakeLists.txt starts it with dbus-run-session).
#include "store/database_key.hpp"
#include "store/store.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

class KeyringTest : public StoreTest {
 protected:
  void SetUp() override {
    const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    bus_ = bus ? bus : "";
    StoreTest::SetUp();  // unsets the bus; this test wants it
    if (!bus_.empty()) ::setenv("DBUS_SESSION_BUS_ADDRESS", bus_.c_str(), 1);
    std::filesystem::remove_all(config);
  }
  std::string bus_;
};

TEST_F(KeyringTest, TheKeyIsKeptInTheDesktopKeyringAndNotInAFile) {
  if (!store::keyring_running()) GTEST_SKIP() << "no Secret Service on the session bus";
  store::DatabaseKey first, again;
  auto e = store::find_database_key({"", dir.string(), true}, first);
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_TRUE(first.made);
  EXPECT_EQ(first.where, "the desktop keyring");
  EXPECT_FALSE(std::filesystem::exists(config / "tavle" / "database.key"));
  e = store::find_database_key({"", dir.string(), true}, again);
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_FALSE(again.made);
  EXPECT_EQ(again.hex, first.hex);
  ASSERT_FALSE(store::open_private_store(dir.string(), "", store));
  store.reset();
  ASSERT_FALSE(store::open_private_store(dir.string(), "", store)) << "the keyring's key opens it again";
}

}  // namespace
}  // namespace tavle::testing
