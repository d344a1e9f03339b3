// One function per screen or panel; each draws from App and turns what the user
// changed into ops through App::send. Files are named after the panel.
#pragma once

#include "app/gui/app_state.hpp"

namespace tavle::gui {

void draw_frame(App&);  // the whole window for one frame (frame.cpp)
void handle_shortcuts(App&);
void draw_top_bar(App&, float height);
void draw_board_view(App&, ImVec2 size);
void draw_card_editor(App&);
void draw_scale_panel(App&, ImVec2 size);
void draw_statements_panel(App&);
void draw_meeting_panel(App&);
void draw_participants_panel(App&);
void draw_connection_panel(App&);
void draw_connection_badge(App&);
void draw_suggestions_panel(App&);
void draw_home_screen(App&);
void draw_export_dialog(App&);  // only when export/ is built

// Translated names of the model's vocabulary.
const char* column_title(const App&, Column);
const char* category_label(const App&, Category);
const char* status_label(const App&, StepStatus);
const char* role_label(const App&, ParticipantRole);

// A fresh id for a card or suggestion made by this app.
std::string new_card_id(App&);

}  // namespace tavle::gui
