// issue 18: `tavle server`, many meetings on one port (net/server.hpp over
// session/server_meetings.hpp, docs/server.md). Clients reach a meeting by its path
// /m/ID; each meeting keeps its own codes; a meeting not in use is not in memory.
// The attacks first: another meeting's code, unknown, malformed and oversize ids, a
// client that vanishes mid-join, a flood of made-up ids.
#include "net/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "board/apply.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "net/client.hpp"
#include "net/tls.hpp"
#include "probe/ws_client.hpp"
#include "session/server_meetings.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
constexpr Millis kNow = 1795593600000;

// Counts what the server asks of the store.
class CountingLibrary : public net::MeetingLibrary {
 public:
  CountingLibrary(std::unique_ptr<net::MeetingLibrary> inner, std::atomic<int>& lists, std::atomic<int>& loads)
      : inner_(std::move(inner)), lists_(lists), loads_(loads) {}
  std::optional<Error> list(std::vector<std::string>& ids) override {
    ++lists_;
    return inner_->list(ids);
  }
  std::optional<Error> load(const std::string& id, const std::string& location, net::MeetingSetup& out) override {
    ++loads_;
    return inner_->load(id, location, out);
  }
  std::optional<Error> facilitator_keys(const std::vector<std::string>& ids,
                                        std::map<std::string, std::string>& out) override {
    return inner_->facilitator_keys(ids, out);
  }

 private:
  std::unique_ptr<net::MeetingLibrary> inner_;
  std::atomic<int>& lists_;
  std::atomic<int>& loads_;
};

class ServerTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    open();
    ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
    Board next;
    ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", kNow + 1, true, next));
    store.reset();
    start_server();
  }
  void TearDown() override {
    server.reset();
    codes_store.reset();
    StoreBackendTest::TearDown();
  }

  void start_server(const std::filesystem::path& web_root = {}, std::optional<net::TlsIdentity> tls = {}) {
    server = make_server(web_root, std::move(tls));
  }
  // `data_dir`: the server's own data directory (another machine's); default the test's.
  std::unique_ptr<net::Server> make_server(const std::filesystem::path& web_root = {},
                                           std::optional<net::TlsIdentity> tls = {},
                                           const std::filesystem::path& data_dir = {}) {
    net::MeetingConfig meeting;
    meeting.slowdown = 10ms;  // the answers after 5 failures: not the test's time
    auto library = session::stored_meetings({data_dir.empty() ? dir.string() : data_dir.string(), "", url}, meeting,
                                            "test (tavle server)");
    net::ServerConfig config;
    config.address = "127.0.0.1";
    config.relist_every = 300ms;
    config.key_check_every = key_check_every;
    config.web_root = web_root;
    config.tls = std::move(tls);
    if (config.tls) config.plain = net::PlainConnections::Everyone;  // the probes speak plain WebSocket
    auto made = std::make_unique<net::Server>(
        config, std::make_unique<CountingLibrary>(std::move(library), lists, loads));
    auto e = made->start();
    EXPECT_FALSE(e.has_value()) << e->message;
    return made;
  }

  session::MeetingCodes codes(const std::string& meeting) {
    session::MeetingCodes c;
    // One connection for the test's questions: codes are asked for often.
    if (!codes_store) {
      auto e = session::open_store(session::StorePlace{dir.string(), "", url}, codes_store);
      EXPECT_FALSE(e.has_value()) << e->message;
      if (e) return c;
    }
    auto e = session::meeting_codes(*codes_store, dir.string(), meeting, c);
    EXPECT_FALSE(e.has_value()) << e->message;
    return c;
  }

  std::unique_ptr<probe::WsClient> connect(const std::string& path, const std::string& from = "",
                                           net::Server* to = nullptr) {
    probe::WsOptions options;
    options.path = path;
    options.from = from;
    return std::make_unique<probe::WsClient>((to ? to : server.get())->port(), options);
  }

  // Joins meeting `meeting` as its facilitator; returns the welcome.
  json join_as_facilitator(probe::WsClient& ws, const std::string& meeting, const std::string& id) {
    ws.send_hello("", "facilitator", id, R"(,"facilitator_key":")" + codes(meeting).facilitator_key + "\"");
    auto welcome = ws.read_until("\"welcome\"");
    EXPECT_TRUE(welcome) << "no welcome in " << meeting;
    if (!welcome) return json();
    json j = json::parse(*welcome);
    if (j.is_array())
      for (auto& m : j)
        if (m.value("type", "") == "welcome") return m;
    return j;
  }

  static std::string add_card(const std::string& me, const std::string& id, const std::string& text) {
    return json{{"type", "op"},
                {"op", {{"id", id}, {"author", me}, {"at", 1}, {"kind", "add_card"}, {"target", "c-" + id},
                        {"value", {{"column", "worries"}, {"text", text}}}}}}
        .dump();
  }

  // The refusal a connection on `path` gets after its hello.
  std::string refusal_on(const std::string& path, const std::string& from = "", std::string code = "") {
    auto ws = connect(path, from);
    ws->send_hello(code.empty() ? codes("m-sample").join_code : code, "family", "scan");
    auto answer = ws->read();
    return answer ? *answer : "(closed without an answer)";
  }

  bool wait_unloaded(std::chrono::milliseconds within = 5s) {
    const auto until = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < until) {
      if (server->status().loaded == 0) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  std::string hash_of(const std::string& meeting, std::uint64_t* seq = nullptr) {
    std::string hash;
    server->inspect(meeting, [&](const net::Meeting* m) {
      if (!m) return;
      hash = state_hash_hex(m->board());
      if (seq) *seq = m->durable_seq();
    });
    return hash;
  }

  // What IT does when a facilitator's access to the Jensens ends (tavle server user
  // revoke): the family's meetings get new facilitator keys in the store.
  void revoke_a_facilitator() {
    open();
    ASSERT_FALSE(store->add_facilitator("pia", "correct horse battery", kNow, "test"));
    ASSERT_FALSE(store->grant_family("pia", "f-jensen", kNow, "test"));
    ASSERT_FALSE(store->revoke_family("pia", "f-jensen", kNow + 1, "admin"));
    store.reset();
  }

  std::chrono::milliseconds key_check_every = 100ms;
  std::atomic<int> lists{0}, loads{0};
  std::unique_ptr<net::Server> server;
  std::unique_ptr<store::Store> codes_store;
};

// [attack] The room's code, the professional code and the facilitator key of one
// meeting open that meeting only.
TEST_P(ServerTest, OneMeetingsCodesDoNotOpenAnotherMeeting) {
  const session::MeetingCodes sample = codes("m-sample"), next = codes("m-next");
  ASSERT_NE(sample.join_code, next.join_code);
  auto family = connect("/m/m-next");
  family->send_hello(sample.join_code, "family", "fam");
  EXPECT_NE(family->read().value_or("").find("wrong_code"), std::string::npos);
  auto pro = connect("/m/m-next");
  pro->send_hello("", "professional", "pro", R"(,"professional_code":")" + sample.professional_code + "\"");
  EXPECT_NE(pro->read().value_or("").find("wrong_code"), std::string::npos);
  auto facilitator = connect("/m/m-next");
  facilitator->send_hello("", "facilitator", "fac", R"(,"facilitator_key":")" + sample.facilitator_key + "\"");
  EXPECT_NE(facilitator->read().value_or("").find("forbidden_role"), std::string::npos);
  // and each opens its own
  auto own = connect("/m/m-sample");
  own->send_hello(sample.join_code, "family", "own");
  EXPECT_TRUE(own->read_until("\"welcome\""));
}

// [attack] Unknown, malformed and oversize ids, and paths naming no meeting, all get
// one answer (which says nothing about other meetings) and load nothing.
TEST_P(ServerTest, UnknownMalformedAndOversizeIdsGetOneAnswerAndLoadNothing) {
  const std::vector<std::string> paths = {"/m/m-none",         "/m/" + std::string(65, 'a'), "/m/../m-sample",
                                          "/m/.hidden",        "/m/m%2Dsample",             "/ws",
                                          "/",                 "/m/",                       "/m//m-sample",
                                          "/m/m-sample\xff",   "/M/m-sample"};
  for (const std::string& path : paths) {
    const std::string answer = refusal_on(path);
    EXPECT_NE(answer.find("\"unknown_meeting\""), std::string::npos) << path << ": " << answer;
    EXPECT_EQ(answer.find("m-sample"), std::string::npos) << path << ": " << answer;
    EXPECT_EQ(answer.find("m-next"), std::string::npos) << path << ": " << answer;
  }
  EXPECT_EQ(loads.load(), 0);
  EXPECT_EQ(server->status().loaded, 0u);
  {
    auto db = raw_database();
    store::Query kept(*db, "SELECT count(*) FROM meeting_codes WHERE meeting_id <> 'm-sample'");
    ASSERT_TRUE(kept.step());
    EXPECT_EQ(kept.integer(0), 0) << "codes were made for an id no meeting has";
  }
  // The server goes on: a real meeting still opens.
  auto ws = connect("/m/m-sample");
  EXPECT_FALSE(join_as_facilitator(*ws, "m-sample", "fac").is_null());
}

// [attack] Many connections to made-up ids: the store is listed again at most once
// per relist_every, nothing is loaded, and the scanning address is then refused.
TEST_P(ServerTest, AFloodOfMadeUpIdsLoadsNothingAndListsTheStoreSeldom) {
  const int before = lists.load();
  for (int i = 0; i < 60; ++i) {
    const std::string answer = refusal_on("/m/m-" + std::to_string(1000 + i), "127.0.0." + std::to_string(2 + i % 3));
    EXPECT_NE(answer.find("unknown_meeting"), std::string::npos) << answer;
  }
  EXPECT_EQ(loads.load(), 0);
  EXPECT_LE(lists.load() - before, 3) << "each made-up id listed the store";
  // 20 unknown ids a minute from one address: it is scanning; even a real meeting is refused to it.
  EXPECT_NE(refusal_on("/m/m-sample", "127.0.0.2").find("unknown_meeting"), std::string::npos);
  EXPECT_NE(refusal_on("/m/m-sample", "127.0.0.9").find("welcome"), std::string::npos)
      << "another address is not punished";
}

// [attack] A client that upgrades and vanishes before the meeting is loaded.
TEST_P(ServerTest, AClientThatVanishesMidJoinLeavesNothingLoaded) {
  for (int i = 0; i < 5; ++i) {
    auto ws = connect("/m/m-sample");
    ws->socket().close();
  }
  EXPECT_TRUE(wait_unloaded());
  auto ws = connect("/m/m-next");
  EXPECT_FALSE(join_as_facilitator(*ws, "m-next", "fac").is_null()) << "the server stopped serving";
}

// [attack] Wrong codes are counted across unloading: leaving and coming back does
// not give a code guesser new tries.
TEST_P(ServerTest, FailedJoinsAreCountedAcrossUnloading) {
  for (int i = 0; i < 10; ++i) {
    auto ws = connect("/m/m-sample");
    ws->send_hello("0000000000", "family", "guess");
    ws->read();
    ws.reset();
    ASSERT_TRUE(wait_unloaded());
  }
  EXPECT_GE(loads.load(), 2);
  EXPECT_NE(refusal_on("/m/m-sample").find("too_many_attempts"), std::string::npos);
}

TEST_P(ServerTest, TwoMeetingsOnOneServerKeepTheirOpsApart) {
  auto a = connect("/m/m-sample"), b = connect("/m/m-next");
  const json wa = join_as_facilitator(*a, "m-sample", "fa"), wb = join_as_facilitator(*b, "m-next", "fb");
  const std::string me_a = wa.value("participant_id", ""), me_b = wb.value("participant_id", "");
  auto family_b = connect("/m/m-next");
  family_b->send_hello(codes("m-next").join_code, "family", "famb");
  ASSERT_TRUE(family_b->read_until("\"welcome\""));
  const std::string hash_b = hash_of("m-next");
  for (int i = 1; i <= 20; ++i) a->send(add_card(me_a, "a" + std::to_string(i), "only in m-sample"));
  ASSERT_TRUE(a->read_until("\"a20\""));
  b->send(add_card(me_b, "b1", "only in m-next"));
  std::string seen;
  ASSERT_TRUE(family_b->read_until("\"b1\"", &seen));
  EXPECT_EQ(seen.find("only in m-sample"), std::string::npos) << "an op of m-sample reached m-next";
  std::string seen_a;
  a->send(R"({"type":"ping","t":"end"})");
  ASSERT_TRUE(a->read_until("\"end\"", &seen_a));
  EXPECT_EQ(seen_a.find("only in m-next"), std::string::npos) << "an op of m-next reached m-sample";
  EXPECT_NE(hash_of("m-next"), hash_b);
  EXPECT_EQ(server->status().loaded, 2u);
  EXPECT_EQ(server->status().connections, 3u);
}

TEST_P(ServerTest, AMeetingUnloadsWhenItsLastClientLeavesAndComesBackWithEveryAcknowledgedOp) {
  std::string hash;
  std::uint64_t seq = 0;
  {
    auto ws = connect("/m/m-sample");
    const std::string me = join_as_facilitator(*ws, "m-sample", "fac").value("participant_id", "");
    for (int i = 1; i <= 200; ++i) ws->send(add_card(me, "k" + std::to_string(i), "card " + std::to_string(i)));
    ASSERT_TRUE(ws->read_until("\"k200\""));
    hash = hash_of("m-sample", &seq);
    EXPECT_GE(seq, 200u);
    ws->send(R"({"type":"bye"})");
  }
  ASSERT_TRUE(wait_unloaded()) << "the meeting stayed in memory without connections";
  EXPECT_EQ(hash_of("m-sample"), "");
  auto again = connect("/m/m-sample");
  const json welcome = join_as_facilitator(*again, "m-sample", "fac");
  EXPECT_EQ(welcome.value("seq", 0ull), seq + 1) << "the rejoin added one participant after the acknowledged ops";
  std::uint64_t seq_after = 0;
  hash_of("m-sample", &seq_after);
  EXPECT_EQ(seq_after, seq + 1);
  // Every acknowledged op is there: the board before the rejoin's participant, hashed.
  open();
  store::LoadedMeeting stored;
  server.reset();
  ASSERT_FALSE(store->load_meeting("m-sample", stored));
  EXPECT_EQ(stored.last_seq, seq + 1);
  std::vector<SequencedOp> ops;
  ASSERT_FALSE(store->ops_since("m-sample", 0, ops));
  Board replay = sample_board();
  for (const SequencedOp& s : ops) {
    if (s.seq > seq) break;
    ASSERT_TRUE(apply(replay, s.op).ok()) << s.seq;
  }
  EXPECT_EQ(state_hash_hex(replay), hash);
}

TEST_P(ServerTest, ANewCodeStaysNewAfterUnloading) {
  const std::string old_code = codes("m-sample").join_code;
  {
    auto ws = connect("/m/m-sample");
    join_as_facilitator(*ws, "m-sample", "fac");
    ws->send(R"({"type":"new_code"})");
    ASSERT_TRUE(ws->read_until("\"codes\""));
  }
  ASSERT_TRUE(wait_unloaded());
  EXPECT_NE(codes("m-sample").join_code, old_code);
  EXPECT_NE(refusal_on("/m/m-sample", "", old_code).find("wrong_code"), std::string::npos) << "the old code works again";
  EXPECT_NE(refusal_on("/m/m-sample").find("welcome"), std::string::npos) << "the new code does not work";
}

// [attack] The meeting's facilitator key changed in the store (a facilitator's access
// taken away, perhaps on another server): the facilitator connected with the old key
// is put out, and neither the old key nor the rejoin token it was given makes a
// facilitator again. The family's tablet stays; the new key leads.
TEST_P(ServerTest, AChangedFacilitatorKeyPutsTheFacilitatorOutAndTheirTokenLeadsNothing) {
  const session::MeetingCodes before = codes("m-sample");
  auto lead = connect("/m/m-sample");
  const json welcome = join_as_facilitator(*lead, "m-sample", "fac");
  const std::string token = welcome.value("token", "");
  ASSERT_FALSE(token.empty()) << welcome.dump();
  auto tablet = connect("/m/m-sample");
  tablet->send_hello(before.join_code, "family", "tablet");
  ASSERT_TRUE(tablet->read_until("\"welcome\""));
  revoke_a_facilitator();
  std::string seen;
  EXPECT_TRUE(lead->read_until("facilitator_key_changed", &seen)) << seen;
  const session::MeetingCodes after = codes("m-sample");
  EXPECT_NE(after.facilitator_key, before.facilitator_key);
  EXPECT_EQ(after.join_code, before.join_code) << "the family's code stays";
  EXPECT_EQ(after.professional_code, before.professional_code);
  const std::string old_key = R"("facilitator_key":")" + before.facilitator_key + "\"";
  const std::string old_token = R"("token":")" + token + "\"";
  for (const std::string& extra : {"," + old_token + "," + old_key, "," + old_token, "," + old_key}) {
    auto ws = connect("/m/m-sample");
    ws->send_hello("", "facilitator", "fac", extra);
    const auto answer = ws->read_until("\"error\"");
    EXPECT_TRUE(answer && answer->find("forbidden_role") != std::string::npos)
        << extra << ": " << answer.value_or("no answer");
  }
  EXPECT_TRUE(tablet->read_until("\"presence\"")) << "the family's tablet was put out too";
  auto again = connect("/m/m-sample");
  EXPECT_EQ(join_as_facilitator(*again, "m-sample", "fac").value("type", ""), "welcome") << "the new key";
}

// A new room's code made by a facilitator still holding the old key (before this
// server's key check) keeps the room's codes only: the new facilitator key stays.
TEST_P(ServerTest, ANewCodeMadeJustAfterTheKeyChangedDoesNotBringTheOldKeyBack) {
  server.reset();
  key_check_every = std::chrono::hours(1);  // the server has not compared keys yet
  start_server();
  auto lead = connect("/m/m-sample");
  join_as_facilitator(*lead, "m-sample", "fac");
  revoke_a_facilitator();
  const std::string new_key = codes("m-sample").facilitator_key;
  lead->send(R"({"type":"new_code"})");
  ASSERT_TRUE(lead->read_until("\"codes\""));
  lead.reset();
  ASSERT_TRUE(wait_unloaded());  // its writes are in the store
  EXPECT_EQ(codes("m-sample").facilitator_key, new_key) << "the new code wrote the meeting's old key back";
}

// The tablet page of meeting ID is the same page under /m/ID/ (its script connects
// to /m/ID/ws); nothing outside the web root is reachable through the prefix.
TEST_P(ServerTest, TheTabletPageOfAMeetingIsServedUnderItsPathOnly) {
  const auto root = dir / "web";
  std::filesystem::create_directories(root);
  std::ofstream(root / "index.html") << "<!doctype html><title>Tavle</title>";
  server.reset();
  start_server(root);
  namespace beast = boost::beast;
  auto get = [&](const std::string& target) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server->port()});
    beast::http::request<beast::http::empty_body> req{beast::http::verb::get, target, 11};
    req.set(beast::http::field::host, "127.0.0.1");
    beast::http::write(stream, req);
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> res;
    beast::http::read(stream, buffer, res);
    return res;
  };
  auto page = get("/m/m-sample/");
  EXPECT_EQ(page.result_int(), 200);
  EXPECT_NE(page.body().find("Tavle"), std::string::npos);
  auto bare = get("/m/m-sample?code=1");
  EXPECT_EQ(bare.result_int(), 301);
  EXPECT_EQ(bare[beast::http::field::location], "/m/m-sample/?code=1");
  EXPECT_EQ(get("/m/m-sample/../../etc/passwd").result_int(), 400);
  EXPECT_EQ(get("/m/m-sample/%2e%2e/x").result_int(), 400);
  EXPECT_EQ(get("/m/m-sample/missing.js").result_int(), 404);
  EXPECT_EQ(loads.load(), 0) << "serving the page loaded the meeting";
}

// The app's client over TLS (as `tavle server` always serves), to the meeting its
// join names: JoinParams::meeting_id makes the upgrade go to /m/ID/ws.
TEST_P(ServerTest, TheAppJoinsAMeetingOfTheServerOverTlsByItsId) {
  net::TlsIdentity identity;
  ASSERT_FALSE(net::make_self_signed_identity(identity));
  server.reset();
  start_server({}, identity);
  net::Client client;
  net::JoinParams p;
  p.port = server->port();
  p.meeting_id = "m-next";
  p.code = codes("m-next").join_code;
  p.name = "Mor";
  p.role = net::Role::Family;
  p.client_id = "app-1";
  p.fingerprint = identity.fingerprint;
  client.connect(p);
  bool joined = false;
  for (int i = 0; i < 1000 && !joined; ++i) {
    joined = client.status().state == net::ConnectionState::Connected;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(joined) << client.status().last_error;
  EXPECT_EQ(server->status().loaded, 1u);
  EXPECT_NE(hash_of("m-next"), "") << "the client reached another meeting";
  client.disconnect();
}

// More than one process (docs/server.md): two servers on one PostgreSQL host a
// meeting one at a time. The journal's connection holds the meeting's lease; a client
// of the other server is told where the meeting is hosted; once the first server lets
// go (unloaded), the other takes it, with every op the first acknowledged.
TEST_P(ServerTest, TwoServersOnOneDatabaseHostAMeetingOneAtATimeAndSayWhere) {
  if (GetParam() == Backend::Sqlite) GTEST_SKIP() << "a data directory's SQLite file is one machine's: never shared";
  auto other = make_server();
  ASSERT_NE(other->location(), server->location());
  std::string hash;
  {
    auto first = connect("/m/m-sample");
    const std::string me = join_as_facilitator(*first, "m-sample", "fac").value("participant_id", "");
    for (int i = 1; i <= 30; ++i) first->send(add_card(me, "l" + std::to_string(i), "card"));
    ASSERT_TRUE(first->read_until("\"l30\""));
    hash = hash_of("m-sample");
    auto elsewhere = connect("/m/m-sample", "", other.get());
    elsewhere->send_hello(codes("m-sample").join_code, "family", "fam");
    const std::string answer = elsewhere->read().value_or("");
    EXPECT_NE(answer.find("\"meeting_elsewhere\""), std::string::npos) << answer;
    EXPECT_NE(answer.find("\"location\":\"" + server->location() + "\""), std::string::npos) << answer;
    // The other server's own meetings are not held up.
    auto next = connect("/m/m-next", "", other.get());
    EXPECT_FALSE(join_as_facilitator(*next, "m-next", "fac2").is_null());
  }
  ASSERT_TRUE(wait_unloaded());
  auto moved = connect("/m/m-sample", "", other.get());
  EXPECT_FALSE(join_as_facilitator(*moved, "m-sample", "fac").is_null()) << "the lease was not let go";
  std::string hash_there;
  std::uint64_t seq = 0;
  other->inspect("m-sample", [&](const net::Meeting* m) {
    if (!m) return;
    seq = m->durable_seq();
    hash_there = state_hash_hex(m->board());
  });
  EXPECT_GE(seq, 31u);
  EXPECT_NE(hash_there, "");
  // The only difference: the participant the facilitator's rejoin added.
  auto again = connect("/m/m-sample");
  again->send_hello(codes("m-sample").join_code, "family", "fam2");
  EXPECT_NE(again->read().value_or("").find("meeting_elsewhere"), std::string::npos) << "both servers host it";
}

// [attack] Servers on one PostgreSQL run on machines of their own, each with its own
// data directory. A meeting the other server takes over admits with the codes its
// family, professionals and facilitator already have (docs/server.md): the codes are
// the database's, not one machine's. (Kept in each data directory, the other server
// made codes of its own and refused the family's typed code.)
TEST_P(ServerTest, AMeetingTakenOverByAServerWithAnotherDataDirectoryKeepsItsCodes) {
  if (GetParam() == Backend::Sqlite) GTEST_SKIP() << "a data directory's SQLite file is one machine's: never shared";
  const std::filesystem::path other_dir = dir.string() + "-other-machine";
  const session::MeetingCodes given = codes("m-sample");  // what the first server gave out
  {
    auto family = connect("/m/m-sample");
    family->send_hello(given.join_code, "family", "fam");
    ASSERT_TRUE(family->read_until("\"welcome\""));
  }
  ASSERT_TRUE(wait_unloaded());
  server.reset();  // the first machine is gone
  auto other = make_server({}, {}, other_dir);
  auto family = connect("/m/m-sample", "", other.get());
  family->send_hello(given.join_code, "family", "fam");
  EXPECT_TRUE(family->read_until("\"welcome\"")) << "the family's code stopped working after the takeover";
  auto pro = connect("/m/m-sample", "", other.get());
  pro->send_hello("", "professional", "pro", R"(,"professional_code":")" + given.professional_code + "\"");
  EXPECT_TRUE(pro->read_until("\"welcome\"")) << "the professional code stopped working after the takeover";
  auto fac = connect("/m/m-sample", "", other.get());
  fac->send_hello("", "facilitator", "fac", R"(,"facilitator_key":")" + given.facilitator_key + "\"");
  EXPECT_TRUE(fac->read_until("\"welcome\"")) << "the facilitator key stopped working after the takeover";
  other.reset();
  std::filesystem::remove_all(other_dir);
}

// A new_code on one server is the meeting's code on every server of the database:
// after unloading, another machine's server admits the new code and refuses the old.
TEST_P(ServerTest, ANewCodeIsTheCodeOnAnotherServerWithAnotherDataDirectory) {
  if (GetParam() == Backend::Sqlite) GTEST_SKIP() << "a data directory's SQLite file is one machine's: never shared";
  const std::filesystem::path other_dir = dir.string() + "-other-machine";
  const std::string old_code = codes("m-sample").join_code;
  std::string new_code;
  {
    auto ws = connect("/m/m-sample");
    join_as_facilitator(*ws, "m-sample", "fac");
    ws->send(R"({"type":"new_code"})");
    auto answer = ws->read_until("\"codes\"");
    ASSERT_TRUE(answer);
    server->inspect("m-sample", [&](const net::Meeting* m) {
      if (m) new_code = m->config().join_code;
    });
  }
  ASSERT_NE(new_code, old_code);
  ASSERT_TRUE(wait_unloaded());
  server.reset();
  auto other = make_server({}, {}, other_dir);
  auto with_old = connect("/m/m-sample", "", other.get());
  with_old->send_hello(old_code, "family", "old");
  EXPECT_NE(with_old->read().value_or("").find("wrong_code"), std::string::npos) << "the old code works again";
  auto with_new = connect("/m/m-sample", "", other.get());
  with_new->send_hello(new_code, "family", "new");
  EXPECT_TRUE(with_new->read_until("\"welcome\"")) << "the new code does not work on the other server";
  other.reset();
  std::filesystem::remove_all(other_dir);
}

// A meeting's codes file an earlier Tavle kept in the data directory
// (DIR/meetings/ID.codes) is taken into the store the first time the meeting is
// loaded, and removed: the codes people have keep working. A file for a meeting
// whose codes the store already holds (another server's older file) is removed
// too; the store's codes stay the meeting's.
TEST_P(ServerTest, ACodesFileOfAnEarlierTavleIsTakenIntoTheStoreOnceAndRemoved) {
  const std::filesystem::path file = dir / "meetings" / "m-sample.codes";
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "code=482913\nprofessional_code=pro-code-old\nfacilitator_key=key-of-an-earlier-tavle-0123\n";
  {
    auto family = connect("/m/m-sample");
    family->send_hello("482913", "family", "fam");
    EXPECT_TRUE(family->read_until("\"welcome\"")) << "the file's code does not work";
  }
  EXPECT_FALSE(std::filesystem::exists(file)) << "the file is still there";
  const session::MeetingCodes kept = codes("m-sample");
  EXPECT_EQ(kept.join_code, "482913");
  EXPECT_EQ(kept.professional_code, "pro-code-old");
  EXPECT_EQ(kept.facilitator_key, "key-of-an-earlier-tavle-0123");
  ASSERT_TRUE(wait_unloaded());
  std::ofstream(file) << "code=111111\nprofessional_code=stale\nfacilitator_key=a-stale-key-of-another-0123\n";
  EXPECT_EQ(codes("m-sample").join_code, "482913") << "a stale file replaced the store's codes";
  EXPECT_FALSE(std::filesystem::exists(file));
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql), backend_name);

}  // namespace
}  // namespace tavle::testing
