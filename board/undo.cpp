#include "board/undo.hpp"

#include <algorithm>

namespace tavle {

void UndoHistory::record(const Op& applied, const Op& inverse) {
  undo_.push_back({applied.id, inverse});
  if (undo_.size() > depth_) undo_.erase(undo_.begin());
  redo_.clear();
}

std::optional<Error> UndoHistory::step(std::vector<Entry>& from, std::vector<Entry>& to, Board& board,
                                       const Stamp& stamp, Op& out, const Limits& limits) {
  if (from.empty()) return Error{"nothing", "nothing to take back"};
  Entry entry = std::move(from.back());
  from.pop_back();
  Op op = entry.inverse;
  stamp(op);
  ApplyResult result = apply(board, op, limits);
  if (!result.ok()) return result.error;
  to.push_back({op.id, result.inverse});
  out = std::move(op);
  return std::nullopt;
}

std::optional<Error> UndoHistory::undo(Board& board, const Stamp& stamp, Op& out, const Limits& limits) {
  return step(undo_, redo_, board, stamp, out, limits);
}

std::optional<Error> UndoHistory::redo(Board& board, const Stamp& stamp, Op& out, const Limits& limits) {
  return step(redo_, undo_, board, stamp, out, limits);
}

void UndoHistory::forget(const std::string& op_id) {
  auto gone = [&](const Entry& e) { return e.op_id == op_id; };
  undo_.erase(std::remove_if(undo_.begin(), undo_.end(), gone), undo_.end());
  redo_.erase(std::remove_if(redo_.begin(), redo_.end(), gone), redo_.end());
}

}  // namespace tavle
