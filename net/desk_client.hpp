// issue 18: the app's side of a server's facilitators' desk (net/desk.hpp): one
// request per connection to wss://HOST:PORT/facilitator over the app's one client
// connection (net/ws_connection.hpp, always TLS, the server checked by a pinned
// fingerprint or a CA). The UI asks and reads the answer a frame later; the network
// work runs on the client's own thread and wakes the UI through `wake`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/desk.hpp"
#include "net/ws_connection.hpp"

namespace tavle::net {

// Where the server is and how the app knows it is the municipality's: its
// certificate's fingerprint, else the municipality's CA, else the system's CAs.
struct DeskServer {
  std::string host;
  unsigned short port = 0;
  std::string fingerprint;
  std::string ca_file;
};

struct DeskAnswer {
  std::string type;        // signed_in, families, meeting, signed_out, or error
  std::string error_code;  // error: sign_in_refused, wait, signed_out, not_allowed, not_found, busy,
                           // needs_encryption, invalid, server_error, wrong_host, no_answer
  std::string message;     // error: why, in words
  std::string name;        // signed_in: the account
  std::string token;       // signed_in: what later requests carry
  std::vector<DeskFamily> families;  // signed_in, families
  DeskOpened opened;                 // meeting
};

// The requests (docs/protocol.md, "Facilitators on a server").
nlohmann::json sign_in_request(const std::string& name, const std::string& password);
nlohmann::json sign_out_request(const std::string& token);
nlohmann::json families_request(const std::string& token);
nlohmann::json new_family_request(const std::string& token, const std::string& label);
nlohmann::json new_meeting_request(const std::string& token, const std::string& family_id);
nlohmann::json open_meeting_request(const std::string& token, const std::string& meeting_id);

// Reads a server's answer; anything else is an `invalid` error answer.
DeskAnswer read_desk_answer(const std::string& text);

class DeskClient : private ConnectionEvents {
 public:
  explicit DeskClient(std::function<void()> wake = {});
  ~DeskClient() override;
  DeskClient(const DeskClient&) = delete;
  DeskClient& operator=(const DeskClient&) = delete;

  // Sends `request` to the server; a request still in flight is abandoned.
  void ask(const DeskServer& server, nlohmann::json request);
  bool busy() const;
  // The answer, once (nullopt while none has come).
  std::optional<DeskAnswer> take_answer();
  // Asks and waits (tests, the command line).
  DeskAnswer ask_and_wait(const DeskServer& server, nlohmann::json request,
                          std::chrono::milliseconds within = std::chrono::seconds(30));

 private:
  void on_text(const std::string& text) override;
  void on_closed(const std::string& why, const std::string& code) override;
  void on_wrong_host(const std::string& why) override;
  void answer(DeskAnswer a);  // network thread

  std::function<void()> wake_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer deadline_{io_};
  std::unique_ptr<WsConnection> connection_;  // network thread only
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::shared_ptr<HostCheckResult> check_ = std::make_shared<HostCheckResult>();
  std::uint64_t asked_ = 0;  // network thread: the request in flight (older answers are dropped)
  bool answered_ = true;     // network thread
  mutable std::mutex mutex_;
  bool busy_ = false;
  std::optional<DeskAnswer> answer_;
  std::thread thread_;
};

}  // namespace tavle::net
