// issue 14: the family plan the municipality files, read back as a reader sees it
// (the PDF through pdftotext): goals per person, who helps with the overlap mark,
// consent (or plainly that it is missing), agreement as what it was, the family's
// reading order.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/sample.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

void must(Board& board, const std::string& author, OpKind kind, const std::string& target, nlohmann::json value,
          const std::string& field = {}) {
  static int n = 0;
  Op op;
  op.id = "t:" + std::to_string(++n);
  op.author = author;
  op.at = 1795596000000 + n;
  op.kind = kind;
  op.target = target;
  op.field = field;
  op.value = std::move(value);
  ApplyResult r = apply(board, op);
  ASSERT_TRUE(r.ok()) << name_of(kind) << ": " << r.error->message;
}

Board plan_board() {
  Board b = sample_board();
  must(b, "p-line", OpKind::AddGoal, "g-t-aften",
       {{"text", "Emma er aldrig alene om aftenen"}, {"for", {"p-emma"}}, {"how_we_know", "Emma siger, hun er tryg"}});
  must(b, "p-kasper", OpKind::AddGoal, "g-t-job", {{"text", "Mor har noget at stå op til"}, {"for", {"p-line"}}});
  must(b, "p-pia", OpKind::AddGoal, "g-t-familie", {{"text", "Vi taler sammen om Emma hver søndag"}});
  must(b, "p-anne", OpKind::AddIntervention, "i-t-dansk",
       {{"text", "Støttelærer i dansk to timer om ugen"}, {"actor", "p-anne"}, {"for", {"p-emma"}},
        {"status", "running"}, {"starts", "2026-09-01"}});
  must(b, "p-pia", OpKind::AddIntervention, "i-t-ppr",
       {{"text", "Samtaler hos skolepsykologen"}, {"organisation", "PPR"}, {"for", {"p-emma"}}, {"status", "planned"}});
  must(b, "p-sara", OpKind::AddIntervention, "i-t-psyk",
       {{"text", "Udredning af mor (fortroligt)"}, {"actor", "p-sara"}, {"for", {"p-line"}}, {"professional_only", true}});
  return b;
}

std::size_t at(const std::string& text, const std::string& what) {
  const std::size_t pos = text.find(what);
  EXPECT_NE(pos, std::string::npos) << "\"" << what << "\" is not in the export";
  return pos;
}

TEST(PlanExport, ThePdfShowsGoalsPerPersonAndWhoHelpsWithTheOverlap) {
  const std::string text = pdf_text(export_or_fail(plan_board(), ExportFormat::Pdf, ExportKind::Plan, "da"));
  at(text, "Mål for Emma (12 år)");
  at(text, "Emma er aldrig alene om aftenen");
  at(text, "Emma siger, hun er tryg");
  at(text, "Mål for Line");
  at(text, "Mål for hele familien");
  at(text, "Støttelærer i dansk to timer om ugen");
  at(text, "PPR hjælper også Emma (12 år)");
  at(text, "Anne Holm (Skovvang Skole, klasselærer) hjælper også Emma (12 år)");
  at(text, "Skrevet af: Line (Forælder)");
  EXPECT_EQ(text.find("Udredning af mor"), std::string::npos) << "a professional-only intervention reached the plan";
  const std::string minutes = pdf_text(export_or_fail(plan_board(), ExportFormat::Pdf, ExportKind::Minutes, "da"));
  at(minutes, "Udredning af mor");
}

TEST(PlanExport, TheMinutesSayWhoWroteEachCardAndWhoDisagreed) {
  const std::string text = pdf_text(export_or_fail(sample_board(), ExportFormat::Pdf, ExportKind::Minutes, "da"));
  const std::size_t card = at(text, "Mor og far bor hver for sig og taler ikke sammen om Emma.");
  const std::size_t author = at(text, "Skrevet af: Mette Lund (Fagperson, Sundhedsplejen)");
  const std::size_t disagree = at(text, "Uenig: Kasper");
  EXPECT_LT(card, author);
  EXPECT_LT(author, disagree);
  at(text, "Skrevet af: Line (Forælder)");
  at(text, "Enig: Anne Holm, Birthe, Kasper, Line, Pia Madsen");
}

TEST(PlanExport, ThePlanReadsGoalsWhatWeDoWhoHelpsWhenWeMeet) {
  const std::string text = pdf_text(export_or_fail(plan_board(), ExportFormat::Pdf, ExportKind::Plan, "en"));
  const std::size_t goals = at(text, "Our goals");
  const std::size_t steps = at(text, "What needs to happen?");
  const std::size_t helps = at(text, "Who helps");
  const std::size_t next = at(text, "Next meeting");
  EXPECT_LT(goals, steps);
  EXPECT_LT(steps, helps);
  EXPECT_LT(helps, next);
}

TEST(PlanExport, MissingConsentIsPrintedPlainlyInEveryFormat) {
  Board board = plan_board();
  for (const char* id : {"k-line", "k-kasper"}) must(board, "p-pia", OpKind::DeleteConsent, id, nullptr);
  for (ExportFormat f : {ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown}) {
    const std::string text = visible_text(export_or_fail(board, f, ExportKind::Plan, "da"), f);
    at(text, "Samtykke mangler");
  }
  must(board, "p-pia", OpKind::AddConsent, "k-t-line",
       {{"given_by", "p-line"}, {"form", "written"}, {"at", "2026-11-20"}, {"covers", {"Skolen", "Sundhedsplejen"}}});
  must(board, "p-pia", OpKind::AddConsent, "k-t-kasper", {{"given_by", "p-kasper"}, {"form", "oral"}, {"at", "2026-11-21"}});
  must(board, "p-pia", OpKind::SetConsentField, "k-t-kasper", "2026-11-24", "withdrawn_at");
  const std::string text = pdf_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Minutes, "da"));
  EXPECT_EQ(text.find("Samtykke mangler"), std::string::npos);
  at(text, "Line gav skriftligt samtykke den 20. november 2026");
  at(text, "Skolen, Sundhedsplejen");
  at(text, "Kasper gav mundtligt samtykke den 21. november 2026");
  at(text, "Trukket tilbage: 24. november 2026");
}

TEST(PlanExport, AnAgreementIsPrintedAsWhatItWasNeverAsSignedForSomeoneWhoDidNot) {
  Board board = plan_board();
  must(board, "p-pia", OpKind::ApprovePlan, "", nullptr);
  must(board, "p-line", OpKind::SignOff, "p-line", true);
  must(board, "p-pia", OpKind::SignOff, "p-kasper", {{"form", "oral"}});
  must(board, "p-pia", OpKind::SignOff, "p-birthe", {{"form", "paper"}});
  must(board, "p-pia", OpKind::SignOff, "p-emma", true);  // recorded by someone else: an old file's form
  const std::string en = pdf_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Plan, "en"));
  at(en, "Line agreed to the plan on their own device");
  at(en, "Kasper agreed orally");
  at(en, "Birthe signed on paper");
  at(en, "Pia Madsen recorded that Emma (12 år) agreed");
  EXPECT_EQ(en.find("Kasper signed"), std::string::npos);
  EXPECT_EQ(en.find("Emma (12 år) signed"), std::string::npos);
  const std::string da = pdf_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Plan, "da"));
  at(da, "Kasper sagde ja mundtligt");
  at(da, "Birthe skrev under på papir");
  EXPECT_EQ(da.find("Kasper skrev under"), std::string::npos);
}

}  // namespace
}  // namespace tavle::test
