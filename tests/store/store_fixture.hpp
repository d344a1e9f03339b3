// A fresh data directory per test, and small helpers shared by the store tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace tavle::testing {

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = std::filesystem::temp_directory_path() /
          ("tavle-store-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
  }
  void TearDown() override {
    store.reset();
    std::filesystem::remove_all(dir);
  }

  void open(const store::OpenOptions& options = {}) {
    store.reset();
    auto e = store::Store::open(dir.string(), store, options);
    ASSERT_FALSE(e.has_value()) << e->message;
  }
  std::filesystem::path db_path() const { return dir / "tavle.db"; }

  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
};

}  // namespace tavle::testing
