// The home screen's data: families and their meetings kept in storage (store/),
// starting a new meeting (for a new family, or continuing a family's last one),
// and opening a stored meeting. A stored meeting is hosted in this process as
// `tavle host --data` hosts it (session/hosting.hpp): every op is kept before it is shared.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/app_state.hpp"
#include "store/store.hpp"

namespace tavle::gui {

// What the home screen's list says about a family: its last meeting and the
// next one that meeting agreed on.
struct FamilySummary {
  std::optional<store::MeetingInfo> last;
  std::string next_meeting;  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; empty: not agreed
};

struct MeetingLibrary {
  std::string data_dir;
  std::string key_file;  // issue 13: the app's --key-file (empty: the keyring, else the config key file)
  std::unique_ptr<store::Store> store;
  std::vector<store::FamilyInfo> families;
  std::string selected_family;
  std::vector<store::MeetingInfo> meetings;  // of the selected family
  std::map<std::string, FamilySummary> summaries;  // family id -> its last and next meeting
  std::string new_family_label;
  std::string error;
  bool loaded = false;
  // issue 13: the retention rule's list, and the family whose erasure waits for a yes.
  int retain_days = store::kDefaultRetainDays;
  std::vector<store::FamilyDue> due;
  std::string erase_asked;  // family id; empty: no question open
};

// Opens the database (once) and reads the family list and the selected family's meetings.
void refresh_library(MeetingLibrary&);
// A new family with its first meeting, or the next meeting of the selected family
// (continuing its last one: participants, statements, goals and open next steps).
std::optional<Error> start_meeting(App&, MeetingLibrary&, const std::string& family_id, bool continue_last);
std::optional<Error> create_family_and_meeting(App&, MeetingLibrary&, const std::string& label);
std::optional<Error> open_stored_meeting(App&, MeetingLibrary&, const std::string& meeting_id);
// issue 13 (docs/privacy.md): erases the family from the store after the person
// confirmed on the home screen; the access log keeps only that it happened.
std::optional<Error> erase_family(App&, MeetingLibrary&, const std::string& family_id);
// Records in the access log that the meeting on the board was written to a file
// outside the store (`as`: "meeting-file", "pdf", ...). Only for stored meetings.
void record_written_file(App&, const std::string& as, const std::string& path);

}  // namespace tavle::gui
