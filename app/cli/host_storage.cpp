// `tavle host --data DIR` (or `--db postgresql://...`, docs/server.md): durable hosting. The meeting comes from the store (the
// latest one, --meeting ID, a new one continuing --family ID, or a --file imported
// into the store); session::attach_stored_meeting() does the rest, as for the app's
// stored meetings: ops go through a SqliteJournal (one transaction and sync per
// batch) before they are broadcast, and a restart continues at the same seq.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/host_command.hpp"
#include "board/text.hpp"
#include "net/discovery.hpp"
#include "net/host.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "session/hosting.hpp"
#include "store/store.hpp"

namespace tavle::cli {
namespace {

// Which stored meeting to host; creates it when the arguments ask for a new one.
std::optional<Error> choose_meeting(const Args& args, store::Store& s, const Board& from_file, std::string& id) {
  const Millis now = now_millis();
  if (args.option("file")) {
    id = from_file.meeting.id;
    store::MeetingInfo stored;
    if (!s.meeting_info(id, stored)) {
      std::fprintf(stderr, "tavle host: meeting %s is already stored; continuing the stored one, not the file\n", id.c_str());
      return std::nullopt;
    }
    return s.import_meeting(from_file, now);
  }
  if (auto meeting = args.option("meeting")) {
    id = *meeting;
    return std::nullopt;
  }
  if (auto family = args.option("family")) {
    id = "m-" + std::to_string(now);
    Board started;
    return s.create_meeting(*family, id, now, true, started);
  }
  std::vector<store::MeetingInfo> meetings;
  if (auto e = s.list_meetings("", meetings)) return e;
  if (!meetings.empty()) {
    id = meetings.back().id;
    return std::nullopt;
  }
  store::FamilyInfo family;
  if (auto e = s.create_family("Ny familie", now, family)) return e;
  id = "m-" + std::to_string(now);
  Board started;
  return s.create_meeting(family.id, id, now, false, started);
}

// issue 18: attach_stored_meeting's "elsewhere" (another process holds the meeting's
// lease) in words, on one line: who holds it and what to do. `held_by` is what the
// holder named itself: a `tavle host` its machine and process, a `tavle server` its location.
Error hosted_elsewhere(const std::string& meeting_id, const std::string& held_by) {
  const std::string who = held_by.rfind("tavle host", 0) == 0 || held_by == "another server"
                              ? held_by
                              : "the tavle server at " + held_by;
  return Error{"elsewhere", "meeting " + meeting_id + " is being hosted by " + who +
                                " (it holds the meeting in the database); one meeting has one host at a time: "
                                "stop that one first, or join it there"};
}

}  // namespace

std::optional<Error> attach_storage(const Args& args, HostSetup& setup) {
  const bool stored = args.option("data") || args.option("db");
  if (!stored && (args.option("meeting") || args.option("family") || args.option("key-file")))
    return Error{"usage", "--meeting, --family and --key-file are about a stored meeting; give --data DIR too"};
  if (!stored) return std::nullopt;
  // issue 18: --db postgresql://... keeps the meeting on a PostgreSQL server (docs/server.md).
  const std::string db_url = args.option_or("db", "");
  if (!db_url.empty() && args.option("key-file"))
    return Error{"usage", "--key-file is the key of the data directory's database; with --db the meeting is kept on "
                          "the PostgreSQL server, whose own protection applies (docs/server.md)"};
  std::unique_ptr<store::Store> s;
  if (db_url.empty()) {
    store::DatabaseKey key;
    if (auto e = store::open_private_store(store::data_directory(args.option("data")), args.option_or("key-file", ""), s,
                                           {}, &key))
      return e;
    if (key.made) std::fprintf(stderr, "tavle host: made a new database key, kept in %s\n", key.where.c_str());
    for (const std::string& fixed : s->permissions_fixed())
      std::fprintf(stderr, "tavle host: made private (others could read it): %s\n", fixed.c_str());
  } else if (auto e = session::open_store({store::data_directory(args.option("data")), "", db_url}, s)) {
    return e;
  }
  std::string meeting_id;
  if (auto e = choose_meeting(args, *s, setup.board, meeting_id)) return e;
  s.reset();  // the journal opens its own connection
  std::string loaded;
  setup.hosted_by = store::system_user() + " (tavle host)";  // issue 13: the access log
  setup.db_url = db_url;
  // issue 18: on a shared PostgreSQL the meeting's lease, as a `tavle server` takes it
  // (docs/server.md, "More than one process"): another host or server of the same
  // meeting is refused, and this one is refused while another holds it.
  if (!db_url.empty())
    setup.lease_holder = "tavle host, process " + std::to_string(::getpid()) + ", on " + net::machine_name();
  if (auto e = session::attach_stored_meeting(store::data_directory(args.option("data")), meeting_id, setup, &loaded,
                                               args.option_or("key-file", ""))) {
    if (e->code == "elsewhere") return hosted_elsewhere(meeting_id, e->message);
    return e;
  }
  std::fprintf(stderr, "tavle host: %s\n", loaded.c_str());
  return std::nullopt;
}

}  // namespace tavle::cli
