#include "session/server_meetings.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "board/text.hpp"
#include "net/secrets.hpp"
#include "net/security_log.hpp"
#include "net/static_files.hpp"
#include "session/sqlite_journal.hpp"
#include "session/store_writer.hpp"
#include "store/data_dir.hpp"
#include "store/store.hpp"

namespace tavle::session {
namespace {

namespace fs = std::filesystem;

// Where an earlier Tavle kept a meeting's codes: one file per server's data
// directory, which servers on other machines did not see. Read once, then removed.
fs::path old_codes_path(const std::string& data_dir, const std::string& meeting_id) {
  return fs::path(data_dir) / "meetings" / (meeting_id + ".codes");
}

// `found` false: there is no such file (never was, or another thread of this server
// took it in and removed it a moment ago).
std::optional<Error> read_old_codes(const fs::path& path, MeetingCodes& out, bool& found) {
  std::ifstream in(path);
  found = static_cast<bool>(in);
  if (!found) return std::nullopt;
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "code") out.join_code = value;
    else if (key == "professional_code") out.professional_code = value;
    else if (key == "facilitator_key") out.facilitator_key = value;
  }
  if (out.join_code.empty() || out.professional_code.empty() || out.facilitator_key.size() < 16)
    return Error{"corrupt", path.string() + ": not a meeting's codes as an earlier Tavle kept them; Tavle has not "
                                            "changed it: remove it (the store keeps the codes now)"};
  return std::nullopt;
}

class StoredMeetings : public net::MeetingLibrary {
 public:
  StoredMeetings(StorePlace place, net::MeetingConfig meeting, std::string hosted_by)
      : place_(std::move(place)),
        meeting_(std::move(meeting)),
        hosted_by_(std::move(hosted_by)),
        writer_(std::make_shared<StoreWriter>(place_, meeting_.security_log)) {}

  std::optional<Error> list(std::vector<std::string>& ids) override {
    // One connection for the index, kept: listing again is one query.
    if (auto e = open_index()) return e;
    std::vector<store::MeetingInfo> meetings;
    if (auto e = index_->list_meetings("", meetings)) return e;
    for (const store::MeetingInfo& m : meetings)
      if (net::valid_meeting_id(m.id)) ids.push_back(m.id);
    return std::nullopt;
  }

  std::optional<Error> load(const std::string& id, const std::string& location, net::MeetingSetup& out) override {
    // The codes through the index's connection (this is the loader thread, as list's),
    // after the writes of its last run (new codes, tokens) are in the store.
    if (auto e = open_index()) return e;
    writer_->flush(id);
    MeetingCodes codes;
    if (auto e = meeting_codes(*index_, place_.data_dir, id, codes)) return e;
    HostSetup setup;
    setup.config.meeting = meeting_;
    setup.config.meeting.join_code = codes.join_code;
    setup.config.meeting.professional_code = codes.professional_code;
    setup.config.meeting.facilitator_key = codes.facilitator_key;
    setup.config.meeting.codes_changed = [writer = writer_, id](const std::string& code,
                                                                const std::string& professional) {
      writer->replace_room_codes(id, code, professional);
    };
    if (meeting_.security_log)
      setup.config.meeting.security_log = [sink = meeting_.security_log, id](const std::string& line) {
        sink(line + " meeting=" + id);
      };
    setup.hosted_by = hosted_by_;
    setup.db_url = place_.db_url;
    setup.lease_holder = location;  // PostgreSQL: the journal's connection holds the meeting
    if (place_.db_url.empty()) {
      // SQLite: every meeting's journal on one connection, joins, tokens and codes
      // on the store writer's (session/sqlite_journal.hpp, session/store_writer.hpp).
      // PostgreSQL keeps a journal connection per meeting: it holds the meeting's lease.
      if (!journals_) {
        auto shared = std::make_shared<SharedStore>();
        if (auto e = open_store(place_, shared->store)) return e;
        journals_ = std::move(shared);
      }
      setup.shared_journal = journals_;
    }
    setup.writer = writer_;
    if (auto e = attach_stored_meeting(place_.data_dir, id, setup, nullptr, place_.key_file)) return e;
    out.config = std::move(setup.config.meeting);
    out.board = std::move(setup.board);
    out.last_seq = setup.last_seq;
    out.recent = std::move(setup.recent);
    out.journal = std::move(setup.journal);
    return std::nullopt;
  }

  // On the loader thread, as load's: the keys the store keeps now (an account's access
  // taken away changes them: store/accounts.cpp).
  std::optional<Error> facilitator_keys(const std::vector<std::string>& ids,
                                        std::map<std::string, std::string>& out) override {
    if (auto e = open_index()) return e;
    return index_->facilitator_keys(ids, out);
  }

  // issue 18: the facilitators' desk (net/desk.hpp), on a connection of its own (the desk
  // thread's: net/server.hpp).
  std::optional<Error> sign_in(const std::string& name, const std::string& password, const std::string& address,
                               bool fresh_address, std::optional<net::DeskAccount>& out) override {
    out.reset();
    if (auto e = open_desk()) return e;
    store::SignInResult result;
    if (auto e = desk_->verify_facilitator(name, password, now_millis(), result, fresh_address)) return e;
    const bool accepted = result.accepted;
    if (accepted) out = net::DeskAccount{name, result.account.stamp};
    // Who tried, for the security log: a name that is no account is not written
    // (it may be a password typed into the wrong field).
    const std::string who = result.refusal == store::SignInRefusal::NoSuchAccount ? "account=unknown" : "account=" + name;
    log(accepted ? "facilitator_signed_in" : "facilitator_sign_in_refused", address,
        accepted ? who : who + " reason=" + store::refusal_name(result.refusal));
    return std::nullopt;
  }

  std::optional<Error> families(const net::DeskAccount& who, std::vector<net::DeskFamily>& out) override {
    if (auto e = still_signed_in(who)) return e;
    const std::string& account = who.name;
    std::vector<std::string> granted;
    if (auto e = granted_families(account, granted)) return e;
    std::vector<store::FamilyInfo> all;
    if (auto e = desk_->list_families(all)) return e;
    out.clear();
    for (const store::FamilyInfo& f : all) {
      if (!std::binary_search(granted.begin(), granted.end(), f.id)) continue;
      net::DeskFamily family{f.id, f.label, "", {}};
      std::vector<store::MeetingInfo> meetings;
      if (auto e = desk_->list_meetings(f.id, meetings)) return e;
      for (const store::MeetingInfo& m : meetings)
        family.meetings.push_back(net::DeskMeeting{m.id, m.created, m.starts_at, m.op_count});
      if (!meetings.empty()) {
        store::LoadedMeeting last;  // the next meeting is what the last one agreed on
        if (!desk_->load_meeting(meetings.back().id, last)) family.next_meeting = last.board.meeting.next_meeting;
      }
      out.push_back(std::move(family));
    }
    return std::nullopt;
  }

  std::optional<Error> new_meeting(const net::DeskAccount& who, const std::string& address, const std::string& family_id,
                                   const std::string& label, net::DeskOpened& out) override {
    if (auto e = still_signed_in(who)) return e;
    const std::string& account = who.name;
    const Millis now = now_millis();
    std::string family = family_id;
    bool continue_last = false;
    if (family.empty()) {
      // A family made by a facilitator is one that facilitator may open: only an
      // account that may sign in now (not one disabled since its sign-in).
      std::vector<std::string> granted;
      if (auto e = granted_families(account, granted)) return e;
      store::FamilyInfo made;
      if (auto e = desk_->create_family(label, now, made)) return e;
      if (auto e = desk_->grant_family(account, made.id, now, actor(account, address))) return e;
      family = made.id;
    } else {
      if (auto e = allowed(account, family)) return e;
      std::vector<store::MeetingInfo> meetings;
      if (auto e = desk_->list_meetings(family, meetings)) return e;
      continue_last = !meetings.empty();
    }
    // Unique across servers sharing one database: the time and 48 random bits.
    const std::string id = "m-" + std::to_string(now) + "-" + net::random_hex(12);
    Board board;
    if (auto e = desk_->create_meeting(family, id, now, continue_last, board)) return e;
    return opened(account, address, family, id, out);
  }

  std::optional<Error> open_meeting(const net::DeskAccount& who, const std::string& address,
                                    const std::string& meeting_id, net::DeskOpened& out) override {
    if (auto e = still_signed_in(who)) return e;
    const std::string& account = who.name;
    store::MeetingInfo info;
    // A meeting that is not there and one of a family not granted read the same.
    if (desk_->meeting_info(meeting_id, info)) return Error{"not_allowed", "not allowed"};
    if (auto e = allowed(account, info.family_id)) return e;
    return opened(account, address, info.family_id, meeting_id, out);
  }

 private:
  std::optional<Error> open_index() {
    if (index_) return std::nullopt;
    return open_store(place_, index_);
  }
  std::optional<Error> open_desk() {
    if (desk_) return std::nullopt;
    return open_store(place_, desk_);
  }

  // A new password since the sign-in ends it (a lost laptop's app with the old one).
  std::optional<Error> still_signed_in(const net::DeskAccount& who) {
    if (auto e = open_desk()) return e;
    std::string stamp;
    if (auto e = desk_->facilitator_stamp(who.name, stamp)) return e;
    if (stamp.empty() || stamp != who.stamp) return Error{"signed_out", "the account's password has changed since it signed in"};
    return std::nullopt;
  }

  std::optional<Error> granted_families(const std::string& account, std::vector<std::string>& out) {
    std::vector<store::FacilitatorAccount> accounts;
    if (auto e = desk_->list_facilitators(accounts)) return e;
    for (const store::FacilitatorAccount& a : accounts)
      if (a.name == account) {
        if (a.disabled != 0) return Error{"not_allowed", "the account is disabled"};
        out = a.families;
        std::sort(out.begin(), out.end());
        return std::nullopt;
      }
    return Error{"not_allowed", "no such account"};
  }

  std::optional<Error> allowed(const std::string& account, const std::string& family_id) {
    bool ok = false;
    if (auto e = desk_->may_open(account, family_id, ok)) return e;
    if (!ok) return Error{"not_allowed", "not allowed"};
    return std::nullopt;
  }

  static std::string actor(const std::string& account, const std::string& address) {
    return account + " (facilitator, tavle server, from " + address + ")";
  }

  // The key and codes handed to the facilitator's app, and the access log's note of it.
  std::optional<Error> opened(const std::string& account, const std::string& address, const std::string& family_id,
                              const std::string& meeting_id, net::DeskOpened& out) {
    MeetingCodes codes;
    if (auto e = meeting_codes(*desk_, place_.data_dir, meeting_id, codes)) return e;
    if (auto e = desk_->record_access({0, now_millis(), family_id, store::access::kOpened, actor(account, address),
                                        "meeting=" + meeting_id, false}))
      return e;
    log("facilitator_opened_meeting", address, "account=" + account + " meeting=" + meeting_id);
    out = net::DeskOpened{meeting_id, family_id, codes.facilitator_key, codes.join_code, codes.professional_code};
    return std::nullopt;
  }

  void log(std::string_view event, const std::string& address, const std::string& detail) {
    if (meeting_.security_log) meeting_.security_log(net::security_line(event, address, detail));
  }

  StorePlace place_;
  net::MeetingConfig meeting_;
  std::string hosted_by_;
  std::unique_ptr<store::Store> index_;  // the loader thread's: list(), load()
  std::unique_ptr<store::Store> desk_;   // the desk thread's: sign-ins, families, new meetings
  std::shared_ptr<SharedStore> journals_;  // SQLite only, see load()
  // Joins, tokens and new codes of every meeting, off the network thread; written
  // out when the server is destroyed (after stop(): SIGTERM too).
  std::shared_ptr<StoreWriter> writer_;
};

}  // namespace

std::optional<Error> meeting_codes(store::Store& s, const std::string& data_dir, const std::string& meeting_id,
                                   MeetingCodes& out) {
  if (!net::valid_meeting_id(meeting_id))
    return Error{"invalid", "meeting id \"" + meeting_id + "\": a server reaches only ids of letters, digits, - _ ."};
  MeetingCodes if_none{net::random_join_code(), net::random_professional_code(), net::random_facilitator_key()};
  const fs::path old_file = old_codes_path(data_dir, meeting_id);
  std::error_code ec;
  bool old_kept = false;
  if (!data_dir.empty()) {
    MeetingCodes from_file;
    if (auto e = read_old_codes(old_file, from_file, old_kept)) return e;
    if (old_kept) if_none = from_file;
  }
  if (auto e = s.meeting_codes(meeting_id, if_none, out)) return e;
  // In the store now (this file's codes, or codes another server kept first, which
  // are the meeting's): the file has done its part.
  if (old_kept && !fs::remove(old_file, ec) && ec)
    std::fprintf(stderr, "tavle server: could not remove %s (the store keeps the codes now): %s\n",
                 old_file.string().c_str(), ec.message().c_str());
  return std::nullopt;
}

std::optional<Error> meeting_codes(const StorePlace& place, const std::string& meeting_id, MeetingCodes& out) {
  std::unique_ptr<store::Store> s;
  if (auto e = open_store(place, s)) return e;
  return meeting_codes(*s, place.data_dir, meeting_id, out);
}

std::unique_ptr<net::MeetingLibrary> stored_meetings(StorePlace place, net::MeetingConfig meeting,
                                                     std::string hosted_by) {
  return std::make_unique<StoredMeetings>(std::move(place), std::move(meeting), std::move(hosted_by));
}

}  // namespace tavle::session
