#include "tests/web/protocol_client.hpp"

#include <stdexcept>

namespace tavle::webtest {

namespace {
probe::WsOptions at_host(unsigned short port, const std::string& path) {
  probe::WsOptions options;
  options.host_header = "127.0.0.1:" + std::to_string(port);
  options.path = path;
  return options;
}
}  // namespace

ProtocolClient::ProtocolClient(unsigned short port, const std::string& client_id, const std::string& path)
    : client_id_(client_id), ws_(port, at_host(port, path)) {
  ws_.read_in_background(
      [this](std::string text) {
        std::lock_guard lock(mutex_);
        auto frame = nlohmann::json::parse(text, nullptr, false);
        if (frame.is_array())
          for (auto& m : frame) received_.push_back(std::move(m));
        else
          received_.push_back(std::move(frame));
        arrived_.notify_all();
      },
      [this] {
        std::lock_guard lock(mutex_);
        closed_ = true;
        arrived_.notify_all();
      });
}

ProtocolClient::~ProtocolClient() = default;

void ProtocolClient::send(nlohmann::json message) { ws_.send(message.dump()); }

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
