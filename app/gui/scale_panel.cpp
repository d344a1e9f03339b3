// The safety scale: a 0-10 line with everyone's mark (reason on hover), blind
// rating with the facilitator's reveal, and the family's history as a small chart.
// [SECTION] the line and its marks   [SECTION] history chart   [SECTION] panel
#include <algorithm>
#include <map>

#include "app/gui/panels.hpp"
#include "board/continuity.hpp"

namespace tavle::gui {
namespace {

// [SECTION] the line and its marks

struct ScaleGeometry {
  float x0, x1, y;  // the line, from 0 to 10
  float x_of(double value) const { return x0 + (x1 - x0) * static_cast<float>(value) / 10.0f; }
};

void draw_line(const App& app, ImDrawList* dl, const ScaleGeometry& g, ImFont* font) {
  const Palette& p = app.colors();
  const float s = app.scale();
  dl->AddLine(ImVec2(g.x0, g.y), ImVec2(g.x1, g.y), p.text, 3.0f * s);
  for (int v = 0; v <= 10; ++v) {
    const float x = g.x_of(v);
    dl->AddLine(ImVec2(x, g.y - 6 * s), ImVec2(x, g.y + 6 * s), p.text, 2.0f * s);
    const std::string n = std::to_string(v);
    const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, n.c_str()).x;
    dl->AddText(font, font->FontSize, ImVec2(x - w / 2, g.y + 9 * s), p.text, n.c_str());
  }
}

void draw_marks(App& app, const Board& board, ImDrawList* dl, const ScaleGeometry& g, ImFont* font) {
  const Palette& p = app.colors();
  const float s = app.scale();
  const float pill_h = font->FontSize + 6 * s;
  std::vector<std::pair<int, std::string>> marks;  // value, participant id; left to right
  for (const auto& [who, rating] : board.scale.ratings)
    if (rating.value >= 0) marks.emplace_back(rating.value, who);
  std::sort(marks.begin(), marks.end());
  std::vector<float> right_edge;  // per stacking level: where the last name label ends
  for (const auto& [value, who] : marks) {
    const Rating& rating = board.scale.ratings.at(who);
    const float x = g.x_of(value);
    dl->AddCircleFilled(ImVec2(x, g.y), 7 * s, p.accent);
    const std::string name = app.name_of_participant(who);
    const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, name.c_str()).x + 12 * s;
    // The lowest level where this label does not overlap its left neighbour.
    std::size_t level = 0;
    while (level < right_edge.size() && right_edge[level] > x - w / 2 - 3 * s) ++level;
    if (level == right_edge.size()) right_edge.push_back(0);
    right_edge[level] = x + w / 2;
    const ImVec2 min(x - w / 2, g.y - 12 * s - (level + 1) * (pill_h + 3 * s));
    const ImVec2 max(min.x + w, min.y + pill_h);
    dl->AddRectFilled(min, max, p.panel, pill_h / 2);
    dl->AddRect(min, max, p.accent, pill_h / 2, 0, 1.5f * s);
    dl->AddText(font, font->FontSize, ImVec2(min.x + 6 * s, min.y + 3 * s), p.text, name.c_str());
    if (ImGui::IsMouseHoveringRect(min, max) && !rating.reason.empty())
      ImGui::SetTooltip("%s: %d\n%s", name.c_str(), rating.value, rating.reason.c_str());
  }
  const ScalePoint point = scale_point(board);
  if (point.highest >= 0) {  // the average as a triangle under the line
    const float x = g.x_of(point.average);
    dl->AddTriangleFilled(ImVec2(x, g.y + 4 * s), ImVec2(x - 8 * s, g.y - 10 * s), ImVec2(x + 8 * s, g.y - 10 * s), p.warn);
  }
}

// [SECTION] history chart

void draw_history(App& app, const Board& board, ImVec2 min, ImVec2 max, ImFont* font) {
  const Palette& p = app.colors();
  const float s = app.scale();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(font, font->FontSize, min, p.muted, app.tr("scale.history"));
  min.y += font->FontSize + 4 * s;
  std::vector<ScalePoint> points = app.scale_history;
  points.push_back(scale_point(board));
  dl->AddRect(min, max, p.card_border);
  const float h = max.y - min.y;
  for (int v : {0, 5, 10}) {
    const float y = max.y - h * v / 10.0f;
    dl->AddLine(ImVec2(min.x, y), ImVec2(max.x, y), p.card_border);
  }
  const float step = (max.x - min.x) / static_cast<float>(points.size() + 1);
  ImVec2 previous;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].highest < 0) continue;
    const ImVec2 at(min.x + step * (i + 1), max.y - h * static_cast<float>(points[i].average) / 10.0f);
    if (i > 0 && points[i - 1].highest >= 0) dl->AddLine(previous, at, p.accent, 2.5f * s);
    dl->AddLine(ImVec2(at.x, max.y - h * points[i].lowest / 10.0f), ImVec2(at.x, max.y - h * points[i].highest / 10.0f),
                p.muted, 1.5f * s);
    dl->AddCircleFilled(at, 5 * s, p.accent);
    const std::string label = points[i].date.size() >= 10 ? points[i].date.substr(5, 5) : points[i].date;
    dl->AddText(font, font->FontSize * 0.8f, ImVec2(at.x - font->FontSize, max.y + 2 * s), p.muted, label.c_str());
    previous = at;
  }
}

// [SECTION] panel

void draw_blind_state(App& app, const Board& board) {
  std::size_t given = 0;
  for (const auto& [who, rating] : board.scale.ratings)
    if (rating.value >= 0 || rating.hidden) ++given;
  ImGui::Text("%s: %zu / %zu", app.tr("scale.blind_given"), given, board.participants.size());
  if (app.projecting() || board.scale.revealed) return;
  ImGui::SameLine();
  if (ImGui::Button(app.tr("scale.reveal"))) app.send(ops::reveal_ratings());
}

}  // namespace

void draw_scale_panel(App& app, ImVec2 size) {
  const Board& board = app.visible_board();
  const float s = app.scale();
  ImFont* font = app.projecting() ? app.fonts.card : app.fonts.ui;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + size.x - 12 * s, origin.y + size.y - 8 * s), app.colors().panel, 8 * s);
  const float chart_w = std::min(320.0f * s, size.x * 0.28f);
  const float line_w = size.x - chart_w - 80 * s;
  ImGui::SetCursorScreenPos(ImVec2(origin.x + 16 * s, origin.y + 8 * s));
  ImGui::PushFont(app.projecting() ? app.fonts.ui_bold : app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("scale.title"));
  ImGui::PopFont();
  ImGui::SameLine();
  if (board.scale.blind && !board.scale.revealed) draw_blind_state(app, board);
  else if (!board.scale.question.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", board.scale.question.c_str());
  const ScaleGeometry g{origin.x + 40 * s, origin.x + 40 * s + line_w, origin.y + size.y - 48 * s};
  draw_line(app, dl, g, font);
  draw_marks(app, board, dl, g, font);
  draw_history(app, board, ImVec2(origin.x + size.x - chart_w - 24 * s, origin.y + 8 * s),
               ImVec2(origin.x + size.x - 36 * s, origin.y + size.y - 40 * s), app.fonts.ui);
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + size.y));
}

}  // namespace tavle::gui
