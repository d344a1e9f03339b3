#include "app/gui/meeting_library.hpp"

#include <algorithm>
#include <cstdio>

#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "session/hosting.hpp"
#include "session/net_session.hpp"

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
  return store::open_private_store(lib.data_dir, lib.key_file, lib.store);
}

// Hosts the stored meeting here as `tavle host --data` would (session/hosting.hpp):
// its journal on its own connection to the database, the same snapshot policy, the
// recent ops and rejoin tokens for devices that come back.
std::optional<Error> host_stored(App& app, MeetingLibrary& lib, const std::string& meeting_id) {
  app.remember_preferences();  // the name is asked once and kept for next time
  session::HostedMeeting hosted;
  // issue 13: who hosts, for the access log (docs/privacy.md)
  hosted.setup.hosted_by = app.preferences.facilitator_name + " (" + store::system_user() + ")";
  if (auto e = session::attach_stored_meeting(lib.data_dir, meeting_id, hosted.setup, nullptr, lib.key_file)) return e;
  std::vector<ScalePoint> history;
  if (!lib.store->scale_history(hosted.setup.board.meeting.family_id, history))
    std::erase_if(history, [&](const ScalePoint& p) { return p.meeting_id == meeting_id; });
  const std::string hosted_previous_id = hosted.setup.board.meeting.previous_meeting_id;  // issue 15
  hosted.listen_address = app.listen_address;
  hosted.facilitator_name = app.preferences.facilitator_name;
  hosted.allow_plain_family = app.preferences.allow_plain_family;  // issue 13: the settings' default; the board says so
  if (auto e = session::host_meeting(std::move(hosted), 0, "", app.assets_dir + "/web", app.session)) return e;
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
  if (auto e = lib.store->families_due_for_deletion(now_millis(), lib.retain_days, lib.due)) lib.error = e->message;
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

std::optional<Error> erase_family(App& app, MeetingLibrary& lib, const std::string& family_id) {
  if (auto e = ensure_open(lib)) return e;
  const std::string who = app.preferences.facilitator_name + " (" + store::system_user() + ", home screen)";
  if (auto e = lib.store->delete_family(family_id, who)) return e;
  if (lib.selected_family == family_id) lib.selected_family.clear();
  lib.loaded = false;
  return std::nullopt;
}

void record_written_file(App& app, const std::string& as, const std::string& path) {
  if (!app.library || !app.library->store || !app.session) return;
  const Meeting& m = app.session->board().meeting;
  store::MeetingInfo stored;
  if (app.library->store->meeting_info(m.id, stored)) return;  // a meeting from a file: not in the store
  const std::string who = app.preferences.facilitator_name + " (" + store::system_user() + ")";
  if (auto e = app.library->store->record_access({0, now_millis(), stored.family_id, store::access::kExported, who,
                                                  "meeting=" + m.id + " as=" + as + " to=" + path, false}))
    std::fprintf(stderr, "tavle: could not record the export in the access log: %s\n", e->message.c_str());
}

}  // namespace tavle::gui
