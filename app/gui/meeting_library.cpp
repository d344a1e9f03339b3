#include "app/gui/meeting_library.hpp"

#include <algorithm>

#include "app/gui/net_session.hpp"
#include "store/data_dir.hpp"
#include "store/sqlite_journal.hpp"

namespace tavle::gui {
namespace {

// Hosting needs the facilitator's name (checked before anything is stored).
std::optional<Error> ensure_named(const App& app) {
  if (app.preferences.facilitator_name.find_first_not_of(" \t") == std::string::npos)
    return Error{"invalid", app.tr("home.need_name")};
  return std::nullopt;
}

std::optional<Error> ensure_open(MeetingLibrary& lib) {
  if (lib.store) return std::nullopt;
  lib.data_dir = store::data_directory(std::nullopt);
  if (lib.data_dir.empty()) return Error{"no_data_dir", "no place to keep meetings: neither XDG_DATA_HOME nor HOME is set"};
  return store::Store::open(lib.data_dir, lib.store);
}

// Hosts the stored meeting here, journaling into its own connection to the database.
std::optional<Error> host_stored(App& app, MeetingLibrary& lib, const std::string& meeting_id) {
  app.remember_preferences();  // the name is asked once and kept for next time
  store::LoadedMeeting loaded;
  if (auto e = lib.store->load_meeting(meeting_id, loaded)) return e;
  std::unique_ptr<store::Store> journal_store;
  if (auto e = store::Store::open(lib.data_dir, journal_store)) return e;
  auto journal = std::make_shared<store::SqliteJournal>(std::move(journal_store), meeting_id, loaded);
  std::vector<ScalePoint> history;
  if (!lib.store->scale_history(loaded.board.meeting.family_id, history))
    std::erase_if(history, [&](const ScalePoint& p) { return p.meeting_id == meeting_id; });
  const std::string hosted_previous_id = loaded.board.meeting.previous_meeting_id;
  HostedMeeting hosted;
  hosted.board = std::move(loaded.board);
  hosted.last_seq = loaded.last_seq;
  hosted.journal = std::move(journal);
  hosted.listen_address = app.listen_address;
  hosted.facilitator_name = app.preferences.facilitator_name;
  if (auto e = host_meeting(std::move(hosted), 0, "", app.assets_dir + "/web", app.session)) return e;
  app.scale_history = std::move(history);
  // issue 15: the meeting this one continues, for the minutes' "what changed since".
  app.previous_meeting.reset();
  if (!hosted_previous_id.empty()) {
    store::LoadedMeeting previous;
    if (!lib.store->load_meeting(hosted_previous_id, previous)) app.previous_meeting = std::move(previous.board);
  }
  app.screen = Screen::Board;
  return std::nullopt;
}

std::string new_meeting_id() { return "m-" + std::to_string(now_millis()); }

}  // namespace

void refresh_library(MeetingLibrary& lib) {
  lib.loaded = true;
  if (auto e = ensure_open(lib)) {
    lib.error = e->message;
    return;
  }
  if (auto e = lib.store->list_families(lib.families)) lib.error = e->message;
  lib.summaries.clear();
  for (const store::FamilyInfo& family : lib.families) {
    std::vector<store::MeetingInfo> meetings;
    FamilySummary& summary = lib.summaries[family.id];
    if (lib.store->list_meetings(family.id, meetings) || meetings.empty()) continue;
    const auto last = std::max_element(meetings.begin(), meetings.end(),
                                       [](const auto& a, const auto& b) { return a.created < b.created; });
    summary.last = *last;
    store::LoadedMeeting loaded;  // the next meeting is what the last one agreed on
    if (!lib.store->load_meeting(last->id, loaded)) summary.next_meeting = loaded.board.meeting.next_meeting;
  }
  lib.meetings.clear();
  if (!lib.selected_family.empty())
    if (auto e = lib.store->list_meetings(lib.selected_family, lib.meetings)) lib.error = e->message;
}

std::optional<Error> start_meeting(App& app, MeetingLibrary& lib, const std::string& family_id, bool continue_last) {
  if (auto e = ensure_named(app)) return e;
  if (auto e = ensure_open(lib)) return e;
  Board board;
  const std::string id = new_meeting_id();
  if (auto e = lib.store->create_meeting(family_id, id, now_millis(), continue_last, board)) return e;
  lib.loaded = false;
  return host_stored(app, lib, id);
}

std::optional<Error> create_family_and_meeting(App& app, MeetingLibrary& lib, const std::string& label) {
  if (auto e = ensure_named(app)) return e;
  if (auto e = ensure_open(lib)) return e;
  store::FamilyInfo family;
  if (auto e = lib.store->create_family(label, now_millis(), family)) return e;
  lib.selected_family = family.id;
  return start_meeting(app, lib, family.id, false);
}

std::optional<Error> open_stored_meeting(App& app, MeetingLibrary& lib, const std::string& meeting_id) {
  if (auto e = ensure_named(app)) return e;
  if (auto e = ensure_open(lib)) return e;
  return host_stored(app, lib, meeting_id);
}

}  // namespace tavle::gui
