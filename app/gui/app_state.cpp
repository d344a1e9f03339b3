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
  if (cache_source_ != &full || cache_revision_ != full.revision || cache_audience_ != wanted) {
    view_cache_ = view_for(full, wanted, session->self_id());
    cache_source_ = &full;
    cache_revision_ = full.revision;
    cache_audience_ = wanted;
  }
  return view_cache_;
}

void App::send(Op op) {
  if (auto error = session->submit(std::move(op)))
    board_ui.status = std::string(tr("status.refused")) + ": " + error->message;
  else
    board_ui.status.clear();
}

std::string App::name_of_participant(const std::string& id) const {
  const Participant* p = session->board().find_participant(id);
  return p ? p->name : id;
}

}  // namespace tavle::gui
