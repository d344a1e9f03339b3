// The model's vocabulary in the UI language, and ids for what this app creates.
#include "app/gui/panels.hpp"

namespace tavle::gui {

const char* column_title(const App& app, Column c) {
  switch (c) {
    case Column::WorkingWell: return app.tr("column.working_well");
    case Column::Worries: return app.tr("column.worries");
    case Column::NextSteps: return app.tr("column.next_steps");
  }
  return "";
}

const char* category_label(const App& app, Category c) {
  switch (c) {
    case Category::None: return app.tr("category.none");
    case Category::Harm: return app.tr("category.harm");
    case Category::DangerStatement: return app.tr("category.danger_statement");
    case Category::ComplicatingFactor: return app.tr("category.complicating_factor");
    case Category::Strength: return app.tr("category.strength");
    case Category::ExistingSafety: return app.tr("category.existing_safety");
    case Category::SafetyGoal: return app.tr("category.safety_goal");
    case Category::NextStep: return app.tr("category.next_step");
  }
  return "";
}

const char* status_label(const App& app, StepStatus s) {
  switch (s) {
    case StepStatus::Open: return app.tr("status.open");
    case StepStatus::Done: return app.tr("status.done");
    case StepStatus::NotDone: return app.tr("status.not_done");
    case StepStatus::CarriedOn: return app.tr("status.carried_on");
  }
  return "";
}

const char* role_label(const App& app, ParticipantRole r) {
  switch (r) {
    case ParticipantRole::Parent: return app.tr("role.parent");
    case ParticipantRole::Child: return app.tr("role.child");
    case ParticipantRole::PrivateNetwork: return app.tr("role.private_network");
    case ParticipantRole::Professional: return app.tr("role.professional");
  }
  return "";
}

std::string new_card_id(App& app) {
  // Time plus a per-process counter: unique within a meeting even across clients.
  return "c-" + app.session->self_id().substr(0, 16) + "-" + std::to_string(now_millis() % 100000000000LL) + "-" +
         std::to_string(++app.ids_made);
}

void part_title(App& app, const char* key) {
  ImGui::Separator();
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr(key));
  ImGui::PopFont();
}

void muted_wrapped(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace tavle::gui
