// Hostile raw clients against a real host (docs/security.md): helpers to read
// the messages inside the host's frames (which may be arrays) and to keep every
// byte a connection received, so a test can say what never arrived.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/net/loopback_support.hpp"

namespace tavle::net::testing {

// Text of a professional-only card of the sample board: must never reach a family,
// viewer or waiting connection.
inline constexpr const char* kHiddenText = "Afventer udtalelse";
inline constexpr const char* kHiddenCard = "c-psyk";

inline std::vector<nlohmann::json> messages_in(const std::string& frame) {
  nlohmann::json j = nlohmann::json::parse(frame, nullptr, false);
  if (j.is_array()) return j.get<std::vector<nlohmann::json>>();
  return {j};
}

// Reads until a message of `type` arrives (or the connection ends / 5 s pass).
// Every byte read is appended to `seen`.
inline std::optional<nlohmann::json> read_message(RawWs& ws, const std::string& type, std::string& seen,
                                                  std::chrono::milliseconds within = std::chrono::milliseconds(5000)) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    auto frame = ws.read(std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()));
    if (!frame) return std::nullopt;
    seen += *frame;
    for (const auto& m : messages_in(*frame))
      if (m.is_object() && m.value("type", "") == type) return m;
  }
  return std::nullopt;
}

// Everything that arrives within `quiet` of the last frame, appended to `seen`.
inline void read_for(RawWs& ws, std::string& seen, std::chrono::milliseconds quiet = std::chrono::milliseconds(300)) {
  while (auto frame = ws.read(quiet)) seen += *frame;
}

inline std::string hello_json(const std::string& code, const std::string& role, const std::string& id,
                              const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json h{{"type", "hello"}, {"protocol", 1},    {"code", code},     {"name", "Raw " + id},
                   {"role", role},    {"client_id", id}, {"last_seq", 0}};
  for (const auto& [k, v] : extra.items()) h[k] = v;
  return h.dump();
}

// A facilitator connection made with the key; its welcome is in `seen`.
inline std::unique_ptr<RawWs> facilitator(Host& host, std::string& seen, nlohmann::json* welcome = nullptr) {
  auto ws = std::make_unique<RawWs>(host.port());
  ws->send(hello_json(host.join_code(), "facilitator", "fac-raw", {{"facilitator_key", host.facilitator_key()}}));
  auto w = read_message(*ws, "welcome", seen);
  if (welcome && w) *welcome = *w;
  return ws;
}

inline std::string op_message(const std::string& id, const std::string& author, const std::string& kind,
                              const std::string& target, const nlohmann::json& value,
                              const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json op{{"id", id}, {"author", author}, {"at", 1795593600000}, {"kind", kind}, {"target", target}};
  if (!value.is_null()) op["value"] = value;
  for (const auto& [k, v] : extra.items()) op[k] = v;
  return nlohmann::json{{"type", "op"}, {"op", op}}.dump();
}

}  // namespace tavle::net::testing
