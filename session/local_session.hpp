// A meeting held in this process only: ops are applied straight to the board.
// Used for files opened from disk, `tavle render`, and the demo until a host runs.
#pragma once

#include <map>

#include "session/session.hpp"
#include "board/undo.hpp"

namespace tavle::session {

class LocalSession : public Session {
 public:
  LocalSession(Board board, std::string self_id, std::string file_path = {});

  const Board& board() const override { return board_; }
  const std::string& self_id() const override { return self_id_; }
  std::optional<Error> submit(Op op) override;
  std::optional<Error> undo() override;
  std::optional<Error> redo() override;
  bool can_undo() const override;
  bool can_redo() const override;

  ConnectionInfo connection() const override { return {}; }
  std::vector<PresenceEntry> presence() const override;
  void set_editing(const std::string& card_id) override { editing_ = card_id; }
  bool can_bring_everyone() const override { return false; }  // nobody else is here
  void bring_everyone_to(const FocusTarget&) override {}
  bool can_follow() const override { return false; }
  std::optional<FocusTarget> take_follow_request() override { return std::nullopt; }
  bool poll() override { return false; }
  void set_wake(std::function<void()>) override {}

  std::optional<Error> save_to(const std::string& path) const override;
  const std::string& file_path() const override { return file_path_; }

 private:
  void stamp(Op& op);

  Board board_;
  std::string self_id_;
  std::string file_path_;
  std::string editing_;
  std::uint64_t seq_ = 0;
  // Per author: the facilitator's laptop may type on behalf of one person only,
  // but keeping the map makes undo follow whoever authored the op.
  std::map<std::string, UndoHistory> undo_;
};

}  // namespace tavle::session
