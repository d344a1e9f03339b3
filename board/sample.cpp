#include "board/sample.hpp"

#include <stdexcept>

#include "board/apply.hpp"
#include "board/continuity.hpp"

namespace tavle {
namespace {

constexpr Millis kStart = 1795593600000;  // 2026-11-25 09:00 in Copenhagen (08:00 UTC)

class Script {
 public:
  explicit Script(Millis start = kStart, std::string prefix = "sample:") : start_(start), prefix_(std::move(prefix)) {}
  std::vector<Op> ops;

  void op(const std::string& author, OpKind kind, const std::string& target, nlohmann::json value,
          const std::string& field = {}) {
    Op o;
    o.id = prefix_ + std::to_string(ops.size() + 1);
    o.author = author;
    o.at = start_ + static_cast<Millis>(ops.size()) * 45'000;
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
  // issue 15: an entry of the child's voice, the network, the acute plan or the bottom lines.
  void entry(const std::string& author, const char* list, const std::string& id, nlohmann::json value) {
    op(author, OpKind::SetEntry, id, std::move(value), list);
  }

 private:
  Millis start_;
  std::string prefix_;
};

constexpr Millis kSecondStart = 1799913600000;  // 2027-01-14 09:00 in Copenhagen

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
  s.meeting("consent_by", "Line og Kasper (skriftligt samtykke)");
  s.meeting("consent_at", "2026-11-20");
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

  s.meeting("coordinator", "p-mette");
  s.meeting("next_meeting", "2027-01-14T09:00");
  s.op("p-pia", OpKind::ApprovePlan, "", nullptr);
  s.op("p-pia", OpKind::SignOff, "p-line", true);
  s.op("p-pia", OpKind::SignOff, "p-kasper", true);
  return s.ops;
}

// issue 15: the second meeting's own changes, after start_next_meeting().
std::vector<Op> second_sample_ops() {
  Script s(kSecondStart, "sample2:");
  s.meeting("consent_by", "Line og Kasper (skriftligt samtykke)");
  s.meeting("consent_at", "2027-01-10");
  s.entry("p-pia", "safe_adults", "sa-hanne",
          {{"name", "Hanne"},
           {"relation", "Mors veninde"},
           {"contact", "Mobil 22 33 44 55"},
           {"commits", "Emma kan ringe til Hanne, og Hanne henter Emma fra skole om onsdagen."}});
  s.entry("p-pia", "safe_adults", "sa-birthe",
          {{"name", "Birthe"},
           {"relation", "Mormor"},
           {"contact", "Mobil 40 50 60 70"},
           {"commits", "Henter Emma tirsdag og torsdag og kommer, når mor har en dårlig dag."}});
  s.op("p-pia", OpKind::SetCardField, "c-hanne", nlohmann::json::array({"sa-hanne"}), "owners");
  s.op("p-pia", OpKind::SetCardField, "c-hanne", "2027-02-01", "due");
  s.entry("p-mette", "child_voice", "v-sundhedsplejerske",
          {{"child", "p-emma"},
           {"text", "Jeg bliver bange, når mor sover om aftenen, og der ikke er nogen at snakke med."},
           {"how", "said_before"},
           {"heard_by", "Mette Lund, sundhedsplejerske, på skolen"},
           {"on", "2027-01-07"},
           {"house", "worries"}});
  s.entry("p-pia", "child_voice", "v-tegning",
          {{"child", "p-emma"},
           {"text", "En tegning af Emma, mor og mormor, der spiser aftensmad sammen ved et stort bord."},
           {"how", "drawn"},
           {"heard_by", "Pia Madsen, rådgiver"},
           {"on", "2027-01-14"},
           {"house", "dreams"}});
  s.op("p-emma", OpKind::AddSuggestion, "s-onsdag",
       {{"column", "next_steps"}, {"text", "Jeg vil gerne have, at mormor spiser med os om onsdagen."}});
  s.op("p-pia", OpKind::ResolveSuggestion, "s-onsdag", {{"decision", "accept"}, {"card_id", "c-onsdag"}});
  s.entry("p-pia", "bottom_lines", "b-alene", {{"text", "Emma må ikke være alene hjemme om aftenen eller natten."}});
  s.entry("p-pia", "acute_plan", "a-mormor",
          {{"who", "Mormor Birthe"}, {"phone", "40 50 60 70"}, {"when", "day"},
           {"what", "Henter Emma og bliver hos hende."}});
  s.entry("p-pia", "acute_plan", "a-hanne",
          {{"who", "Hanne, mors veninde"}, {"phone", "22 33 44 55"}, {"when", "night"},
           {"what", "Kommer og sover hos Emma."}});
  s.entry("p-pia", "acute_plan", "a-vagt",
          {{"who", "Kommunens socialvagt"}, {"phone", "70 10 20 30"}, {"when", "night"},
           {"what", "Finder en voksen, der kan være hos Emma, hvis ingen andre kan."}});
  s.entry("p-pia", "acute_plan", "a-112",
          {{"who", "Alarmcentralen"}, {"phone", "112"}, {"when", "always"}, {"what", "Når nogen er i fare."}});
  return s.ops;
}

Board second_sample_board() {
  Board board = start_next_meeting(sample_board(), "m-sample-2", kSecondStart);
  for (const Op& op : second_sample_ops()) {
    ApplyResult r = apply(board, op);
    if (!r.ok()) throw std::logic_error("sample op " + op.id + " rejected: " + r.error->message);
  }
  return board;
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
