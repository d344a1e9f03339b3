#include "board/sample.hpp"

#include <stdexcept>

#include "board/apply.hpp"

namespace tavle {
namespace {

constexpr Millis kStart = 1795593600000;  // 2026-11-25 09:00 in Copenhagen (08:00 UTC)

class Script {
 public:
  std::vector<Op> ops;

  void op(const std::string& author, OpKind kind, const std::string& target, nlohmann::json value,
          const std::string& field = {}) {
    Op o;
    o.id = "sample:" + std::to_string(ops.size() + 1);
    o.author = author;
    o.at = kStart + static_cast<Millis>(ops.size()) * 45'000;
    o.kind = kind;
    o.target = target;
    o.field = field;
    o.value = std::move(value);
    ops.push_back(std::move(o));
  }
  void person(const std::string& id, const char* name, const char* role, const char* org, bool present = true) {
    op("p-pia", OpKind::AddParticipant, id, {{"name", name}, {"role", role}, {"organisation", org}, {"present", present}});
  }
  void meeting(const char* field, nlohmann::json value) { op("p-pia", OpKind::SetMeetingField, "", value, field); }
  void card(const std::string& author, const std::string& id, const char* column, const char* text,
            nlohmann::json extra = nlohmann::json::object()) {
    extra["column"] = column;
    extra["text"] = text;
    op(author, OpKind::AddCard, id, extra);
  }
  void rate(const std::string& who, int value, const char* reason) {
    op(who, OpKind::SetRating, who, {{"value", value}, {"reason", reason}});
  }
};

}  // namespace

std::vector<Op> sample_ops() {
  Script s;
  s.person("p-pia", "Pia Madsen", "professional", "Familieafdelingen, rådgiver");
  s.person("p-line", "Line", "parent", "Mor");
  s.person("p-kasper", "Kasper", "parent", "Far");
  s.person("p-emma", "Emma (12 år)", "child", "");
  s.person("p-birthe", "Birthe", "private_network", "Mormor");
  s.person("p-anne", "Anne Holm", "professional", "Skovvang Skole, klasselærer");
  s.person("p-mette", "Mette Lund", "professional", "Sundhedsplejen");
  s.person("p-jonas", "Jonas Berg", "professional", "Jobcentret");
  s.person("p-sara", "Sara Nielsen", "professional", "Børne- og Ungdomspsykiatrien", false);

  s.meeting("family_label", "Familien Jensen");
  s.meeting("case_ref", "SAG-2026-0417");
  s.meeting("kind", "network");
  s.meeting("starts_at", "2026-11-25T09:00");
  s.meeting("place", "Familiehuset, mødelokale 2");
  s.meeting("facilitator", "p-pia");
  // issue 14: consent as given, by whom, covering whom
  s.op("p-pia", OpKind::AddConsent, "k-line",
       {{"given_by", "p-line"}, {"form", "written"}, {"at", "2026-11-20"},
        {"covers", {"Skovvang Skole", "Sundhedsplejen", "Jobcentret", "PPR"}}});
  s.op("p-pia", OpKind::AddConsent, "k-kasper",
       {{"given_by", "p-kasper"}, {"form", "written"}, {"at", "2026-11-20"},
        {"covers", {"Skovvang Skole", "Sundhedsplejen", "PPR"}}});
  s.meeting("scale_question",
            "På en skala fra 0 til 10, hvor 10 betyder, at alle er sikre på, at Emma er tryg og godt passet "
            "derhjemme, og 0 betyder, at det er så slemt, at Emma ikke kan bo hjemme: Hvor er vi i dag?");
  s.meeting("scale_blind", true);

  s.card("p-anne", "c-skole", "working_well",
         "Emma kommer i skole hver dag og har det godt med sine klassekammerater.", {{"category", "strength"}});
  s.card("p-line", "c-mormor", "working_well",
         "Mormor Birthe henter Emma tirsdag og torsdag og kommer, når mor har en dårlig dag.",
         {{"category", "existing_safety"}});
  s.card("p-kasper", "c-far", "working_well",
         "Far har ikke drukket siden sommerferien og går til samtale hver uge.", {{"category", "strength"}});
  s.card("p-line", "c-siger-til", "working_well", "Mor siger selv til, når hun har brug for hjælp.\nDet er nyt, og det er godt.");

  s.card("p-pia", "c-fare", "worries",
         "Vi er bekymrede for, at Emma igen er alene hjemme om aftenen, når mor har det dårligt, uden at nogen voksen "
         "ved det, og at hun ikke får aftensmad og ikke tør sove.",
         {{"category", "danger_statement"}});
  s.card("p-birthe", "c-alene", "worries",
         "Emma har tre gange i oktober været alene hjemme om aftenen og har ringet til mormor.", {{"category", "harm"}});
  s.card("p-mette", "c-hver-for-sig", "worries", "Mor og far bor hver for sig og taler ikke sammen om Emma.",
         {{"category", "complicating_factor"}});
  s.card("p-sara", "c-psyk", "worries",
         "Afventer udtalelse fra psykiatrien om mors behandlingsforløb (kun for fagpersoner).",
         {{"category", "complicating_factor"}, {"professional_only", true}});

  s.card("p-pia", "c-maal", "next_steps",
         "Emma ved altid, hvilken voksen hun kan ringe til, og der er altid en voksen hos hende om aftenen.",
         {{"category", "safety_goal"}});
  s.op("p-pia", OpKind::SetCardField, "c-fare", "c-maal", "paired_with");
  s.card("p-pia", "c-aftenplan", "next_steps",
         "Mor, far og mormor laver en plan for, hvem der er hos Emma hver aften. Planen hænger på køleskabet.",
         {{"category", "next_step"}, {"owners", {"p-line", "p-kasper", "p-birthe"}}, {"due", "2026-12-05"}});
  s.card("p-anne", "c-skolebesked", "next_steps",
         "Skolen giver Pia besked samme dag, hvis Emma ikke kommer i skole.",
         {{"category", "next_step"}, {"owners", {"p-anne"}}, {"due", "2026-12-01"}});
  s.card("p-mette", "c-besoeg", "next_steps", "Sundhedsplejen besøger familien hver 14. dag frem til næste møde.",
         {{"category", "next_step"}, {"owners", {"p-mette"}}, {"due", "2027-01-14"}});
  s.card("p-kasper", "c-laege", "next_steps", "Far bestiller tid hos egen læge.",
         {{"category", "next_step"}, {"owners", {"p-kasper"}}, {"due", "2026-11-20"}, {"status", "done"}});
  s.card("p-jonas", "c-job", "next_steps", "Jobcentret finder et praktikforløb til mor med korte dage.",
         {{"category", "next_step"}, {"owners", {"p-jonas", "p-line"}}, {"due", "2027-01-10"}});

  for (const char* who : {"p-line", "p-kasper", "p-birthe", "p-anne", "p-pia"})
    s.op(who, OpKind::SetAgreement, "c-fare", "agree", who);
  s.op("p-mette", OpKind::SetAgreement, "c-maal", "agree", "p-mette");
  s.op("p-kasper", OpKind::SetAgreement, "c-hver-for-sig", "disagree", "p-kasper");

  s.op("p-emma", OpKind::AddSuggestion, "s-fodbold",
       {{"column", "working_well"}, {"text", "Mormor kommer og ser mine fodboldkampe."}});
  s.op("p-line", OpKind::AddSuggestion, "s-veninde",
       {{"column", "next_steps"}, {"text", "Min veninde Hanne vil gerne være med i planen."}});
  s.op("p-pia", OpKind::ResolveSuggestion, "s-veninde", {{"decision", "accept"}, {"card_id", "c-hanne"}});

  s.rate("p-line", 7, "Det går bedre, nu hvor mormor er med.");
  s.rate("p-kasper", 6, "Jeg er der mere nu, men vi mangler en plan for aftenerne.");
  s.rate("p-emma", 8, "");
  s.rate("p-birthe", 6, "Jeg er bekymret for aftenerne.");
  s.rate("p-anne", 6, "Emma er glad i skolen.");
  s.rate("p-mette", 5, "");
  s.rate("p-pia", 4, "Der er ingen fast plan for aftenerne endnu.");
  s.op("p-pia", OpKind::RevealRatings, "", nullptr);

  // issue 14: goals for each family member in their words, who helps, and each next
  // step's goal; two actors help Emma (school and PPR), which the plan marks.
  s.op("p-emma", OpKind::AddGoal, "g-aftener",
       {{"text", "Jeg er aldrig alene om aftenen, og jeg ved, hvem jeg kan ringe til."},
        {"for", {"p-emma"}},
        {"how_we_know", "Emma siger, at hun er tryg, og planen på køleskabet bliver fulgt hver aften."}});
  s.op("p-line", OpKind::AddGoal, "g-mor-job",
       {{"text", "Jeg har noget at stå op til om morgenen."}, {"for", {"p-line"}},
        {"how_we_know", "Mor er i praktik tre dage om ugen."}});
  s.op("p-kasper", OpKind::AddGoal, "g-tale-sammen",
       {{"text", "Vi taler sammen om Emma hver søndag, også når det er svært."}, {"for", {"p-line", "p-kasper"}},
        {"how_we_know", "Emma siger, at mor og far ved det samme."}});
  s.op("p-anne", OpKind::AddIntervention, "i-dansk",
       {{"text", "Støttelærer i dansk to timer om ugen"}, {"actor", "p-anne"}, {"for", {"p-emma"}},
        {"starts", "2026-09-01"}, {"status", "running"}});
  s.op("p-pia", OpKind::AddIntervention, "i-ppr",
       {{"text", "Samtaler hos skolepsykologen om at være alene"}, {"organisation", "PPR"}, {"for", {"p-emma"}},
        {"starts", "2026-12-01"}, {"status", "planned"}, {"goal", "g-aftener"}});
  s.op("p-jonas", OpKind::AddIntervention, "i-praktik",
       {{"text", "Praktikforløb med korte dage"}, {"actor", "p-jonas"}, {"for", {"p-line"}}, {"starts", "2027-01-10"},
        {"status", "planned"}, {"goal", "g-mor-job"}});
  s.op("p-mette", OpKind::AddIntervention, "i-besoeg",
       {{"text", "Hjemmebesøg hver 14. dag"}, {"actor", "p-mette"}, {"starts", "2026-11-01"}, {"ends", "2027-01-14"},
        {"status", "running"}});
  s.op("p-sara", OpKind::AddIntervention, "i-psyk",
       {{"text", "Behandlingsforløb i psykiatrien (kun for fagpersoner)"}, {"actor", "p-sara"}, {"for", {"p-line"}},
        {"status", "running"}, {"professional_only", true}});
  s.op("p-pia", OpKind::SetCardField, "c-aftenplan", "g-aftener", "goal");
  s.op("p-pia", OpKind::SetCardField, "c-job", "g-mor-job", "goal");
  s.op("p-pia", OpKind::UpdateParticipant, "p-mette", "22 33 44 55", "phone");
  s.op("p-pia", OpKind::UpdateParticipant, "p-mette", "mette.lund@kommune.example", "email");
  s.op("p-pia", OpKind::UpdateParticipant, "p-anne", "anne.holm@skole.example", "email");
  s.op("p-pia", OpKind::UpdateParticipant, "p-sara", "Børne- og Ungdomspsykiatrien, Fredensvej 4, 7100 Vejle",
       "address");

  s.meeting("coordinator", "p-mette");
  s.meeting("next_meeting", "2027-01-14T09:00");
  s.op("p-pia", OpKind::ApprovePlan, "", nullptr);
  // issue 14: Line agrees on her own tablet; Kasper says yes out loud and Pia records
  // it as that. The facilitator never signs for a parent.
  s.op("p-line", OpKind::SignOff, "p-line", true);
  s.op("p-pia", OpKind::SignOff, "p-kasper", {{"form", "oral"}});
  return s.ops;
}

Board sample_board() {
  Board board;
  board.meeting.id = "m-sample";
  board.meeting.family_id = "f-jensen";
  for (const Op& op : sample_ops()) {
    ApplyResult r = apply(board, op);
    if (!r.ok()) throw std::logic_error("sample op " + op.id + " rejected: " + r.error->message);
  }
  return board;
}

}  // namespace tavle
