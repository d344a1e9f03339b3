// Per-author undo and redo. Each author keeps their own history of inverse ops;
// undoing sends the inverse as a new op, and every inverse carries `expect`, so
// it is refused (not forced) when someone else has changed the same thing since.
// Undo can therefore never revert another person's work.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "board/apply.hpp"

namespace tavle {

class UndoHistory {
 public:
  explicit UndoHistory(std::size_t depth = 200) : depth_(depth) {}

  // After one of this author's ops was applied: remember how to take it back.
  void record(const Op& applied, const Op& inverse);

  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }

  // Applies the newest undoable change's inverse to `board`, stamped by
  // `stamp` (which fills id and time). On success `out` is the op to send to
  // others. On a conflict the entry is dropped and the error says why, so the
  // next undo goes on to the change before it.
  using Stamp = std::function<void(Op&)>;
  std::optional<Error> undo(Board& board, const Stamp& stamp, Op& out, const Limits& = kDefaultLimits);
  std::optional<Error> redo(Board& board, const Stamp& stamp, Op& out, const Limits& = kDefaultLimits);

  // A pending op of ours was rejected by the host: forget what it recorded.
  void forget(const std::string& op_id);

 private:
  struct Entry {
    std::string op_id;  // the op this entry takes back
    Op inverse;
  };
  std::optional<Error> step(std::vector<Entry>& from, std::vector<Entry>& to, Board&, const Stamp&, Op&, const Limits&);

  std::size_t depth_;
  std::vector<Entry> undo_;
  std::vector<Entry> redo_;
};

}  // namespace tavle
