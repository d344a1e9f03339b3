#include "session/local_session.hpp"

#include "files/safe_file.hpp"
#include "board/apply.hpp"

namespace tavle::session {

LocalSession::LocalSession(Board board, std::string self_id, std::string file_path)
    : board_(std::move(board)), self_id_(std::move(self_id)), file_path_(std::move(file_path)) {}

void LocalSession::stamp(Op& op) {
  op.id = "local:" + std::to_string(++seq_);
  if (op.author.empty()) op.author = self_id_;
  op.at = now_millis();
}

std::optional<Error> LocalSession::submit(Op op) {
  stamp(op);
  ApplyResult result = apply(board_, op);
  if (!result.ok()) return result.error;
  undo_[op.author].record(op, result.inverse);
  return std::nullopt;
}

std::optional<Error> LocalSession::undo() {
  Op sent;
  return undo_[self_id_].undo(board_, [this](Op& o) { stamp(o); }, sent);
}

std::optional<Error> LocalSession::redo() {
  Op sent;
  return undo_[self_id_].redo(board_, [this](Op& o) { stamp(o); }, sent);
}

bool LocalSession::can_undo() const {
  auto it = undo_.find(self_id_);
  return it != undo_.end() && it->second.can_undo();
}

bool LocalSession::can_redo() const {
  auto it = undo_.find(self_id_);
  return it != undo_.end() && it->second.can_redo();
}

std::vector<PresenceEntry> LocalSession::presence() const {
  PresenceEntry self;
  self.participant_id = self_id_;
  self.editing = editing_;
  self.role = net::Role::Facilitator;  // alone with a file: the one who runs the meeting
  return {self};
}

std::optional<Error> LocalSession::save_to(const std::string& path) const { return write_board_file(path, board_); }

}  // namespace tavle::session
