// issue 14: that someone was sent the plan, how (an e-mail draft or a printed PDF
// by post), when and by whom (docs/format.md, "Who was sent the plan"). An op like
// every other, so it syncs, is in the journal and the minutes can list it.
#include "board/apply_parts.hpp"

namespace tavle::detail {
namespace {

using nlohmann::json;

// The value that puts back what `pid`'s record is now (null: there was none).
json informed_state(const Board& b, const std::string& pid) {
  auto it = b.meeting.informed.find(pid);
  if (it == b.meeting.informed.end()) return nullptr;
  return {{"how", name_of(it->second.how)}, {"at", it->second.at}, {"by", it->second.by}};
}

}  // namespace

// value {"how": "email"|"post"}: `op.target` was sent the plan now, by the op's author.
// {"how", "at", "by"}: an undo puts back an earlier record as it was. null: an undo
// takes the record away.
ApplyResult apply_informed(Board& b, const Op& op) {
  const Participant* p = b.find_participant(op.target);
  if (!p) return reject("not_found", "no participant \"" + op.target + "\"");
  const json before = informed_state(b, op.target);
  if (op.value.is_null()) {
    b.meeting.informed.erase(op.target);
    return ApplyResult{std::nullopt, inverse_of(op, OpKind::RecordInformed, before, nullptr)};
  }
  if (!op.value.is_object()) return reject("invalid", "op.value: expected {\"how\": \"email\" or \"post\"}");
  InformedRecord record{InformMethod::Email, op.at, op.author};
  bool has_how = false;
  for (const auto& [key, v] : op.value.items()) {
    if (key == "how") {
      auto how = v.is_string() ? inform_method_from(v.get_ref<const std::string&>()) : std::nullopt;
      if (!how) return reject("invalid", "op.value.how: expected \"email\" or \"post\"");
      record.how = *how;
      has_how = true;
    } else if (key == "at") {
      if (!v.is_number_integer() || v.get<Millis>() < 0) return reject("invalid", "op.value.at: expected milliseconds");
      record.at = v.get<Millis>();
    } else if (key == "by") {
      if (!v.is_string() || !b.find_participant(v.get_ref<const std::string&>()))
        return reject("invalid", "op.value.by: expected a participant id");
      record.by = v.get<std::string>();
    } else {
      return reject("invalid", "op.value." + key + ": not part of a record of who was sent the plan");
    }
  }
  if (!has_how) return reject("invalid", "op.value.how: missing (\"email\" or \"post\")");
  b.meeting.informed[op.target] = record;
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::RecordInformed, before, nullptr)};
}

}  // namespace tavle::detail
