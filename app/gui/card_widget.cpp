#include "app/gui/card_widget.hpp"

#include "app/gui/panels.hpp"

namespace tavle::gui {
namespace {

// issue 15: a carried card wears a "from last time" chip.
bool has_chips(const Card& card) {
  return card.category != Category::None || card.professional_only || !card.carried_from.empty();
}
bool is_step(const Card& card) {
  return card.column == Column::NextSteps && (card.category == Category::NextStep || !card.step.owners.empty());
}

std::string owners_text(const App& app, const Card& card) {
  std::string out;
  for (const std::string& id : card.step.owners) out += (out.empty() ? "" : ", ") + app.name_of_participant(id);
  return out;
}

std::string agreement_text(const Card& card) {
  int agree = 0, disagree = 0;
  for (const auto& [who, mark] : card.agreement) {
    if (mark == Agreement::Agree) ++agree;
    if (mark == Agreement::Disagree) ++disagree;
  }
  std::string out;
  if (agree) out += "\u2713 " + std::to_string(agree);
  if (disagree) out += std::string(out.empty() ? "" : "   ") + "\u2717 " + std::to_string(disagree);
  return out;
}

float line_height(ImFont* font) { return font->FontSize; }

// A rounded label; returns its width so chips can be laid out in a row.
float draw_chip(ImDrawList* dl, ImFont* font, ImVec2 at, const char* text, ImU32 fill, ImU32 ink) {
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text);
  const float pad = font->FontSize * 0.45f;
  dl->AddRectFilled(at, ImVec2(at.x + size.x + 2 * pad, at.y + size.y + pad * 0.6f), fill, font->FontSize * 0.5f);
  dl->AddText(font, font->FontSize, ImVec2(at.x + pad, at.y + pad * 0.3f), ink, text);
  return size.x + 2 * pad;
}

ImU32 status_colour(const Palette& p, StepStatus status) {
  switch (status) {
    case StepStatus::Done: return p.ok;
    case StepStatus::NotDone: return p.warn;
    case StepStatus::CarriedOn: return p.muted;
    case StepStatus::Open: break;
  }
  return p.accent;
}

}  // namespace

float card_height(const App& app, const Card& card, const CardLook& look) {
  const float inner = look.width - 2 * look.padding;
  float h = 2 * look.padding;
  if (has_chips(card)) h += line_height(look.small) * 1.3f + look.padding * 0.6f;
  h += look.font->CalcTextSizeA(look.font->FontSize, FLT_MAX, inner, card.text.c_str()).y;
  h += look.padding * 0.6f + line_height(look.small);  // author and agreement
  if (is_step(card)) {
    const std::string owners = std::string(app.tr("card.owners")) + ": " + owners_text(app, card);
    h += look.padding * 0.4f + look.small->CalcTextSizeA(look.small->FontSize, FLT_MAX, inner, owners.c_str()).y;
    h += look.padding * 0.4f + line_height(look.small) * 1.3f;
  }
  if (!look.edited_by.empty()) h += look.padding * 0.4f + line_height(look.small);
  return h;
}

void draw_card(const App& app, ImDrawList* dl, const Card& card, const CardLook& look, ImVec2 at) {
  const Palette& p = app.colors();
  const float h = card_height(app, card, look);
  const ImVec2 max(at.x + look.width, at.y + h);
  const float round = look.padding * 0.6f;
  const int col = column_index(card.column);
  dl->AddRectFilled(ImVec2(at.x + 2, at.y + 3), ImVec2(max.x + 2, max.y + 3), p.card_shadow, round);
  dl->AddRectFilled(at, max, p.card, round);
  // A coloured edge ties the card to its column even when dragged or projected.
  dl->AddRectFilled(at, ImVec2(at.x + look.padding * 0.35f, max.y), p.column_band[col], round, ImDrawFlags_RoundCornersLeft);
  ImU32 border = look.selected ? p.accent : p.card_border;
  float thickness = look.selected ? 3.0f : 1.0f;
  if (!look.edited_by.empty()) border = p.editing_mark, thickness = 3.0f;
  if (card.professional_only) border = look.selected ? p.accent : p.professional_only, thickness = 2.5f;
  dl->AddRect(at, max, border, round, 0, thickness);
  if (look.hovered && !look.selected) dl->AddRect(at, max, p.accent, round, 0, 1.5f);

  const float inner = look.width - 2 * look.padding;
  ImVec2 cursor(at.x + look.padding, at.y + look.padding);
  if (has_chips(card)) {
    float x = cursor.x;
    if (card.category != Category::None)
      x += draw_chip(dl, look.small, ImVec2(x, cursor.y), category_label(app, card.category), p.column_band[col], p.chip_text) +
           look.padding * 0.4f;
    if (card.professional_only)
      x += draw_chip(dl, look.small, ImVec2(x, cursor.y), app.tr("card.professional_only"), p.professional_only, p.chip_text) +
           look.padding * 0.4f;
    if (!card.carried_from.empty())  // issue 15
      draw_chip(dl, look.small, ImVec2(x, cursor.y), app.tr("card.carried"), p.muted, p.chip_text);
    cursor.y += line_height(look.small) * 1.3f + look.padding * 0.6f;
  }
  dl->AddText(look.font, look.font->FontSize, cursor, p.text, card.text.c_str(), nullptr, inner);
  cursor.y += look.font->CalcTextSizeA(look.font->FontSize, FLT_MAX, inner, card.text.c_str()).y + look.padding * 0.6f;

  const std::string author = "\u2014 " + app.name_of_participant(card.author);
  dl->AddText(look.small, look.small->FontSize, cursor, p.muted, author.c_str());
  const std::string marks = agreement_text(card);
  if (!marks.empty()) {
    const float w = look.small->CalcTextSizeA(look.small->FontSize, FLT_MAX, 0, marks.c_str()).x;
    dl->AddText(look.small, look.small->FontSize, ImVec2(at.x + look.width - look.padding - w, cursor.y), p.text, marks.c_str());
  }
  cursor.y += line_height(look.small);
  if (is_step(card)) {
    cursor.y += look.padding * 0.4f;
    const std::string owners = std::string(app.tr("card.owners")) + ": " + owners_text(app, card);
    dl->AddText(look.small, look.small->FontSize, cursor, p.text, owners.c_str(), nullptr, inner);
    cursor.y += look.small->CalcTextSizeA(look.small->FontSize, FLT_MAX, inner, owners.c_str()).y + look.padding * 0.4f;
    float x = cursor.x + draw_chip(dl, look.small, cursor, status_label(app, card.step.status), status_colour(p, card.step.status), p.chip_text);
    if (!card.step.due.empty()) {
      const std::string due = std::string(app.tr("card.due")) + " " + card.step.due;
      dl->AddText(look.small, look.small->FontSize, ImVec2(x + look.padding * 0.6f, cursor.y + 2), p.text, due.c_str());
      x += look.padding * 1.2f + look.small->CalcTextSizeA(look.small->FontSize, FLT_MAX, 0, due.c_str()).x;
    }
    if (look.overdue) {  // issue 15: past its date by the meeting's own day
      const std::string late = std::string("! ") + app.tr("followup.overdue");
      draw_chip(dl, look.small, ImVec2(x, cursor.y), late.c_str(), p.warn, p.chip_text);
    }
    cursor.y += line_height(look.small) * 1.3f;
  }
  if (!look.edited_by.empty()) {
    cursor.y += look.padding * 0.4f;
    const std::string who = "\u270E " + look.edited_by + " " + app.tr("card.is_editing");
    dl->AddText(look.small, look.small->FontSize, cursor, p.editing_mark, who.c_str());
  }
}

}  // namespace tavle::gui
