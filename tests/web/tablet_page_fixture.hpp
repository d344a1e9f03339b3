// The fixture of the tablet page tests: a real `tavle host` serving assets/web, a
// facilitator joined over the protocol, and headless Chromium at tablet size, plus
// the few steps every test needs (join as family, find a card on the page).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/web/headless_chromium.hpp"
#include "probe/host_process.hpp"
#include "tests/web/protocol_client.hpp"

namespace tavle::webtest {

using probe::HostProcess;

inline constexpr const char* kCode = "4930271568";
inline constexpr const char* kFamilyName = "Line (mor)";

// A JavaScript string literal for `text` (JSON strings are valid JavaScript).
inline std::string js(const std::string& text) { return nlohmann::json(text).dump(); }

inline bool is_op(const nlohmann::json& m, const std::string& kind) {
  return m.value("type", "") == "op" && m.contains("op") && m["op"].value("kind", "") == kind;
}

class TabletPage : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string chromium = find_chromium();
    if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (CI installs it through .ci/install)";
    host_ = std::make_unique<HostProcess>(TAVLE_BINARY, kCode, TAVLE_WEB_ROOT);
    facilitator_ = std::make_unique<ProtocolClient>(host_->port(), "facilitator");
    facilitator_->join_as_facilitator(kCode, host_->facilitator_key());
    browser_ = std::make_unique<HeadlessChromium>(chromium, 1180, 820);
  }

  // Opens the page as the QR code does, types a name, joins as family; returns the
  // participant id the host gave the tablet.
  std::string join_as_family(const std::string& page_url = "") {
    browser_->navigate((page_url.empty() ? host_->url() : page_url) + "#code=" + kCode);
    EXPECT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
    browser_->evaluate("document.querySelector('#join-name').value = " + js(kFamilyName) +
                       "; document.querySelector('#join-button').click(); true");
    EXPECT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
    auto added = facilitator_->wait_for([](const nlohmann::json& m) {
      return is_op(m, "add_participant") && m["op"]["value"].value("name", "") == kFamilyName;
    });
    if (!added) ADD_FAILURE() << "the host never added the family's participant";
    return added ? (*added)["op"].value("target", "") : std::string();
  }

  // The text the page shows for a card, or null when the card is not on the page.
  nlohmann::json card_text(const std::string& card_id) {
    return browser_->evaluate("(() => { const c = document.querySelector('[data-card-id=' + CSS.escape(" + js(card_id) +
                              ") + '] .card-text'); return c ? c.textContent : null; })()");
  }

  bool card_shown(const std::string& card_id) {
    return browser_->wait_for("document.querySelector('[data-card-id=' + CSS.escape(" + js(card_id) + ") + ']')");
  }

  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<ProtocolClient> facilitator_;
  std::unique_ptr<HeadlessChromium> browser_;
};

}  // namespace tavle::webtest
