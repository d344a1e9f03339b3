#include "app/gui/app_state.hpp"

namespace tavle::gui {

Audience App::audience() const {
  switch (settings.mode) {
    case ViewMode::Projection: return Audience::Projection;
    case ViewMode::Family: return Audience::Family;
    case ViewMode::Board: break;
  }
  const Participant* self = session->board().find_participant(session->self_id());
  if (!self || self->id == session->board().meeting.facilitator) return Audience::Full;
  return self->role == ParticipantRole::Professional ? Audience::Professional : Audience::Family;
}

const Board& App::visible_board() {
  const Board& full = session->board();
  const Audience wanted = audience();
  if (wanted == Audience::Full) return full;
  ViewCache& cache = caches_[drawing_room ? 1 : 0];
  if (cache.source != &full || cache.revision != full.revision || cache.audience != wanted) {
    cache.view = view_for(full, wanted, session->self_id());
    cache.source = &full;
    cache.revision = full.revision;
    cache.audience = wanted;
  }
  return cache.view;
}

void App::send(Op op) {
  board_ui.status_ok = false;
  if (auto error = session->submit(std::move(op)))
    board_ui.status = std::string(tr("status.refused")) + ": " + error->message;
  else
    board_ui.status.clear();
}

void App::bring_everyone_here() {
  if (!session->can_bring_everyone()) return;
  const Card* card = session->board().find_card(board_ui.selected_card);
  if (card && !card->deleted) session->bring_everyone_to(FocusTarget{card->id, card->column});
  else session->bring_everyone_to(FocusTarget{"", board_ui.focused_column});
}

void App::follow(const FocusTarget& focus) {
  layout.focus_received = focus.card_id.empty() ? std::string(name_of(focus.column)) : focus.card_id;
  if (!preferences.follow_facilitator) return;
  if (focus.card_id.empty()) {
    board_ui.scroll_to_column = focus.column;
    return;
  }
  // A card hidden from this window (projection, family view) is not followed; one
  // not here yet (its op is still on the way) is scrolled to when it arrives.
  const Card* known = session->board().find_card(focus.card_id);
  if (known && !visible_board().find_card(focus.card_id)) return;
  board_ui.scroll_to = focus.card_id;
}

void App::save_to_file() {
  const std::string& path = session->file_path();
  board_ui.status_ok = false;
  if (path.empty()) {
    board_ui.status = tr("save.no_file");
  } else if (auto error = session->save_to(path)) {
    board_ui.status = std::string(tr("save.failed")) + ": " + error->message;
  } else {
    board_ui.status = std::string(tr("save.saved")) + " " + path;
    board_ui.status_ok = true;
    board_ui.saved_revision = session->board().revision;
  }
}

bool App::has_unsaved_file() const {
  return session && !session->file_path().empty() && session->board().revision != board_ui.saved_revision;
}

bool App::may_quit() {
  if (quit_confirmed || !has_unsaved_file()) return true;
  asking_to_save = true;
  quit_requested = false;
  return false;
}

void App::remember_preferences() {
  if (preferences_path.empty()) return;
  if (auto error = write_preferences(preferences_path, preferences))
    (screen == Screen::Board ? board_ui.status : home_ui.error) = error->message;
}

std::string App::name_of_participant(const std::string& id) const {
  const Participant* p = session->board().find_participant(id);
  return p ? p->name : id;
}

}  // namespace tavle::gui
