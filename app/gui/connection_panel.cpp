// How people join and whether we are connected: the join code, a QR code of the
// tablet page's address, and the connection state with unsent edits.
#include "app/gui/panels.hpp"

namespace tavle::gui {

void draw_connection_badge(App& app) {
  const ConnectionInfo info = app.session->connection();
  const Palette& p = app.colors();
  ImU32 colour = p.muted;
  std::string text;
  switch (info.state) {
    case ConnectionState::Local: text = app.tr("conn.local"); break;
    case ConnectionState::Connecting: text = app.tr("conn.connecting"), colour = p.editing_mark; break;
    case ConnectionState::Connected: text = app.tr("conn.connected"), colour = p.ok; break;
    case ConnectionState::Reconnecting: text = app.tr("conn.reconnecting"), colour = p.editing_mark; break;
    case ConnectionState::Offline: text = app.tr("conn.offline"), colour = p.warn; break;
  }
  if (info.unsent_ops > 0) text += " \u2013 " + std::to_string(info.unsent_ops) + " " + app.tr("conn.unsent");
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "\u25CF %s", text.c_str());
  if (!info.last_error.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.last_error.c_str());
}

void draw_connection_panel(App& app) {
  const ConnectionInfo info = app.session->connection();
  draw_connection_badge(app);
  if (info.address.empty() || info.join_code.empty()) {
    ImGui::TextWrapped("%s", app.tr("join.not_hosting"));
    return;
  }
  const std::string url = "http://" + info.address + "/#code=" + info.join_code;
  ImGui::PushFont(app.fonts.heading);
  ImGui::Text("%s %s", app.tr("join.code"), info.join_code.c_str());
  ImGui::PopFont();
  ImGui::TextWrapped("%s", app.tr("join.scan"));
  if (app.qr.update(url)) {
    const float side = std::min(ImGui::GetContentRegionAvail().x, 320.0f * app.scale());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddImage(app.qr.texture(), at, ImVec2(at.x + side, at.y + side));
    ImGui::Dummy(ImVec2(side, side));
  }
  ImGui::TextUnformatted(url.c_str());
  ImGui::TextDisabled("%s %s", app.tr("join.address"), info.address.c_str());
}

}  // namespace tavle::gui
