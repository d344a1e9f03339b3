#include "session/server_meetings.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "files/safe_file.hpp"
#include "net/secrets.hpp"
#include "net/static_files.hpp"
#include "session/sqlite_journal.hpp"
#include "store/data_dir.hpp"
#include "store/store.hpp"

namespace tavle::session {
namespace {

namespace fs = std::filesystem;

fs::path codes_path(const std::string& data_dir, const std::string& meeting_id) {
  return fs::path(data_dir) / "meetings" / (meeting_id + ".codes");
}

std::optional<Error> keep_codes(const fs::path& path, const MeetingCodes& codes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Error{"io", "cannot make " + path.parent_path().string() + ": " + ec.message()};
  fs::permissions(path.parent_path(), fs::perms::owner_all, ec);
  return files::write_file_safely(path.string(),
                                  "code=" + codes.join_code + "\nprofessional_code=" + codes.professional_code +
                                      "\nfacilitator_key=" + codes.facilitator_key + "\n",
                                  files::Mode::Private);
}

class StoredMeetings : public net::MeetingLibrary {
 public:
  StoredMeetings(StorePlace place, net::MeetingConfig meeting, std::string hosted_by)
      : place_(std::move(place)), meeting_(std::move(meeting)), hosted_by_(std::move(hosted_by)) {}

  std::optional<Error> list(std::vector<std::string>& ids) override {
    // One connection for the index, kept: listing again is one query.
    if (!index_)
      if (auto e = open_store(place_, index_)) return e;
    std::vector<store::MeetingInfo> meetings;
    if (auto e = index_->list_meetings("", meetings)) return e;
    for (const store::MeetingInfo& m : meetings)
      if (net::valid_meeting_id(m.id)) ids.push_back(m.id);
    return std::nullopt;
  }

  std::optional<Error> load(const std::string& id, const std::string& location, net::MeetingSetup& out) override {
    MeetingCodes codes;
    std::string path;
    if (auto e = meeting_codes(place_.data_dir, id, codes, &path)) return e;
    HostSetup setup;
    setup.config.meeting = meeting_;
    setup.config.meeting.join_code = codes.join_code;
    setup.config.meeting.professional_code = codes.professional_code;
    setup.config.meeting.facilitator_key = codes.facilitator_key;
    setup.config.meeting.codes_changed = [path, key = codes.facilitator_key](const std::string& code,
                                                                             const std::string& professional) {
      if (auto e = keep_codes(path, MeetingCodes{code, professional, key}))
        std::fprintf(stderr, "tavle server: could not keep the new codes: %s\n", e->message.c_str());
    };
    if (meeting_.security_log)
      setup.config.meeting.security_log = [sink = meeting_.security_log, id](const std::string& line) {
        sink(line + " meeting=" + id);
      };
    setup.hosted_by = hosted_by_;
    setup.db_url = place_.db_url;
    setup.lease_holder = location;  // PostgreSQL: the journal's connection holds the meeting
    if (place_.db_url.empty()) {
      // SQLite: every meeting's journal on one connection, joins and tokens on another
      // (session/sqlite_journal.hpp). PostgreSQL keeps a connection per meeting: it
      // holds the meeting's lease.
      if (!journals_) {
        auto shared = std::make_shared<SharedStore>();
        if (auto e = open_store(place_, shared->store)) return e;
        journals_ = std::move(shared);
      }
      if (!side_) {
        std::unique_ptr<store::Store> side;
        if (auto e = open_store(place_, side)) return e;
        side_ = std::move(side);
      }
      setup.shared_journal = journals_;
      setup.shared_side = side_;
    }
    if (auto e = attach_stored_meeting(place_.data_dir, id, setup, nullptr, place_.key_file)) return e;
    out.config = std::move(setup.config.meeting);
    out.board = std::move(setup.board);
    out.last_seq = setup.last_seq;
    out.recent = std::move(setup.recent);
    out.journal = std::move(setup.journal);
    return std::nullopt;
  }

 private:
  StorePlace place_;
  net::MeetingConfig meeting_;
  std::string hosted_by_;
  std::unique_ptr<store::Store> index_;
  std::shared_ptr<SharedStore> journals_;  // SQLite only, see load()
  std::shared_ptr<store::Store> side_;
};

}  // namespace

std::optional<Error> meeting_codes(const std::string& data_dir, const std::string& meeting_id, MeetingCodes& out,
                                   std::string* path_out) {
  if (!net::valid_meeting_id(meeting_id))
    return Error{"invalid", "meeting id \"" + meeting_id + "\": a server reaches only ids of letters, digits, - _ ."};
  const fs::path path = codes_path(data_dir, meeting_id);
  if (path_out) *path_out = path.string();
  std::ifstream in(path);
  if (!in) {
    out = MeetingCodes{net::random_join_code(), net::random_professional_code(), net::random_facilitator_key()};
    return keep_codes(path, out);
  }
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
    return Error{"corrupt", path.string() + ": not a meeting's codes; remove it to make new ones"};
  return std::nullopt;
}

std::unique_ptr<net::MeetingLibrary> stored_meetings(StorePlace place, net::MeetingConfig meeting,
                                                     std::string hosted_by) {
  return std::make_unique<StoredMeetings>(std::move(place), std::move(meeting), std::move(hosted_by));
}

}  // namespace tavle::session
