#include "board/sample.hpp"

#include <stdexcept>

#include "board/apply.hpp"
#include "board/continuity.hpp"
#include "board/ops.hpp"

namespace tavle {
namespace {

constexpr Millis kStart = 1795593600000;  // 2026-11-25 09:00 in Copenhagen (08:00 UTC)

class Script {
 public:
  // issue 15: the second meeting's script starts at its own time with its own op ids.
  explicit Script(Millis start = kStart, std::string prefix = "sample:") : start_(start), prefix_(std::move(prefix)) {}
  std::vector<Op> ops;

  // Adds `o` as `author`'s, 45 seconds after the one before.
  void by(const std::string& author, Op o) {
    o.id = prefix_ + std::to_string(ops.size() + 1);
    o.author = author;
    o.at = start_ + static_cast<Millis>(ops.size()) * 45'000;
    ops.push_back(std::move(o));
  }
  void person(const std::string& id, const char* name, ParticipantRole role, const char* org, bool present = true) {
    by("p-pia", ops::add_participant(id, name, role, org, present));
  }
  void meeting(ops::MeetingText field, std::string value) { by("p-pia", ops::set_meeting_field(field, std::move(value))); }
  void card(const std::string& author, const std::string& id, Column column, const char* text,
            const ops::CardExtras& extras = {}) {
    by(author, ops::add_card(id, column, text, "", extras));
  }
  void rate(const std::string& who, int value, const char* reason) { by(who, ops::set_rating(who, value, reason)); }

 private:
  Millis start_;
  std::string prefix_;
};

constexpr Millis kSecondStart = 1799913600000;  // 2027-01-14 09:00 in Copenhagen

}  // namespace

std::vector<Op> sample_ops() {
  Script s;
  s.person("p-pia", "Pia Madsen", ParticipantRole::Professional, "Familieafdelingen, rådgiver");
  s.person("p-line", "Line", ParticipantRole::Parent, "Mor");
  s.person("p-kasper", "Kasper", ParticipantRole::Parent, "Far");
  s.person("p-emma", "Emma (12 år)", ParticipantRole::Child, "");
  s.person("p-birthe", "Birthe", ParticipantRole::PrivateNetwork, "Mormor");
  s.person("p-anne", "Anne Holm", ParticipantRole::Professional, "Skovvang Skole, klasselærer");
  s.person("p-mette", "Mette Lund", ParticipantRole::Professional, "Sundhedsplejen");
  s.person("p-jonas", "Jonas Berg", ParticipantRole::Professional, "Jobcentret");
  s.person("p-sara", "Sara Nielsen", ParticipantRole::Professional, "Børne- og Ungdomspsykiatrien", false);

  s.meeting(ops::MeetingText::FamilyLabel, "Familien Jensen");
  s.meeting(ops::MeetingText::CaseRef, "SAG-2026-0417");
  s.by("p-pia", ops::set_meeting_field(MeetingKind::Network));
  s.meeting(ops::MeetingText::StartsAt, "2026-11-25T09:00");
  s.meeting(ops::MeetingText::Place, "Familiehuset, mødelokale 2");
  s.meeting(ops::MeetingText::Facilitator, "p-pia");
  s.meeting(ops::MeetingText::ConsentBy, "Line og Kasper (skriftligt samtykke)");
  s.meeting(ops::MeetingText::ConsentAt, "2026-11-20");
  s.meeting(ops::MeetingText::ScaleQuestion,
            "På en skala fra 0 til 10, hvor 10 betyder, at alle er sikre på, at Emma er tryg og godt passet "
            "derhjemme, og 0 betyder, at det er så slemt, at Emma ikke kan bo hjemme: Hvor er vi i dag?");
  s.by("p-pia", ops::set_meeting_field(ops::MeetingFlag::ScaleBlind, true));

  s.card("p-anne", "c-skole", Column::WorkingWell,
         "Emma kommer i skole hver dag og har det godt med sine klassekammerater.", {.category = Category::Strength});
  s.card("p-line", "c-mormor", Column::WorkingWell,
         "Mormor Birthe henter Emma tirsdag og torsdag og kommer, når mor har en dårlig dag.",
         {.category = Category::ExistingSafety});
  s.card("p-kasper", "c-far", Column::WorkingWell,
         "Far har ikke drukket siden sommerferien og går til samtale hver uge.", {.category = Category::Strength});
  s.card("p-line", "c-siger-til", Column::WorkingWell, "Mor siger selv til, når hun har brug for hjælp.\nDet er nyt, og det er godt.");

  s.card("p-pia", "c-fare", Column::Worries,
         "Vi er bekymrede for, at Emma igen er alene hjemme om aftenen, når mor har det dårligt, uden at nogen voksen "
         "ved det, og at hun ikke får aftensmad og ikke tør sove.",
         {.category = Category::DangerStatement});
  s.card("p-birthe", "c-alene", Column::Worries,
         "Emma har tre gange i oktober været alene hjemme om aftenen og har ringet til mormor.", {.category = Category::Harm});
  s.card("p-mette", "c-hver-for-sig", Column::Worries, "Mor og far bor hver for sig og taler ikke sammen om Emma.",
         {.category = Category::ComplicatingFactor});
  s.card("p-sara", "c-psyk", Column::Worries,
         "Afventer udtalelse fra psykiatrien om mors behandlingsforløb (kun for fagpersoner).",
         {.category = Category::ComplicatingFactor, .professional_only = true});

  s.card("p-pia", "c-maal", Column::NextSteps,
         "Emma ved altid, hvilken voksen hun kan ringe til, og der er altid en voksen hos hende om aftenen.",
         {.category = Category::SafetyGoal});
  s.by("p-pia", ops::set_card_field("c-fare", ops::CardText::PairedWith, "c-maal"));
  s.card("p-pia", "c-aftenplan", Column::NextSteps,
         "Mor, far og mormor laver en plan for, hvem der er hos Emma hver aften. Planen hænger på køleskabet.",
         {.category = Category::NextStep, .owners = {"p-line", "p-kasper", "p-birthe"}, .due = "2026-12-05"});
  s.card("p-anne", "c-skolebesked", Column::NextSteps,
         "Skolen giver Pia besked samme dag, hvis Emma ikke kommer i skole.",
         {.category = Category::NextStep, .owners = {"p-anne"}, .due = "2026-12-01"});
  s.card("p-mette", "c-besoeg", Column::NextSteps, "Sundhedsplejen besøger familien hver 14. dag frem til næste møde.",
         {.category = Category::NextStep, .owners = {"p-mette"}, .due = "2027-01-14"});
  s.card("p-kasper", "c-laege", Column::NextSteps, "Far bestiller tid hos egen læge.",
         {.category = Category::NextStep, .owners = {"p-kasper"}, .due = "2026-11-20", .status = StepStatus::Done});
  s.card("p-jonas", "c-job", Column::NextSteps, "Jobcentret finder et praktikforløb til mor med korte dage.",
         {.category = Category::NextStep, .owners = {"p-jonas", "p-line"}, .due = "2027-01-10"});

  for (const char* who : {"p-line", "p-kasper", "p-birthe", "p-anne", "p-pia"})
    s.by(who, ops::set_agreement("c-fare", who, Agreement::Agree));
  s.by("p-mette", ops::set_agreement("c-maal", "p-mette", Agreement::Agree));
  s.by("p-kasper", ops::set_agreement("c-hver-for-sig", "p-kasper", Agreement::Disagree));

  s.by("p-emma", ops::add_suggestion("s-fodbold", Column::WorkingWell, "Mormor kommer og ser mine fodboldkampe."));
  s.by("p-line", ops::add_suggestion("s-veninde", Column::NextSteps, "Min veninde Hanne vil gerne være med i planen."));
  s.by("p-pia", ops::accept_suggestion("s-veninde", "c-hanne"));

  s.rate("p-line", 7, "Det går bedre, nu hvor mormor er med.");
  s.rate("p-kasper", 6, "Jeg er der mere nu, men vi mangler en plan for aftenerne.");
  s.rate("p-emma", 8, "");
  s.rate("p-birthe", 6, "Jeg er bekymret for aftenerne.");
  s.rate("p-anne", 6, "Emma er glad i skolen.");
  s.rate("p-mette", 5, "");
  s.rate("p-pia", 4, "Der er ingen fast plan for aftenerne endnu.");
  s.by("p-pia", ops::reveal_ratings());

  s.meeting(ops::MeetingText::Coordinator, "p-mette");
  s.meeting(ops::MeetingText::NextMeeting, "2027-01-14T09:00");
  s.by("p-pia", ops::approve_plan());
  s.by("p-pia", ops::sign_off("p-line", true));
  s.by("p-pia", ops::sign_off("p-kasper", true));
  return s.ops;
}

// issue 15: the second meeting's own changes, after start_next_meeting().
std::vector<Op> second_sample_ops() {
  Script s(kSecondStart, "sample2:");
  s.meeting(ops::MeetingText::ConsentBy, "Line og Kasper (skriftligt samtykke)");
  s.meeting(ops::MeetingText::ConsentAt, "2027-01-10");
  s.by("p-pia", ops::set_entry("sa-hanne", SafeAdult{.name = "Hanne",
                                                     .relation = "Mors veninde",
                                                     .contact = "Mobil 22 33 44 55",
                                                     .commits = "Emma kan ringe til Hanne, og Hanne henter Emma fra "
                                                                "skole om onsdagen."}));
  s.by("p-pia", ops::set_entry("sa-birthe", SafeAdult{.name = "Birthe",
                                                      .relation = "Mormor",
                                                      .contact = "Mobil 40 50 60 70",
                                                      .commits = "Henter Emma tirsdag og torsdag og kommer, når mor "
                                                                 "har en dårlig dag."}));
  s.by("p-pia", ops::set_card_field("c-hanne", std::vector<std::string>{"sa-hanne"}));
  s.by("p-pia", ops::set_card_field("c-hanne", ops::CardText::Due, "2027-02-01"));
  s.by("p-mette", ops::set_entry("v-sundhedsplejerske",
                                 ChildWords{.child = "p-emma",
                                            .text = "Jeg bliver bange, når mor sover om aftenen, og der ikke er nogen "
                                                    "at snakke med.",
                                            .how = VoiceHow::SaidBefore,
                                            .heard_by = "Mette Lund, sundhedsplejerske, på skolen",
                                            .on = "2027-01-07",
                                            .house = "worries",
                                            .by = {}}));
  s.by("p-pia", ops::set_entry("v-tegning",
                               ChildWords{.child = "p-emma",
                                          .text = "En tegning af Emma, mor og mormor, der spiser aftensmad sammen ved "
                                                  "et stort bord.",
                                          .how = VoiceHow::Drawn,
                                          .heard_by = "Pia Madsen, rådgiver",
                                          .on = "2027-01-14",
                                          .house = "dreams",
                                          .by = {}}));
  s.by("p-emma", ops::add_suggestion("s-onsdag", Column::NextSteps, "Jeg vil gerne have, at mormor spiser med os om onsdagen."));
  s.by("p-pia", ops::accept_suggestion("s-onsdag", "c-onsdag"));
  s.by("p-pia", ops::set_entry("b-alene", BottomLine{.text = "Emma må ikke være alene hjemme om aftenen eller natten.", .by = {}}));
  s.by("p-pia", ops::set_entry("a-mormor", AcuteContact{.who = "Mormor Birthe", .phone = "40 50 60 70", .when = "day",
                                                        .what = "Henter Emma og bliver hos hende."}));
  s.by("p-pia", ops::set_entry("a-hanne", AcuteContact{.who = "Hanne, mors veninde", .phone = "22 33 44 55",
                                                       .when = "night", .what = "Kommer og sover hos Emma."}));
  s.by("p-pia", ops::set_entry("a-vagt", AcuteContact{.who = "Kommunens socialvagt", .phone = "70 10 20 30",
                                                      .when = "night",
                                                      .what = "Finder en voksen, der kan være hos Emma, hvis ingen "
                                                              "andre kan."}));
  s.by("p-pia", ops::set_entry("a-112", AcuteContact{.who = "Alarmcentralen", .phone = "112", .when = "always",
                                                     .what = "Når nogen er i fare."}));
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
