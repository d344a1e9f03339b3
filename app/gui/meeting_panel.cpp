// The meeting's required fields: coordinator (named at every network meeting),
// the parents' written consent, the next meeting, the scale question; and the
// plan's approval.
#include "app/gui/panels.hpp"
#include "app/gui/text_field.hpp"

namespace tavle::gui {
namespace {

void text_row(App& app, const char* label, ops::MeetingText field, const std::string& current, const char* hint = nullptr) {
  std::string edited;
  if (edit_text_field(app, label, "meeting." + std::string(ops::name_of(field)), current, edited, hint))
    app.send(ops::set_meeting_field(field, edited));
}

void draw_coordinator(App& app, const Board& board) {
  const std::string current = board.meeting.coordinator.empty() ? app.tr("meeting.nobody")
                                                                  : app.name_of_participant(board.meeting.coordinator);
  if (!ImGui::BeginCombo(app.tr("meeting.coordinator"), current.c_str())) return;
  for (const auto& [id, person] : board.participants)
    if (!person.removed && ImGui::Selectable(person.name.c_str(), id == board.meeting.coordinator))
      app.send(ops::set_meeting_field(ops::MeetingText::Coordinator, id));
  ImGui::EndCombo();
}

// issue 14: the meeting's kind, case number and language.
void draw_kind_and_case(App& app, const Board& board) {
  const Meeting& m = board.meeting;
  const std::string kind_key = "meeting.kind_" + std::string(name_of(m.kind));
  if (ImGui::BeginCombo(app.tr("meeting.kind"), app.tr(kind_key.c_str()))) {
    for (MeetingKind k : {MeetingKind::Network, MeetingKind::Status, MeetingKind::FollowUp}) {
      const std::string key = "meeting.kind_" + std::string(name_of(k));
      if (ImGui::Selectable(app.tr(key.c_str()), k == m.kind) && k != m.kind)
        app.send(ops::set_meeting_field(k));
    }
    ImGui::EndCombo();
  }
  text_row(app, app.tr("meeting.case_ref"), ops::MeetingText::CaseRef, m.case_ref);
  const char* languages[] = {"da", "en"};
  if (ImGui::BeginCombo(app.tr("meeting.language"), m.language == "en" ? "English" : "Dansk")) {
    for (const char* lang : languages)
      if (ImGui::Selectable(std::string(lang) == "en" ? "English" : "Dansk", m.language == lang) && m.language != lang)
        app.send(ops::set_meeting_field(ops::MeetingText::Language, lang));
    ImGui::EndCombo();
  }
}

void draw_approval(App& app, const Board& board) {
  const Approval& a = board.meeting.approval;
  if (a.by.empty()) {
    ImGui::TextWrapped("%s", app.tr("meeting.not_approved"));
    if (ImGui::Button(app.tr("meeting.approve"))) app.send(ops::approve_plan());
    return;
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().ok), "%s %s", app.tr("meeting.approved_by"),
                     app.name_of_participant(a.by).c_str());
  if (ImGui::Button(app.tr("meeting.withdraw"))) app.send(ops::withdraw_approval());
}

}  // namespace

void draw_meeting_panel(App& app) {
  const Board& board = app.session->board();
  const Meeting& m = board.meeting;
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 9);
  text_row(app, app.tr("meeting.family_label"), ops::MeetingText::FamilyLabel, m.family_label);
  text_row(app, app.tr("meeting.place"), ops::MeetingText::Place, m.place);
  text_row(app, app.tr("meeting.starts_at"), ops::MeetingText::StartsAt, m.starts_at, "YYYY-MM-DDTHH:MM");
  draw_kind_and_case(app, board);  // issue 14
  draw_coordinator(app, board);
  if (m.coordinator.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", app.tr("meeting.coordinator_missing"));
  ImGui::Separator();
  text_row(app, app.tr("meeting.consent_by"), ops::MeetingText::ConsentBy, m.consent.given_by);
  text_row(app, app.tr("meeting.consent_at"), ops::MeetingText::ConsentAt, m.consent.at, "YYYY-MM-DD");
  if (consent_missing(board) && m.consent.given_by.empty())  // issue 14: structured consent counts
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", app.tr("meeting.consent_missing"));
  ImGui::Separator();
  text_row(app, app.tr("meeting.next_meeting"), ops::MeetingText::NextMeeting, m.next_meeting, "YYYY-MM-DDTHH:MM");
  text_row(app, app.tr("meeting.scale_question"), ops::MeetingText::ScaleQuestion, board.scale.question);
  bool blind = board.scale.blind;
  if (ImGui::Checkbox(app.tr("meeting.scale_blind"), &blind)) app.send(ops::set_meeting_field(ops::MeetingFlag::ScaleBlind, blind));
  ImGui::PopItemWidth();
  ImGui::Separator();
  draw_approval(app, board);
}

}  // namespace tavle::gui
