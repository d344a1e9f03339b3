// Debian's Chromium, started headless with a throw-away profile and driven over
// the Chrome DevTools Protocol (one page, Runtime.evaluate and Page.* only).
// Chosen over playwright-core so the tests need no npm packages: CI installs one
// Debian package (chromium) and the test is an ordinary GoogleTest binary.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <memory>

#include "probe/ws_client.hpp"

namespace tavle::webtest {

// The Chromium binary to use, or "" when none is installed (tests then skip).
std::string find_chromium();

class HeadlessChromium {
 public:
  // Starts the browser with a `width`x`height` window; throws std::runtime_error
  // (with Chromium's own output) when it does not come up.
  // `extra_args`: more command-line switches, e.g. the certificate to trust.
  HeadlessChromium(const std::string& binary, int width, int height, const std::vector<std::string>& extra_args = {});
  ~HeadlessChromium();
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  void navigate(const std::string& url);
  // Runs `expression` in the page (promises are awaited) and returns its value.
  // A JavaScript exception throws std::runtime_error with its text.
  nlohmann::json evaluate(const std::string& expression);
  // Evaluates `expression` until it is true or `limit` passes; returns the last answer.
  // The limit is a guard against hanging, far above what a healthy run needs.
  bool wait_for(const std::string& expression, std::chrono::milliseconds limit = std::chrono::seconds(20));
  void screenshot(const std::filesystem::path& png);
  // The page's viewport in CSS pixels (a tablet turned to portrait, say). `zoom` 2
  // is a 200 % zoom: the same screen shows half as many CSS pixels each way.
  void set_viewport(int width, int height, double zoom = 1.0);
  // A key pressed and released as a person does, through the browser's input
  // pipeline (so focus, Tab order, Enter/Space on buttons and arrows in a radio
  // group behave as for real). `key`: "Tab", "Enter", " ", "ArrowRight", ...;
  // `shift` holds Shift.
  void press_key(const std::string& key, bool shift = false);
  // A CSS media feature as the page sees it, e.g. ("prefers-reduced-motion", "reduce").
  void emulate_media_feature(const std::string& name, const std::string& value);

 private:
  nlohmann::json call(const std::string& method, nlohmann::json params);

  pid_t pid_ = -1;
  std::filesystem::path profile_;
  std::unique_ptr<probe::WsClient> devtools_;  // DevTools speaks WebSocket: the tests' one client
  int next_id_ = 1;
};

}  // namespace tavle::webtest
