// One function per screen or panel; each draws from App and turns what the user
// changed into ops through App::send. Files are named after the panel.
#pragma once

#include "app/gui/app_state.hpp"
#include "board/ops.hpp"
#include "app/gui/file_dialog.hpp"

namespace tavle::gui {

void draw_frame(App&);  // the whole window for one frame (frame.cpp)
void handle_shortcuts(App&);
void draw_top_bar(App&, float height);
// Presenter mode: asks for the room's window on `monitor` (the first monitor other
// than the facilitator's when that one is not connected or is the facilitator's).
void present_on(App&, const std::string& monitor);
void draw_board_view(App&, ImVec2 size);
void draw_card_editor(App&);
void draw_scale_panel(App&, ImVec2 size);
void draw_statements_panel(App&);
void draw_meeting_panel(App&);
void draw_participants_panel(App&);
void draw_connection_panel(App&);
void draw_connection_badge(App&);
void draw_suggestions_panel(App&);
void draw_family_plan_panel(App&);  // issue 14: goals, who helps, consent, agreement
void draw_send_plan(App&);          // issue 14: the distribution list and "Send the plan"
// issue 14: the plan's themes in the app's language (id -> words), loaded once.
std::map<std::string, std::string> theme_words(App&);
void draw_home_screen(App&);
void draw_server_families(App&);
// The home screen's table of families (this computer's and the server's alike):
// name (click: its earlier meetings, drawn by `draw_open`), last meeting, next
// meeting, "New meeting". Controls are noted as PREFIX.family:LABEL and
// PREFIX.new_meeting:LABEL. What was clicked is returned, for after the table.
struct FamilyRowView {
  std::string id, label;
  std::string last;  // when the last meeting was (meeting_time), empty: none
  std::string next;  // what the last meeting agreed on, empty: not agreed
  bool open = false;
  bool has_meetings = false;
};
struct FamilyTableClick {
  std::string selected;     // a family's name was clicked
  std::string new_meeting;  // its "New meeting" was
};
FamilyTableClick draw_family_table(App&, const std::string& prefix, const std::vector<FamilyRowView>& rows, bool busy,
                                   const std::function<void(const FamilyRowView&)>& draw_open);
// When a meeting is: its agreed start ("2026-11-25 09:00"), else when it was made (local time).
std::string meeting_time(const std::string& starts_at, Millis created);  // issue 18: the home screen's families on a server (server_home.cpp)
void draw_export_dialog(App&);  // only when export/ is built
// issue 15: last time's agreements, one by one (followup_view.cpp). followup_wanted
// opens it once when a continued meeting is first shown, and says whether it is open.
bool followup_wanted(App&);
void draw_followup_view(App&, ImVec2 size);
// issue 15: the child's voice, and the safety network / bottom lines / acute plan.
void draw_child_voice_panel(App&);
void draw_network_panel(App&);

// The desktop's file dialogs (file_actions.cpp): ask for one, and act on the
// answer once per frame (open the chosen meeting, write the copy, fill the
// export's file). The last folder and recent files are remembered.
void ask_for_file(App&, FileDialogKind);
void take_file_answer(App&);
bool file_dialog_open(const App&);
// Opens a meeting file (typed, chosen or recent) and remembers it among the recent files.
void open_and_remember(App&, const std::string& path);
// A meeting file handed over by a later start (a double-click; single_instance.hpp):
// opened at once when nothing would be lost, else offered on the home screen.
void open_handed_over(App&, const std::string& path);

// Translated names of the model's vocabulary.
const char* column_title(const App&, Column);
const char* category_label(const App&, Category);
const char* status_label(const App&, StepStatus);
const char* role_label(const App&, ParticipantRole);

// A fresh id for a card or suggestion made by this app.
std::string new_card_id(App&);

// issue 15: a titled part of a side panel (ImGui 1.86 has no SeparatorText); labels.cpp.
void part_title(App&, const char* key);
// Quieter words that wrap at the panel's edge (ImGui::TextDisabled never wraps, so a
// long line ran off a narrow side panel); labels.cpp.
void muted_wrapped(const std::string& text);

}  // namespace tavle::gui
