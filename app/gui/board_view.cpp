// The three columns of cards: heading bands, cards, the draft being typed, and
// drag and drop between and within columns.
// [SECTION] ops from gestures   [SECTION] one column   [SECTION] the three columns
#include <algorithm>
#include <map>

#include "app/gui/card_widget.hpp"
#include "app/gui/panels.hpp"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "board/followup.hpp"
#include "board/order_key.hpp"

namespace tavle::gui {
namespace {

constexpr const char* kCardPayload = "TAVLE_CARD";

// [SECTION] ops from gestures

// Order key for a card placed before `before_id` (empty: at the end) in `column`,
// leaving the moving card itself out of the neighbours.
std::string order_for_drop(const Board& board, Column column, const std::string& before_id, const std::string& moving) {
  std::vector<const Card*> cards = board.column(column);
  cards.erase(std::remove_if(cards.begin(), cards.end(), [&](const Card* c) { return c->id == moving; }), cards.end());
  std::string prev, next;
  for (std::size_t i = 0; i < cards.size(); ++i)
    if (cards[i]->id == before_id) {
      next = cards[i]->order;
      if (i > 0) prev = cards[i - 1]->order;
      return order_key_between(prev, next);
    }
  return order_key_between(cards.empty() ? "" : cards.back()->order, "");
}

void move_card(App& app, const std::string& card_id, Column column, const std::string& before_id) {
  if (card_id == before_id) return;
  app.send(ops::move_card(card_id, column, order_for_drop(app.session->board(), column, before_id, card_id)));
}

void accept_card_drop(App& app, Column column, const std::string& before_id) {
  if (!ImGui::BeginDragDropTarget()) return;
  if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kCardPayload)) {
    const std::string card_id(static_cast<const char*>(payload->Data), payload->DataSize);
    move_card(app, card_id, column, before_id);
  }
  ImGui::EndDragDropTarget();
}

void commit_draft(App& app, bool keep_typing) {
  CardDraft& draft = app.board_ui.draft;
  const Column column = draft.column;
  const bool was_new = draft.card_id.empty();
  if (was_new && !draft.text.empty()) {
    // Hidden from the room from its first op: the projector never shows it, not even briefly.
    app.send(ops::add_card(new_card_id(app), column, draft.text, order_for_drop(app.session->board(), column, "", ""),
                           {.professional_only = draft.professional_only}));
  } else if (!was_new) {
    const Card* card = app.session->board().find_card(draft.card_id);
    if (card && !card->deleted && card->text != draft.text && !draft.text.empty()) {
      app.send(ops::edit_text(draft.card_id, draft.text));
    }
  }
  draft = CardDraft{};
  app.session->set_editing("");
  if (keep_typing && was_new) draft = CardDraft{true, "", column, "", true, false};  // next card, same column
}

// Tab belongs to us (it moves the draft between columns), so it never becomes text.
// A draft that just got focus puts the caret after its text, so typing continues.
int draft_text_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return data->EventChar == '\t' ? 1 : 0;
  auto* draft = static_cast<CardDraft*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways && draft->caret_to_end) {
    data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
    draft->caret_to_end = false;
  }
  return 0;
}

void draw_draft(App& app, float width, float min_height) {
  CardDraft& draft = app.board_ui.draft;
  ImGui::PushFont(app.projecting() ? app.fonts.big_card : app.fonts.card);
  const bool just_focused = draft.focus_pending;
  if (draft.focus_pending) {
    ImGui::SetKeyboardFocusHere();
    draft.focus_pending = false;
  }
  const ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CtrlEnterForNewLine |
                                    ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackCharFilter |
                                    ImGuiInputTextFlags_CallbackAlways;
  if (just_focused) draft.caret_to_end = true;
  const bool entered =
      ImGui::InputTextMultiline("##draft", &draft.text, ImVec2(width, min_height), flags, draft_text_callback, &draft);
  const bool active = ImGui::IsItemActive();
  ImGui::PopFont();
  if (draft.card_id.empty()) {  // a new card says whether the room will see it (Ctrl+P switches)
    if (active && ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed('P', false)) draft.professional_only = !draft.professional_only;
    const char* note = draft.professional_only ? app.tr("card.professional_only") : app.tr("board.draft_hint");
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 size = ImGui::CalcTextSize(note);
    ImGui::GetWindowDrawList()->AddText(ImVec2(max.x - size.x - 6 * app.scale(), max.y - size.y - 4 * app.scale()),
                                        draft.professional_only ? app.colors().professional_only : app.colors().muted, note);
    if (draft.professional_only) app.layout.note_control("board.draft_professional_only");
  }
  if (entered) return commit_draft(app, true);
  if (active && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    app.board_ui.draft = CardDraft{};
    app.session->set_editing("");
    return;
  }
  if (active && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab))) {
    const int step = ImGui::GetIO().KeyShift ? 2 : 1;
    draft.column = static_cast<Column>((column_index(draft.column) + step) % 3);
    if (!draft.card_id.empty()) commit_draft(app, false);  // Tab leaves an edited card
    else draft.focus_pending = true;
    app.board_ui.focused_column = draft.column;
    return;
  }
  if (ImGui::IsItemDeactivated() && !just_focused) commit_draft(app, false);
}

// [SECTION] one column

// The room's window follows the facilitator's scrolling: when the first card the
// facilitator sees in a column changes, the room scrolls to it (or to the next
// card the room may see). Empty: nothing to do, or the column's top.
std::string room_scroll_target(App& app, const Board& visible, Column column) {
  if (!app.drawing_room) return "";
  RoomFollow& f = app.room_follow;
  const int i = column_index(column);
  if (f.column_top[i] == f.shown_top[i]) return "";
  f.shown_top[i] = f.column_top[i];
  if (f.column_top[i].empty()) {
    ImGui::SetScrollY(0.0f);
    return "";
  }
  bool reached = false;
  for (const Card* card : app.session->board().column(column)) {
    reached = reached || card->id == f.column_top[i];
    if (reached && visible.find_card(card->id)) return card->id;
  }
  return "";
}

struct ColumnGeometry {
  Column column;
  ImVec2 min;
  float width, height, band_height;
};

std::map<std::string, std::string> others_editing(const App& app) {
  std::map<std::string, std::string> out;
  for (const PresenceEntry& p : app.session->presence())
    if (p.participant_id != app.session->self_id() && !p.editing.empty())
      out[p.editing] = app.name_of_participant(p.participant_id);
  return out;
}

void draw_heading(App& app, const ColumnGeometry& g, std::size_t count) {
  const Palette& p = app.colors();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(g.min.x + g.width, g.min.y + g.band_height);
  dl->AddRectFilled(g.min, max, p.column_band[column_index(g.column)], 8.0f * app.scale(), ImDrawFlags_RoundCornersTop);
  ImFont* font = app.projecting() ? app.fonts.big_heading : app.fonts.heading;
  const char* title = column_title(app, g.column);
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, title);
  const float pad = (g.band_height - size.y) * 0.5f;
  const std::string n = std::to_string(count);
  const float nw = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, n.c_str()).x;
  // A long heading (English, large type) shrinks to fit beside the count.
  const float room = g.width - nw - pad * 4.5f;
  const float title_size = size.x > room ? font->FontSize * room / size.x : font->FontSize;
  dl->AddText(font, title_size, ImVec2(g.min.x + pad * 1.5f, g.min.y + pad + (font->FontSize - title_size) * 0.5f), p.chip_text, title);
  dl->AddText(font, font->FontSize, ImVec2(max.x - nw - pad * 1.5f, g.min.y + pad), IM_COL32(255, 255, 255, 170), n.c_str());
  if (!app.projecting() && app.board_ui.focused_column == g.column)
    dl->AddRectFilled(ImVec2(g.min.x, max.y - 4 * app.scale()), max, p.accent);
  app.layout.headings.push_back({std::string(name_of(g.column)), g.column, g.min, max, p.column_band[column_index(g.column)], n});
  app.layout.professional_only_colour = p.professional_only;
}

void draw_column_cards(App& app, const Board& board, const ColumnGeometry& g) {
  const bool editing_allowed = !app.projecting();
  const float pad = (app.projecting() ? 14.0f : 10.0f) * app.scale();
  CardLook look;
  look.font = app.projecting() ? app.fonts.big_card : app.fonts.card;
  look.small = app.projecting() ? app.fonts.card : app.fonts.ui;
  look.width = g.width - 2 * pad - ImGui::GetStyle().ScrollbarSize;
  look.padding = pad;
  const auto editing = others_editing(app);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImRect clip(ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                                  ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
  // The room's window shows no draft: what is being typed may be for professionals only.
  CardDraft no_draft;
  CardDraft& draft = app.drawing_room ? no_draft : app.board_ui.draft;
  const std::string top_target = room_scroll_target(app, board, g.column);
  std::string top_seen;
  if (!app.drawing_room && app.board_ui.scroll_to_column == g.column) ImGui::SetScrollY(0.0f), app.board_ui.scroll_to_column.reset();
  ImVec2 at(ImGui::GetCursorScreenPos().x + pad, ImGui::GetCursorScreenPos().y + pad);
  for (const Card* card : board.column(g.column)) {
    ImGui::PushID(card->id.c_str());
    auto who = editing.find(card->id);
    look.edited_by = who == editing.end() ? "" : who->second;
    look.selected = app.board_ui.selected_card == card->id;
    look.overdue = is_overdue(board, *card);  // issue 15
    float h = card_height(app, *card, look);
    ImGui::SetCursorScreenPos(at);
    if (draft.active && draft.card_id == card->id) {
      h = std::max(h, look.font->FontSize * 4);
      draw_draft(app, look.width, h);
    } else {
      // Pressed counts a click and the keyboard (arrow keys to the card, then Space).
      const bool pressed = ImGui::InvisibleButton("##card", ImVec2(look.width, h));
      const bool keyboard_here = ImGui::IsItemFocused() && ImGui::GetIO().NavVisible;
      look.hovered = editing_allowed && (ImGui::IsItemHovered() || keyboard_here);
      if (editing_allowed) {
        if (pressed || ImGui::IsItemClicked()) app.board_ui.selected_card = card->id, app.board_ui.focused_column = g.column;
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
          draft = CardDraft{true, card->id, g.column, card->text, true, false};
          app.session->set_editing(card->id);
        }
        if (ImGui::BeginDragDropSource()) {
          ImGui::SetDragDropPayload(kCardPayload, card->id.data(), card->id.size());
          ImGui::TextUnformatted(card->text.substr(0, 60).c_str());
          ImGui::EndDragDropSource();
        }
        accept_card_drop(app, g.column, card->id);
      }
      draw_card(app, dl, *card, look, at);
      // InvisibleButton draws no keyboard focus of its own: a 3 px ring shows where it is.
      if (keyboard_here)
        dl->AddRect(ImVec2(at.x - 3, at.y - 3), ImVec2(at.x + look.width + 3, at.y + h + 3), app.colors().accent, 6.0f * app.scale(), 0, 3.0f);
    }
    if (app.drawing_room) {
      if (card->id == top_target) ImGui::SetScrollHereY(0.0f);
      if (card->id == app.board_ui.selected_card && app.room_follow.shown_selected != card->id) ImGui::SetScrollHereY(0.3f);
    } else if (app.board_ui.scroll_to == card->id) {
      ImGui::SetScrollHereY(0.3f), app.board_ui.scroll_to.clear();
    }
    const ImRect r(at, ImVec2(at.x + look.width, at.y + h));
    if (top_seen.empty() && r.Max.y > clip.Min.y) top_seen = card->id;
    if (clip.Contains(r)) app.layout.cards.push_back({card->id, g.column, r.Min, r.Max, app.colors().card});
    at.y += h + pad;
    ImGui::PopID();
  }
  if (!app.drawing_room) app.room_follow.column_top[column_index(g.column)] = ImGui::GetScrollY() > 0 ? top_seen : "";
  ImGui::SetCursorScreenPos(at);
  if (draft.active && draft.card_id.empty() && draft.column == g.column) {
    draw_draft(app, look.width, look.font->FontSize * 3.5f);
    at.y += look.font->FontSize * 3.5f + pad;
    ImGui::SetCursorScreenPos(at);
  } else if (editing_allowed && ImGui::Button(app.tr("board.add_card"), ImVec2(look.width, 0))) {
    draft = CardDraft{true, "", g.column, "", true, false};
    app.board_ui.focused_column = g.column;
  }
  // The rest of the column accepts drops "at the end" and focuses the column.
  const float rest = std::max(ImGui::GetContentRegionAvail().y, 40.0f * app.scale());
  ImGui::InvisibleButton("##column-end", ImVec2(look.width, rest));
  if (editing_allowed) {
    if (ImGui::IsItemClicked()) app.board_ui.focused_column = g.column;
    accept_card_drop(app, g.column, "");
  }
}

}  // namespace

// [SECTION] the three columns

void draw_board_view(App& app, ImVec2 size) {
  const Board& board = app.visible_board();
  const float gap = 12.0f * app.scale();
  const float width = (size.x - gap * 4) / 3;
  ImFont* heading = app.projecting() ? app.fonts.big_heading : app.fonts.heading;
  const float band = heading->FontSize * 1.7f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (Column column : kColumns) {
    const int i = column_index(column);
    ColumnGeometry g{column, ImVec2(origin.x + gap + i * (width + gap), origin.y), width, size.y, band};
    const std::vector<const Card*> cards = board.column(column);
    draw_heading(app, g, cards.size());
    const ImVec2 body_min(g.min.x, g.min.y + band);
    dl->AddRectFilled(body_min, ImVec2(g.min.x + width, g.min.y + size.y), app.colors().column_tint[i], 8.0f * app.scale(),
                      ImDrawFlags_RoundCornersBottom);
    ImGui::SetCursorScreenPos(body_min);
    ImGui::PushID(i);
    ImGui::BeginChild("column", ImVec2(width, size.y - band), false, ImGuiWindowFlags_NoBackground);
    draw_column_cards(app, board, g);
    ImGui::EndChild();
    ImGui::PopID();
  }
  if (app.drawing_room) app.room_follow.shown_selected = app.board_ui.selected_card;
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + size.y));
}

}  // namespace tavle::gui
