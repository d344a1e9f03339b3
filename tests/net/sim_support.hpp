// Socketless playground: a Meeting and N simulated clients in one process. Each
// simulated connection has two FIFO pipes (to the host, to the client); the test
// decides which pipe moves next, so delivery across connections is shuffled
// while each connection stays in order, as TCP would keep it.
#pragma once

#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "board/hash.hpp"
#include "net/meeting.hpp"
#include "net/replica.hpp"

namespace tavle::net::testing {

struct SimPeer : Peer {
  explicit SimPeer(std::string addr = "10.0.0.1") : addr(std::move(addr)) {}
  void deliver(const Frame& f) override {
    if (!closed) to_client.push_back(f);
  }
  void close_after_flush() override { closing = true; }
  const std::string& address() const override { return addr; }

  std::string addr;
  std::deque<Frame> to_client;
  std::deque<std::string> to_host;
  std::vector<std::string> received;  // every text this client ever got
  bool closing = false;
  bool closed = false;
};

struct SimClient {
  SimClient(std::string client_id, Role role) : client_id(std::move(client_id)), role(role) {}
  std::string client_id;
  Role role;
  std::unique_ptr<SimPeer> peer = std::make_unique<SimPeer>();
  Replica replica;
  std::vector<ClientEvent> events;
  std::uint64_t counter = 0;
};

inline MeetingConfig sim_config() {
  MeetingConfig c;
  c.join_code = "123456";
  c.facilitator_key = "fkey";
  c.professional_code = "prokode1234";
  c.messages_per_second = 0;
  return c;
}

inline std::string hello_text(const SimClient& c, const std::string& code = "123456", std::uint64_t last_seq = 0) {
  Hello h;
  h.protocol = kProtocolVersion;
  h.code = code;
  h.name = "Navn " + c.client_id;
  h.role = c.role;
  h.client_id = c.client_id;
  h.last_seq = last_seq;
  h.participant_id = c.replica.participant_id();
  if (c.role == Role::Facilitator) h.facilitator_key = "fkey";
  if (c.role == Role::Professional) h.professional_code = "prokode1234";
  h.token = c.replica.token();
  return wire_text(to_json(h));
}

// Moves one message from the host to the client; false when there was none.
inline bool pump_to_client(SimClient& c) {
  if (c.peer->to_client.empty()) return false;
  Frame f = c.peer->to_client.front();
  c.peer->to_client.pop_front();
  c.peer->received.push_back(*f);
  c.replica.receive(nlohmann::json::parse(*f), c.events);
  if (c.replica.take_resync_request()) c.peer->to_host.push_back(R"({"type":"resync"})");
  for (const Op& op : c.replica.take_unsent())
    c.peer->to_host.push_back(wire_text(nlohmann::json{{"type", "op"}, {"op", to_json(op)}}));
  return true;
}

inline bool pump_to_host(Meeting& m, SimClient& c) {
  if (c.peer->to_host.empty()) return false;
  std::string text = std::move(c.peer->to_host.front());
  c.peer->to_host.pop_front();
  m.receive(*c.peer, text);
  return true;
}

inline void join(Meeting& m, SimClient& c, std::uint64_t last_seq = 0) {
  c.replica.mark_all_unsent();
  m.receive(*c.peer, hello_text(c, "123456", last_seq));
}

// Delivers everything still in flight, in any order, until nothing moves.
inline void drain(Meeting& m, std::vector<SimClient>& clients) {
  for (int guard = 0; guard < 1000000; ++guard) {
    bool moved = false;
    for (SimClient& c : clients) {
      const bool up = pump_to_host(m, c);  // both directions pump every round
      const bool down = pump_to_client(c);
      moved = moved || up || down;
    }
    if (!moved) return;
  }
}

inline std::string view_hash(const Meeting& m, const SimClient& c) {
  return state_hash_hex(view_for(m.board(), audience_of(c.role), c.replica.participant_id()));
}

}  // namespace tavle::net::testing
