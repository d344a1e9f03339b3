// Keyboard-first: the facilitator types while people talk.
//   Ctrl+N / Insert  new card in the focused column    Ctrl+1..3  new card in column 1..3
//   Enter commits, Ctrl+Enter new line, Tab / Shift+Tab next / previous column, Esc cancels
//   Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo (this author's changes only)
//   Ctrl+S saves a meeting opened from a file, Ctrl+B brings everyone to my view (facilitator)
//   Ctrl +/- font size, F5 the room's window on the projector (two monitors) or
//   projection mode (one), Esc leaves projection, Ctrl+Q quits; Ctrl+P while typing
//   a new card: for professionals only
//   F1 shows (and hides) the list of shortcuts, on every screen
#include <GLFW/glfw3.h>

#include "app/gui/panels.hpp"

namespace tavle::gui {
namespace {

bool pressed(int key) { return ImGui::IsKeyPressed(key, false); }

void start_card(App& app, Column column) {
  app.board_ui.focused_column = column;
  app.board_ui.draft = CardDraft{true, "", column, "", true, false};
}

}  // namespace

void handle_shortcuts(App& app) {
  if (pressed(GLFW_KEY_F1)) app.showing_shortcuts = !app.showing_shortcuts;
  if (app.screen != Screen::Board || !app.session) return;
  const ImGuiIO& io = ImGui::GetIO();
  const bool ctrl = io.KeyCtrl;
  if (ctrl && pressed(GLFW_KEY_Q)) app.quit_requested = true;
  if (ctrl && pressed(GLFW_KEY_S)) app.save_to_file();  // also while typing: saves what is committed
  if (ctrl && pressed(GLFW_KEY_B)) app.bring_everyone_here();
  if (ctrl && (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)))
    app.settings.font_scale = std::min(2.5f, app.settings.font_scale + 0.1f);
  if (ctrl && (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)))
    app.settings.font_scale = std::max(0.6f, app.settings.font_scale - 0.1f);
  if (ctrl && pressed(GLFW_KEY_0)) app.settings.font_scale = 1.0f;
  if (pressed(GLFW_KEY_F5)) {
    PresenterUi& p = app.presenter;  // two monitors: the room's own window; one: this window projects
    if (p.can_present() && !app.projecting()) {
      if (p.room_monitor.empty()) present_on(app, p.offered.empty() ? app.preferences.projection_monitor : p.offered);
      else p.close = true;
    } else {
      app.settings.mode = app.projecting() ? ViewMode::Board : ViewMode::Projection;
    }
  }
  if (app.projecting()) {
    if (pressed(GLFW_KEY_ESCAPE)) app.settings.mode = ViewMode::Board;
    return;
  }
  if (io.WantTextInput) return;  // text boxes handle their own keys (and their own undo)
  if (ctrl && pressed(GLFW_KEY_Z)) {
    auto error = io.KeyShift ? app.session->redo() : app.session->undo();
    if (error) app.board_ui.status = std::string(app.tr("status.undo_refused")) + ": " + error->message;
  }
  if (ctrl && pressed(GLFW_KEY_Y))
    if (auto error = app.session->redo()) app.board_ui.status = std::string(app.tr("status.undo_refused")) + ": " + error->message;
  if (app.board_ui.followup_open) return;  // issue 15: the follow-up view has its own keys (followup_view.cpp)
  if ((ctrl && pressed(GLFW_KEY_N)) || pressed(GLFW_KEY_INSERT)) start_card(app, app.board_ui.focused_column);
  for (int i = 0; i < 3; ++i)
    if (ctrl && pressed(GLFW_KEY_1 + i)) start_card(app, kColumns[i]);
  if (!ctrl && pressed(GLFW_KEY_TAB))
    app.board_ui.focused_column = static_cast<Column>((column_index(app.board_ui.focused_column) + (io.KeyShift ? 2 : 1)) % 3);
  if (!app.board_ui.selected_card.empty() && pressed(GLFW_KEY_ENTER)) {
    if (const Card* card = app.session->board().find_card(app.board_ui.selected_card)) {
      app.board_ui.draft = CardDraft{true, card->id, card->column, card->text, true, false};
      app.session->set_editing(card->id);
    }
  }
}

}  // namespace tavle::gui
