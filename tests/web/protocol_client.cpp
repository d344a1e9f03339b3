#include "tests/web/protocol_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>

namespace tavle::webtest {
namespace beast = boost::beast;
namespace asio = boost::asio;

ProtocolClient::ProtocolClient(unsigned short port, const std::string& client_id) : ws_(io_), client_id_(client_id) {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) throw std::runtime_error("connect to the host: " + ec.message());
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws", ec);
  if (ec) throw std::runtime_error("websocket handshake with the host: " + ec.message());
  ws_.text(true);
  read_next();
  thread_ = std::thread([this] { io_.run(); });
}

ProtocolClient::~ProtocolClient() {
  asio::post(io_, [this] {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).socket().close(ec);
  });
  if (thread_.joinable()) thread_.join();
}

void ProtocolClient::read_next() {
  ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
    std::lock_guard lock(mutex_);
    if (ec) {
      closed_ = true;
      arrived_.notify_all();
      return;
    }
    auto frame = nlohmann::json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
    buffer_.consume(buffer_.size());
    if (frame.is_array())
      for (auto& m : frame) received_.push_back(std::move(m));
    else
      received_.push_back(std::move(frame));
    arrived_.notify_all();
    read_next();
  });
}

void ProtocolClient::send(nlohmann::json message) {
  asio::post(io_, [this, text = message.dump()] {
    outgoing_.push_back(text);
    if (outgoing_.size() == 1) write_front();  // else the running write chain sends it
  });
}

void ProtocolClient::write_front() {
  ws_.async_write(asio::buffer(outgoing_.front()), [this](beast::error_code ec, std::size_t) {
    outgoing_.pop_front();
    if (!ec && !outgoing_.empty()) write_front();
  });
}

std::optional<nlohmann::json> ProtocolClient::wait_for(const std::function<bool(const nlohmann::json&)>& match,
                                                       std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    while (!received_.empty()) {
      nlohmann::json m = std::move(received_.front());
      received_.pop_front();
      if (match(m)) return m;
    }
    if (closed_ || arrived_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

nlohmann::json ProtocolClient::join_as_facilitator(const std::string& code, const std::string& key) {
  send({{"type", "hello"}, {"protocol", 1}, {"code", code}, {"name", "Pia"}, {"role", "facilitator"},
        {"client_id", client_id_}, {"last_seq", 0}, {"facilitator_key", key}});
  auto answer = wait_for([](const nlohmann::json& m) { return m.value("type", "") == "welcome" || m.value("type", "") == "error"; });
  if (!answer || answer->value("type", "") != "welcome")
    throw std::runtime_error("facilitator could not join: " + (answer ? answer->dump() : std::string("no answer")));
  participant_id_ = answer->value("participant_id", "");
  return *answer;
}

void ProtocolClient::propose(const std::string& kind, const std::string& target, const std::string& field,
                             nlohmann::json value) {
  const std::string id = client_id_ + ":" + std::to_string(++counter_);
  nlohmann::json op{{"id", id}, {"author", participant_id_}, {"at", 1795593600000}, {"kind", kind}};
  if (!target.empty()) op["target"] = target;
  if (!field.empty()) op["field"] = field;
  if (!value.is_null()) op["value"] = std::move(value);
  send({{"type", "op"}, {"op", op}});
  auto answer = wait_for([&](const nlohmann::json& m) {
    const std::string type = m.value("type", "");
    return (type == "op" && m.contains("op") && m["op"].value("id", "") == id) ||
           ((type == "ack" || type == "reject") && m.value("op_id", "") == id);
  });
  if (!answer || answer->value("type", "") == "reject")
    throw std::runtime_error("the host did not take " + kind + ": " + (answer ? answer->dump() : std::string("no answer")));
}

void ProtocolClient::add_card(const std::string& id, const std::string& column, const std::string& text,
                              bool professional_only) {
  propose("add_card", id, "", {{"column", column}, {"text", text}, {"professional_only", professional_only}});
}

void ProtocolClient::focus(const std::string& card_id, const std::string& column) {
  send({{"type", "focus"},
        {"card_id", card_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(card_id)},
        {"column", column.empty() ? nlohmann::json(nullptr) : nlohmann::json(column)}});
}

}  // namespace tavle::webtest
