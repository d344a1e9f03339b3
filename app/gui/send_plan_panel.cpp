// issue 14: "Send the plan" in the Family plan tab: the distribution list (everyone,
// present or not, and how each is reached), and one button that makes each
// recipient's e-mail draft or PDFs to print (export/distribution.hpp) and records
// who was sent it as ops (so it syncs, is journaled and the minutes list it).
#include <cstdlib>
#include <ctime>

#include "app/gui/meeting_library.hpp"  // issue 13: written files go in the access log
#include "app/gui/panels.hpp"
#include "board/plan_ops.hpp"
#include "export/distribution.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

std::string default_folder(const App& app) {
  std::string label = app.session->board().meeting.family_label;
  for (char& c : label)
    if (c == ' ' || c == '/') c = '-';
  const char* home = std::getenv("HOME");
  const std::string base = !app.preferences.last_folder.empty() ? app.preferences.last_folder
                           : home && *home                      ? std::string(home)
                                                                : std::string(".");
  return base + "/" + (label.empty() ? std::string("tavle") : label) + "-" + app.tr("send.title");
}

std::string clock_text(Millis at) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%d.%m.%Y %H:%M", &local);
  return text;
}

std::string replace(std::string text, const std::string& name, const std::string& value) {
  if (const auto at = text.find("{" + name + "}"); at != std::string::npos) text.replace(at, name.size() + 2, value);
  return text;
}

// The name on a line, then how the plan reaches them and whether it did: the side
// panel is narrow, so each part wraps under the name rather than running off its edge.
void draw_recipient(App& app, const Board& board, const Recipient& r) {
  ImGui::PushID(r.participant_id.c_str());
  ImGui::TextUnformatted(r.name.c_str());
  ImGui::Indent();
  const std::string absent = r.present ? "" : " (" + std::string(app.tr("send.absent")) + ")";
  if (r.channel == Channel::None) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(app.colors().warn));
    ImGui::TextWrapped("%s%s", app.tr(r.problem == "email_unusable" ? "send.email_unusable" : "send.no_contact"),
                       absent.c_str());
    ImGui::PopStyleColor();
  } else {
    muted_wrapped(std::string(app.tr(r.channel == Channel::Email ? "send.by_email" : "send.by_post")) + ": " + r.reach +
                  absent);
  }
  if (auto it = board.meeting.informed.find(r.participant_id); it != board.meeting.informed.end()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(app.colors().ok));
    ImGui::TextWrapped("%s", replace(app.tr("send.received"), "when", clock_text(it->second.at)).c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Unindent();
  ImGui::PopID();
}

void send_now(App& app, const Board& board) {
  PlanUi& ui = app.plan_ui;
  const SendResult result =
      send_plan(board, {ui.send_folder, app.strings.lang(), now_millis(), app.scale_history, theme_words(app)});
  for (const SentFile& f : result.sent) {
    app.send(ops::record_informed(f.to.participant_id,
                                  f.to.channel == Channel::Email ? InformMethod::Email : InformMethod::Post));
    for (const std::string& path : f.paths) record_written_file(app, "plan-sent", path);
  }
  ui.send_status = result.ok() ? replace(replace(app.tr("send.done"), "count", std::to_string(result.sent.size())),
                                         "folder", ui.send_folder)
                               : std::string(app.tr("send.failed")) + ": " + result.error->message;
}

}  // namespace

void draw_send_plan(App& app) {
  if (app.projecting() || !app.session) return;
  const Board& board = app.session->board();
  PlanUi& ui = app.plan_ui;
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(app.tr("send.title"));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", app.tr("send.explain"));
  ImGui::PopStyleColor();
  for (const Recipient& r : distribution_list(board)) draw_recipient(app, board, r);
  if (ui.send_folder.empty()) ui.send_folder = default_folder(app);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4);
  ImGui::InputText(app.tr("send.folder"), &ui.send_folder);
  if (ImGui::Button(app.tr("send.button")) && !ui.send_folder.empty()) send_now(app, board);
  if (LayoutFacts::item_shown()) app.layout.note_control("send.button");
  if (!ui.send_status.empty()) ImGui::TextWrapped("%s", ui.send_status.c_str());
}

}  // namespace tavle::gui
