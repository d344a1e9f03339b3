// The facilitator's side in the tablet tests: a second client of the real host,
// speaking docs/protocol.md over the tests' one WebSocket client (probe::WsClient),
// which reads on its own thread, so it keeps answering the host's WebSocket pings
// while the test is busy driving the browser.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "probe/ws_client.hpp"

namespace tavle::webtest {

class ProtocolClient {
 public:
  // `path`: the upgrade's target; on a `tavle server` it names the meeting ("/m/ID").
  ProtocolClient(unsigned short port, const std::string& client_id, const std::string& path = "/ws");
  ~ProtocolClient();
  ProtocolClient(const ProtocolClient&) = delete;
  ProtocolClient& operator=(const ProtocolClient&) = delete;

  // hello as the facilitator; returns the welcome message (throws on anything else).
  nlohmann::json join_as_facilitator(const std::string& code, const std::string& key);
  // Sends an op authored by us and waits until the host has sequenced it.
  void propose(const std::string& kind, const std::string& target, const std::string& field, nlohmann::json value);
  void add_card(const std::string& id, const std::string& column, const std::string& text, bool professional_only = false);
  // "Bring everyone to my view" on a card ("" = none) or a column ("" = none). The host
  // answers the sender only with an error, so this does not wait.
  void focus(const std::string& card_id, const std::string& column);
  // The first message from the host (arrays unpacked) that `match` accepts, or nullopt
  // when none came before `limit` (a guard against hanging, not a timing check).
  std::optional<nlohmann::json> wait_for(const std::function<bool(const nlohmann::json&)>& match,
                                         std::chrono::milliseconds limit = std::chrono::seconds(20));
  const std::string& participant_id() const { return participant_id_; }
  // Any other message of the facilitator's (remove, refuse, admit ...), as it is.
  void send_message(nlohmann::json message) { send(std::move(message)); }

 private:
  void send(nlohmann::json message);

  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<nlohmann::json> received_;
  bool closed_ = false;
  std::string client_id_;
  std::string participant_id_;
  int counter_ = 0;
  probe::WsClient ws_;  // last: its reading thread ends before the members above go
};

}  // namespace tavle::webtest
