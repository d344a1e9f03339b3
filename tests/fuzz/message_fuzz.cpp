// The WebSocket message decoder as the host sees it: each record of the input is
// one text frame (a message, or an array of messages) from one connection, fed
// to net::Meeting::receive like ws_session does. When the host closes the
// connection (a refused hello, bye) the next record arrives on a new one.
// Properties: a message that decodes (JSON, hello, op) re-encodes and decodes to
// the same value; every frame the host sends back is a JSON object with a type;
// a facilitator that joined before the input and applied everything the host
// sent it holds the host's board (same state hash); the host's board survives
// its own file form with the same state hash.
#include <deque>
#include <memory>

#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "net/meeting.hpp"
#include "net/replica.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;
using namespace tavle::net;
using nlohmann::json;

namespace {

struct FuzzPeer : Peer {
  void deliver(const Frame& f) override { out.push_back(f); }
  void close_after_flush() override { closing = true; }
  const std::string& address() const override { return addr; }
  std::string addr = "10.0.0.9";
  std::deque<Frame> out;
  bool closing = false;
};

// Every frame the host sends is one JSON object with a string type.
json host_message(const Frame& f) {
  json j;
  const auto e = parse_json(*f, j, kMaxJsonDepth + 8);
  fuzz::check(!e, "the host sends valid JSON", *f);
  fuzz::check(j.is_object() && j.contains("type") && j["type"].is_string(), "the host sends objects with a type", *f);
  return j;
}

void check_decodes_to_same_value(const json& message) {
  if (!message.is_object()) return;
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string()) return;
  if (*type == "hello") {
    Hello h;
    if (hello_from_json(message, h)) return;
    Hello again;
    const auto e = hello_from_json(to_json(h), again);
    fuzz::check(!e, "a hello that decoded decodes again from its encoding", message.dump());
    fuzz::check(to_json(again) == to_json(h), "a hello re-encodes to the same value", message.dump());
  } else if (*type == "op" && message.contains("op")) {
    Op op;
    if (op_from_json(message["op"], op)) return;
    Op again;
    const auto e = op_from_json(to_json(op), again);
    fuzz::check(!e, "an op that decoded decodes again from its encoding", message.dump());
    fuzz::check(canonical_text(to_json(again)) == canonical_text(to_json(op)), "an op re-encodes to the same value",
                message.dump());
  }
}

// The facilitator who watches: applies what the host sends, asks for a snapshot
// when an op does not apply, as the app's client does.
struct Observer {
  FuzzPeer peer;
  Replica replica;
  void pump(net::Meeting& meeting) {
    for (int guard = 0; guard < 64 && !peer.out.empty(); ++guard) {
      while (!peer.out.empty()) {
        const json j = host_message(peer.out.front());
        peer.out.pop_front();
        std::vector<ClientEvent> events;
        replica.receive(j, events);
      }
      if (replica.take_resync_request()) meeting.receive(peer, R"({"type":"resync"})");
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Board sample = sample_board();
  MeetingConfig config;
  config.join_code = "123456";
  config.facilitator_key = "fkey";
  config.messages_per_second = 0;  // the message budget reads the clock; the fuzzer wants the same run twice
  net::Meeting meeting(config, sample, 0, {}, std::make_shared<MemoryJournal>(true, false), [](std::function<void()>) {});

  Observer observer;
  observer.peer.addr = "10.0.0.1";
  meeting.receive(observer.peer,
                  R"({"type":"hello","protocol":1,"code":"123456","name":"Observer","role":"facilitator",)"
                  R"("client_id":"observer","last_seq":0,"facilitator_key":"fkey"})");
  observer.pump(meeting);
  fuzz::check(observer.replica.joined(), "the observer joined");

  std::vector<std::unique_ptr<FuzzPeer>> peers;
  peers.push_back(std::make_unique<FuzzPeer>());
  for (std::string_view frame : fuzz::split_records(fuzz::as_text(data, size))) {
    if (peers.back()->closing) {  // the socket closes; the next frame is a new connection
      meeting.leave(*peers.back());
      peers.push_back(std::make_unique<FuzzPeer>());
    }
    FuzzPeer& peer = *peers.back();
    json decoded;
    if (!parse_json(frame, decoded)) {
      json again;
      const auto e = parse_json(wire_text(decoded), again);
      fuzz::check(!e && again == decoded, "a frame re-encodes and decodes to the same JSON", std::string(frame));
      if (decoded.is_array())
        for (const json& one : decoded) check_decodes_to_same_value(one);
      else
        check_decodes_to_same_value(decoded);
    }
    meeting.receive(peer, frame);
    while (!peer.out.empty()) {
      host_message(peer.out.front());
      peer.out.pop_front();
    }
    observer.pump(meeting);
  }
  if (meeting.seq() > 0) {  // nothing accepted: the board is the sample, checked by the board harness
    const std::string host = state_hash_hex(meeting.board());
    const std::string seen = state_hash_hex(observer.replica.confirmed());
    fuzz::check(host == seen, "the observing facilitator holds the host's board", "host " + host + " observer " + seen);
    Board reloaded;
    const auto e = board_from_json(json::parse(canonical_text(to_json(meeting.board()))), reloaded);
    fuzz::check(!e, "the host's board reads back from its file form", e ? e->message : "");
    fuzz::check(state_hash(reloaded) == state_hash(meeting.board()), "the host's reloaded board has the same hash");
  }
  for (auto& p : peers) meeting.leave(*p);
  meeting.leave(observer.peer);
  return 0;
}
