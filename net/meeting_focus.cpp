// "Bring everyone to my view": the facilitator names a card (or just a column) and
// the host passes it on to every other joined connection that may see it.
#include "net/meeting.hpp"

namespace tavle::net {

using nlohmann::json;

namespace {

// Reads focus.card_id (a card id or null) and focus.column (a column name or
// null); at least one of them. Returns what is wrong, naming the field.
std::optional<std::string> read_focus(const json& message, std::size_t id_bytes, std::string& card_id,
                                      std::optional<Column>& column) {
  const auto card = message.find("card_id");
  if (card != message.end() && !card->is_null()) {
    if (!card->is_string() || card->get_ref<const std::string&>().empty() ||
        card->get_ref<const std::string&>().size() > id_bytes)
      return "focus.card_id: expected a card id (1.." + std::to_string(id_bytes) + " bytes) or null";
    card_id = card->get<std::string>();
  }
  const auto col = message.find("column");
  if (col != message.end() && !col->is_null()) {
    if (col->is_string()) column = column_from(col->get_ref<const std::string&>());
    if (!column) return "focus.column: expected working_well, worries, next_steps or null";
  }
  if (card_id.empty() && !column) return "focus: give a card_id, a column or both";
  return std::nullopt;
}

}  // namespace

void Meeting::focus(Member& m, const json& message) {
  if (m.role != Role::Facilitator)
    return m.peer->deliver(encode_error("forbidden", "only the facilitator may bring everyone to a view", false));
  std::string card_id;
  std::optional<Column> column;
  if (auto problem = read_focus(message, config_.limits.id_bytes, card_id, column))
    return m.peer->deliver(encode_error("bad_message", *problem, false));
  const Card* card = card_id.empty() ? nullptr : board_.find_card(card_id);
  if (!card_id.empty() && (!card || card->deleted))
    return m.peer->deliver(encode_error("not_found", "focus.card_id: card \"" + card_id + "\" does not exist", false));
  if (card) column = card->column;  // the host's word on where the card is
  const Frame frame = make_frame(json{{"type", "focus"},
                                      {"from", m.presence.participant_id},
                                      {"card_id", card ? json(card_id) : json(nullptr)},
                                      {"column", std::string(name_of(*column))}});
  for (auto& [id, other] : members_) {
    if (id == m.id || !other.welcomed) continue;
    // A card this audience may not see is never named to it, not even its column.
    if (card && card->professional_only && other.audience != Audience::Full && other.audience != Audience::Professional)
      continue;
    other.peer->deliver(frame);
  }
}

}  // namespace tavle::net
