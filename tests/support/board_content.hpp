// The board's content without the bookkeeping an undo legitimately moves on
// (versions, timestamps, the op counter, tombstones): what "an op and its inverse
// leave the board as it was" compares. Used by the undo tests and the op fuzzer.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "board/board_json.hpp"

namespace tavle::testing {

inline std::string content_of(const Board& board) {
  nlohmann::json j = to_json(board);
  std::vector<nlohmann::json*> stack{&j};
  while (!stack.empty()) {
    nlohmann::json* node = stack.back();
    stack.pop_back();
    if (node->is_object())
      for (const char* key : {"version", "updated", "at", "revision", "text_op"}) node->erase(key);
    if (node->is_object() && node->contains("signoffs"))
      for (auto& when : (*node)["signoffs"]) when = true;
    if (node->is_array())  // tombstones are bookkeeping too
      node->erase(std::remove_if(node->begin(), node->end(),
                                 [](const nlohmann::json& item) {
                                   return item.is_object() && (item.value("deleted", false) || item.value("removed", false));
                                 }),
                  node->end());
    if (node->is_structured())
      for (auto& child : *node) stack.push_back(&child);
  }
  return j.dump();
}

}  // namespace tavle::testing
