// issue 18: facilitators sign in to `tavle server` from the app (net/desk.hpp,
// net/desk_client.hpp over session/server_meetings.cpp; docs/protocol.md,
// "Facilitators on a server"): the families an account may open are listed from the
// server, a meeting is started or opened there, and the app leads it as facilitator.
// The attacks first: a sign-in over a plain connection, a wrong password, a name that
// is no account, guessing from one address, a made-up or ended sign-in, a family
// that was not granted, a disabled account.
#include "net/server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "board/sample.hpp"
#include "net/client.hpp"
#include "net/desk_client.hpp"
#include "net/tls.hpp"
#include "probe/ws_client.hpp"
#include "session/server_meetings.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
constexpr Millis kNow = 1795593600000;
constexpr const char* kPassword = "rolig-hest-92-batteri";

template <class Check>
bool eventually_true(Check check) {
  for (int i = 0; i < 1000; ++i) {
    if (check()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// Counts the sign-ins the server asks the store to check.
class SignInCounter : public net::MeetingLibrary {
 public:
  SignInCounter(std::unique_ptr<net::MeetingLibrary> inner, std::atomic<int>& checks, std::atomic<bool>& fresh,
                std::function<void()> before_sign_in = {})
      : inner_(std::move(inner)), checks_(checks), fresh_(fresh), before_sign_in_(std::move(before_sign_in)) {}
  std::optional<Error> list(std::vector<std::string>& ids) override { return inner_->list(ids); }
  std::optional<Error> load(const std::string& id, const std::string& location, net::MeetingSetup& out) override {
    return inner_->load(id, location, out);
  }
  std::optional<Error> facilitator_keys(const std::vector<std::string>& ids,
                                        std::map<std::string, std::string>& out) override {
    return inner_->facilitator_keys(ids, out);
  }
  std::optional<Error> sign_in(const std::string& name, const std::string& password, const std::string& address,
                               bool fresh_address, std::optional<net::DeskAccount>& accepted) override {
    ++checks_;
    fresh_ = fresh_address;
    if (before_sign_in_) before_sign_in_();
    return inner_->sign_in(name, password, address, fresh_address, accepted);
  }
  std::optional<Error> families(const net::DeskAccount& account, std::vector<net::DeskFamily>& out) override {
    return inner_->families(account, out);
  }
  std::optional<Error> new_meeting(const net::DeskAccount& account, const std::string& address, const std::string& family,
                                   const std::string& label, net::DeskOpened& out) override {
    return inner_->new_meeting(account, address, family, label, out);
  }
  std::optional<Error> open_meeting(const net::DeskAccount& account, const std::string& address, const std::string& meeting,
                                    net::DeskOpened& out) override {
    return inner_->open_meeting(account, address, meeting, out);
  }

 private:
  std::unique_ptr<net::MeetingLibrary> inner_;
  std::atomic<int>& checks_;
  std::atomic<bool>& fresh_;
  std::function<void()> before_sign_in_;
};

class ServerDeskTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    open();
    ASSERT_FALSE(store->import_meeting(sample_board(), kNow));  // family f-jensen, meeting m-sample
    store::FamilyInfo other;
    ASSERT_FALSE(store->create_family("Familien Holm", kNow, other));
    other_family = other.id;
    Board board;
    ASSERT_FALSE(store->create_meeting(other_family, "m-holm", kNow + 1, false, board));
    ASSERT_FALSE(store->add_facilitator("pia", kPassword, kNow, "test"));
    ASSERT_FALSE(store->grant_family("pia", "f-jensen", kNow, "test"));
    ASSERT_FALSE(store->add_facilitator("ole", kPassword, kNow, "test"));
    store.reset();
    ASSERT_FALSE(net::make_self_signed_identity(identity));
    start_server();
  }
  void TearDown() override {
    release_sign_ins();
    server.reset();
    StoreBackendTest::TearDown();
  }

  void start_server(int failures_per_address = 10) {
    auto library = session::stored_meetings({dir.string(), "", url}, net::MeetingConfig{}, "test (tavle server)");
    net::ServerConfig config;
    config.address = "127.0.0.1";
    config.tls = identity;
    config.plain = net::PlainConnections::Everyone;  // so that a plain sign-in can be tried
    config.sign_in_failures_per_address = failures_per_address;
    config.key_check_every = key_check_every;
    server = std::make_unique<net::Server>(
        config, std::make_unique<SignInCounter>(std::move(library), checks, fresh, [this] {
          std::unique_lock lock(hold_mutex);
          held.wait(lock, [this] { return !hold_sign_ins; });
        }));
    auto e = server->start();
    ASSERT_FALSE(e.has_value()) << e->message;
  }

  void release_sign_ins() {
    {
      std::lock_guard lock(hold_mutex);
      hold_sign_ins = false;
    }
    held.notify_all();
  }

  net::DeskServer where() const { return net::DeskServer{"127.0.0.1", server->port(), identity.fingerprint, ""}; }
  net::DeskAnswer ask(const json& request) { return desk.ask_and_wait(where(), request); }
  std::string sign_in(const std::string& name = "pia", const std::string& password = kPassword) {
    const net::DeskAnswer a = ask(net::sign_in_request(name, password));
    EXPECT_EQ(a.type, "signed_in") << a.error_code << ": " << a.message;
    return a.token;
  }

  // The app leads the meeting: joins /m/ID/ws as facilitator with the key it was
  // given, and stays. False when it was refused (or not in within 10 s).
  bool join(net::Client& client, const net::DeskOpened& opened, std::string* why = nullptr) {
    net::JoinParams p;
    p.port = server->port();
    p.meeting_id = opened.meeting_id;
    p.name = "Pia";
    p.role = net::Role::Facilitator;
    p.facilitator_key = opened.facilitator_key;
    p.client_id = "pia-laptop";
    p.fingerprint = identity.fingerprint;
    client.connect(p);
    bool joined = false;
    for (int i = 0; i < 1000 && !joined; ++i) {
      const net::ConnectionStatus status = client.status();
      joined = status.state == net::ConnectionState::Connected;
      if (!joined && status.state == net::ConnectionState::Offline && !status.last_error_code.empty()) break;
      if (!joined) std::this_thread::sleep_for(10ms);
    }
    if (why) *why = client.status().last_error_code + ": " + client.status().last_error;
    return joined;
  }
  bool lead(const net::DeskOpened& opened, std::string* why = nullptr) {
    net::Client client;
    const bool joined = join(client, opened, why);
    client.disconnect();
    return joined;
  }
  // Pia, signed in with `token`, opens the Jensens' meeting and leads it with `app`.
  void pia_leads(net::Client& app, const std::string& token, net::DeskOpened& out) {
    const net::DeskAnswer opened = ask(net::open_meeting_request(token, "m-sample"));
    ASSERT_EQ(opened.type, "meeting") << opened.error_code << ": " << opened.message;
    out = opened.opened;
    std::string why;
    ASSERT_TRUE(join(app, out, &why)) << why;
  }
  // IT hands the Jensens from Pia to Ole: tavle server user grant, then revoke.
  void jensens_go_to_ole() {
    open();
    ASSERT_FALSE(store->grant_family("ole", "f-jensen", kNow + 4, "admin"));
    ASSERT_FALSE(store->revoke_family("pia", "f-jensen", kNow + 5, "admin"));
    store.reset();
  }
  // The app leading `opened` is put out for a changed key, and that key leads nothing.
  void put_out_for_good(net::Client& app, const net::DeskOpened& opened) {
    EXPECT_TRUE(eventually_true([&] {
      const net::ConnectionStatus s = app.status();
      return s.last_error_code == "facilitator_key_changed" && s.state == net::ConnectionState::Offline;
    })) << app.status().last_error_code << ": " << app.status().last_error;
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(app.status().state, net::ConnectionState::Offline) << "the app tries again with the old key";
    std::string why;
    EXPECT_FALSE(lead(opened, &why)) << "the key handed out before still leads the meeting";
    EXPECT_NE(why.find("forbidden_role"), std::string::npos) << why;
  }

  net::TlsIdentity identity;
  std::atomic<int> checks{0};
  std::atomic<bool> fresh{false};  // what the last sign-in was told about its address
  std::mutex hold_mutex;  // a sign-in's check waits while hold_sign_ins
  std::condition_variable held;
  bool hold_sign_ins = false;
  std::string other_family;
  std::chrono::milliseconds key_check_every = 100ms;
  std::unique_ptr<net::Server> server;
  net::DeskClient desk;
};

// [attack] A password on a plain connection is refused before anything looks at
// it: the store is never asked, whatever the password.
TEST_P(ServerDeskTest, ASignInOverAPlainConnectionIsRefusedBeforeThePasswordIsChecked) {
  probe::WsOptions options;
  options.path = "/facilitator";
  probe::WsClient plain(server->port(), options);
  plain.send(net::sign_in_request("pia", kPassword).dump());
  const auto answer = plain.read();
  ASSERT_TRUE(answer);
  EXPECT_NE(answer->find("needs_encryption"), std::string::npos) << *answer;
  EXPECT_EQ(answer->find("token"), std::string::npos) << *answer;
  EXPECT_EQ(checks.load(), 0) << "the store checked a password that came in clear";
}

// [attack] A wrong password and a name that is no account get the same answer.
TEST_P(ServerDeskTest, AWrongPasswordAndAnUnknownNameGetTheSameRefusal) {
  const net::DeskAnswer wrong = ask(net::sign_in_request("pia", "not-the-password"));
  const net::DeskAnswer nobody = ask(net::sign_in_request("nobody", kPassword));
  EXPECT_EQ(wrong.type, "error");
  EXPECT_EQ(wrong.error_code, "sign_in_refused");
  EXPECT_EQ(nobody.error_code, wrong.error_code);
  EXPECT_EQ(nobody.message, wrong.message);
  EXPECT_TRUE(wrong.token.empty());
}

// [attack] Guessing from one address: after the allowed number of refusals within
// the window, even the right password is answered "wait", without being checked.
TEST_P(ServerDeskTest, GuessingFromOneAddressIsMadeToWaitEvenWithTheRightPassword) {
  server.reset();
  start_server(3);
  for (int i = 0; i < 3; ++i)  // three names, so that no one account's own wait decides
    EXPECT_EQ(ask(net::sign_in_request("guess" + std::to_string(i), "x")).error_code, "sign_in_refused");
  const int checked = checks.load();
  const net::DeskAnswer a = ask(net::sign_in_request("pia", kPassword));
  EXPECT_EQ(a.error_code, "wait") << a.type << " " << a.message;
  EXPECT_EQ(checks.load(), checked) << "a password was checked during the wait";
}

// [attack] Guesses sent all at once from one address cannot pass the limit before the
// first is refused: each is counted when it arrives, and only two are checked at once.
TEST_P(ServerDeskTest, GuessesSentAllAtOnceAreCountedBeforeTheyAreChecked) {
  server.reset();
  start_server(3);
  std::vector<std::unique_ptr<net::DeskClient>> guessers;
  for (int i = 0; i < 8; ++i) {
    guessers.push_back(std::make_unique<net::DeskClient>());
    guessers.back()->ask(where(), net::sign_in_request("guess" + std::to_string(i), "x"));
  }
  for (auto& g : guessers) eventually_true([&] { return !g->busy(); });
  EXPECT_LE(checks.load(), 3) << "more passwords were checked than the address may try";
}

// [attack] Someone who knows a facilitator's name can put the account in its wait
// (5 wrong passwords), but cannot keep its owner out: from an address that has made
// no attempt lately the right password is still checked and signs in. From the
// guesser's address the wait holds.
TEST_P(ServerDeskTest, AnAccountsWaitStopsTheGuesserNotItsOwnerAtAnotherMachine) {
  open();
  store::SignInResult r;
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(store->verify_facilitator("pia", "wrong-wrong-wrong", kNow + i, r));
  ASSERT_FALSE(store->verify_facilitator("pia", kPassword, kNow + 10, r));
  EXPECT_EQ(r.refusal, store::SignInRefusal::TooManyFailures) << "the guesser's own next try must wait";
  ASSERT_FALSE(store->verify_facilitator("pia", kPassword, kNow + 11, r, /*fresh_address=*/true));
  EXPECT_TRUE(r.accepted) << store::refusal_name(r.refusal);
  store.reset();
  // The server tells the store which addresses are fresh: the first try of an address
  // is, the next within the window is not.
  ask(net::sign_in_request("ole", "wrong-wrong-wrong"));
  EXPECT_TRUE(fresh.load());
  ask(net::sign_in_request("ole", "wrong-wrong-wrong"));
  EXPECT_FALSE(fresh.load());
}

// [attack] A disabled account cannot make a family with a sign-in it still holds.
TEST_P(ServerDeskTest, AnAccountDisabledWhileSignedInMakesNoFamily) {
  const std::string token = sign_in();
  open();
  ASSERT_FALSE(store->set_facilitator_disabled("pia", true, kNow + 5, "admin"));
  store.reset();
  EXPECT_EQ(ask(net::new_family_request(token, "Familien Ny")).error_code, "not_allowed");
  open();
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  for (const auto& f : families) EXPECT_NE(f.label, "Familien Ny");
}

// [attack] Every request but the sign-in needs a live sign-in: a made-up token, and
// one that was signed out, get "signed_out" and nothing else.
TEST_P(ServerDeskTest, AMadeUpOrSignedOutTokenOpensNothing) {
  const net::DeskAnswer made_up = ask(net::open_meeting_request(std::string(64, 'a'), "m-sample"));
  EXPECT_EQ(made_up.error_code, "signed_out");
  const std::string token = sign_in();
  EXPECT_EQ(ask(net::sign_out_request(token)).type, "signed_out");
  const net::DeskAnswer after = ask(net::open_meeting_request(token, "m-sample"));
  EXPECT_EQ(after.error_code, "signed_out");
  EXPECT_TRUE(after.opened.facilitator_key.empty());
}

// [attack] An account opens only the families it was granted: another family's
// meeting and a new meeting for it are refused, and its list does not show it.
TEST_P(ServerDeskTest, AFamilyThatWasNotGrantedIsNeitherListedNorOpened) {
  const net::DeskAnswer signed_in = ask(net::sign_in_request("pia", kPassword));
  ASSERT_EQ(signed_in.type, "signed_in");
  ASSERT_EQ(signed_in.families.size(), 1u);
  EXPECT_EQ(signed_in.families[0].id, "f-jensen");
  const net::DeskAnswer open = ask(net::open_meeting_request(signed_in.token, "m-holm"));
  EXPECT_EQ(open.error_code, "not_allowed");
  EXPECT_TRUE(open.opened.facilitator_key.empty());
  EXPECT_EQ(ask(net::new_meeting_request(signed_in.token, other_family)).error_code, "not_allowed");
  // A meeting that does not exist reads the same as one not granted.
  EXPECT_EQ(ask(net::open_meeting_request(signed_in.token, "m-nothing")).error_code, "not_allowed");
}

// [attack] An account disabled while signed in can do nothing more with its sign-in.
TEST_P(ServerDeskTest, AnAccountDisabledWhileSignedInOpensNothingMore) {
  const std::string token = sign_in();
  open();
  ASSERT_FALSE(store->set_facilitator_disabled("pia", true, kNow + 5, "admin"));
  store.reset();
  EXPECT_EQ(ask(net::open_meeting_request(token, "m-sample")).error_code, "not_allowed");
  EXPECT_EQ(ask(net::families_request(token)).error_code, "not_allowed");
}

// [attack] A new password ends every sign-in made with the old one: IT changes the
// password of a facilitator whose laptop was lost, and that laptop's app, still
// signed in, opens nothing more.
TEST_P(ServerDeskTest, ANewPasswordEndsTheSignInsMadeWithTheOldOne) {
  const std::string token = sign_in();
  ASSERT_EQ(ask(net::families_request(token)).type, "families");
  open();
  ASSERT_FALSE(store->set_facilitator_password("pia", "a-new-password-for-pia", kNow + 5, "admin"));
  store.reset();
  const net::DeskAnswer open_it = ask(net::open_meeting_request(token, "m-sample"));
  EXPECT_EQ(open_it.error_code, "signed_out");
  EXPECT_TRUE(open_it.opened.facilitator_key.empty());
  EXPECT_EQ(ask(net::families_request(token)).error_code, "signed_out");
  EXPECT_EQ(ask(net::new_family_request(token, "Familien Ny")).error_code, "signed_out");
  // The new password signs in again.
  const net::DeskAnswer again = ask(net::sign_in_request("pia", "a-new-password-for-pia"));
  ASSERT_EQ(again.type, "signed_in") << again.message;
  EXPECT_EQ(ask(net::open_meeting_request(again.token, "m-sample")).type, "meeting");
}

// [attack] A family revoked from a facilitator whose app leads its meeting: the app is
// put out of the meeting in memory within the server's key check, the key it was
// handed leads the meeting no more (nor does its rejoin token), and the family's
// other facilitator is handed the new key, which does. The access log says so.
TEST_P(ServerDeskTest, AFamilyRevokedPutsItsFacilitatorOutAndTheKeyTheyHadLeadsNothing) {
  const std::string token = sign_in();
  net::Client app;
  net::DeskOpened pias;
  ASSERT_NO_FATAL_FAILURE(pia_leads(app, token, pias));
  ASSERT_NO_FATAL_FAILURE(jensens_go_to_ole());
  put_out_for_good(app, pias);
  EXPECT_EQ(ask(net::open_meeting_request(token, "m-sample")).error_code, "not_allowed");
  const net::DeskAnswer for_ole = ask(net::open_meeting_request(sign_in("ole"), "m-sample"));
  ASSERT_EQ(for_ole.type, "meeting") << for_ole.error_code << ": " << for_ole.message;
  EXPECT_NE(for_ole.opened.facilitator_key, pias.facilitator_key);
  EXPECT_EQ(for_ole.opened.join_code, pias.join_code) << "the family's code stays";
  std::string why;
  EXPECT_TRUE(lead(for_ole.opened, &why)) << why;
  open();
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log("f-jensen", 0, log));
  const bool said = std::any_of(log.begin(), log.end(), [](const store::AccessEntry& e) {
    return e.action == store::access::kFamilyRevoked && e.detail.find("new_facilitator_keys=1") != std::string::npos;
  });
  EXPECT_TRUE(said) << "the revocation's entry does not say the key changed";
}

// Right after a revocation, before the server's key check, the family's other
// facilitator opens the meeting: it is handed the new key, and leads at once (the
// meeting in memory takes the key the store gave out, and puts the old one's app out).
TEST_P(ServerDeskTest, TheNewKeyHandedOutLeadsAtOnceBeforeTheServersKeyCheck) {
  server.reset();
  key_check_every = std::chrono::hours(1);
  start_server();
  net::Client app;
  net::DeskOpened pias;
  ASSERT_NO_FATAL_FAILURE(pia_leads(app, sign_in(), pias));
  ASSERT_NO_FATAL_FAILURE(jensens_go_to_ole());
  const net::DeskAnswer for_ole = ask(net::open_meeting_request(sign_in("ole"), "m-sample"));
  ASSERT_EQ(for_ole.type, "meeting") << for_ole.error_code << ": " << for_ole.message;
  std::string why;
  EXPECT_TRUE(lead(for_ole.opened, &why)) << why;
  put_out_for_good(app, pias);
}

// [attack] A lost laptop: IT gives the facilitator a new password. The app on that
// laptop, leading a meeting, is put out, and its key leads nothing. The facilitator
// signs in again elsewhere and leads; disabling the account puts that app out too.
TEST_P(ServerDeskTest, ANewPasswordOrADisabledAccountPutsTheFacilitatorsAppOut) {
  net::Client lost_laptop;
  net::DeskOpened first;
  ASSERT_NO_FATAL_FAILURE(pia_leads(lost_laptop, sign_in(), first));
  open();
  ASSERT_FALSE(store->set_facilitator_password("pia", "a-new-password-for-pia", kNow + 5, "admin"));
  store.reset();
  put_out_for_good(lost_laptop, first);
  net::Client new_laptop;
  net::DeskOpened again;
  ASSERT_NO_FATAL_FAILURE(pia_leads(new_laptop, sign_in("pia", "a-new-password-for-pia"), again));
  open();
  ASSERT_FALSE(store->set_facilitator_disabled("pia", true, kNow + 6, "admin"));
  store.reset();
  put_out_for_good(new_laptop, again);
}

// The whole way: sign in, see the family with its meeting, open it, and lead it.
// The access log says which account opened it, from where.
TEST_P(ServerDeskTest, AFacilitatorSignsInSeesItsFamiliesOpensAMeetingAndLeadsIt) {
  const net::DeskAnswer signed_in = ask(net::sign_in_request("pia", kPassword));
  ASSERT_EQ(signed_in.type, "signed_in") << signed_in.message;
  EXPECT_EQ(signed_in.name, "pia");
  ASSERT_EQ(signed_in.families.size(), 1u);
  const net::DeskFamily& family = signed_in.families[0];
  ASSERT_EQ(family.meetings.size(), 1u);
  EXPECT_EQ(family.meetings[0].id, "m-sample");
  const net::DeskAnswer opened = ask(net::open_meeting_request(signed_in.token, "m-sample"));
  ASSERT_EQ(opened.type, "meeting") << opened.error_code << ": " << opened.message;
  EXPECT_EQ(opened.opened.family_id, "f-jensen");
  EXPECT_FALSE(opened.opened.join_code.empty());
  std::string why;
  EXPECT_TRUE(lead(opened.opened, &why)) << why;
  open();
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log("f-jensen", 0, log));
  const bool recorded = std::any_of(log.begin(), log.end(), [](const store::AccessEntry& e) {
    return e.action == store::access::kOpened && e.actor.find("pia") != std::string::npos &&
           e.detail == "meeting=m-sample";
  });
  EXPECT_TRUE(recorded) << "no access log entry for the account's opening";
}

// A new family made from the app is one its facilitator may open, and its first
// meeting can be led at once (the server's index knows it without waiting to list
// the store again). A new meeting of a family continues its last one.
TEST_P(ServerDeskTest, ANewFamilyAndANewMeetingCanBeLedAtOnce) {
  const std::string token = sign_in("ole");
  const net::DeskAnswer made = ask(net::new_family_request(token, "Familien Berg"));
  ASSERT_EQ(made.type, "meeting") << made.error_code << ": " << made.message;
  std::string why;
  EXPECT_TRUE(lead(made.opened, &why)) << why;
  const net::DeskAnswer listed = ask(net::families_request(token));
  ASSERT_EQ(listed.families.size(), 1u);
  EXPECT_EQ(listed.families[0].label, "Familien Berg");
  const net::DeskAnswer next = ask(net::new_meeting_request(token, made.opened.family_id));
  ASSERT_EQ(next.type, "meeting") << next.message;
  EXPECT_NE(next.opened.meeting_id, made.opened.meeting_id);
  EXPECT_TRUE(lead(next.opened, &why)) << why;
  EXPECT_EQ(ask(net::families_request(token)).families[0].meetings.size(), 2u);
}

// [attack] The app refuses a server whose certificate is not the one it was told.
TEST_P(ServerDeskTest, TheAppSendsNoPasswordToAServerWithAnotherCertificate) {
  net::TlsIdentity other;
  ASSERT_FALSE(net::make_self_signed_identity(other));
  net::DeskServer wrong = where();
  wrong.fingerprint = other.fingerprint;
  const net::DeskAnswer a = desk.ask_and_wait(wrong, net::sign_in_request("pia", kPassword));
  EXPECT_EQ(a.error_code, "wrong_host") << a.message;
  EXPECT_EQ(checks.load(), 0);
}

// [attack] A flood of sign-ins (each an Argon2id check) never delays a family's
// tablet: meetings are loaded on their own thread, apart from the desk's.
TEST_P(ServerDeskTest, ASignInBeingCheckedDoesNotDelayLoadingAMeeting) {
  hold_sign_ins = true;
  net::DeskClient waiting;
  waiting.ask(where(), net::sign_in_request("pia", kPassword));
  ASSERT_TRUE(eventually_true([&] { return checks.load() == 1; }));  // the check has begun, and is held
  probe::WsOptions options;
  options.path = "/m/m-holm/ws";
  probe::WsClient tablet(server->port(), options);
  session::MeetingCodes codes;
  ASSERT_FALSE(session::meeting_codes(session::StorePlace{dir.string(), "", url}, "m-holm", codes));
  tablet.send_hello(codes.join_code, "family", "tablet-1");
  const auto welcome = tablet.read(std::chrono::seconds(8));  // one read: the family's first frame is its welcome
  EXPECT_TRUE(welcome && welcome->find("\"welcome\"") != std::string::npos)
      << "the meeting was not loaded while a sign-in was being checked";
  EXPECT_TRUE(waiting.busy());
  release_sign_ins();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerDeskTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

}  // namespace
}  // namespace tavle::testing
