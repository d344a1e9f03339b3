// issue 15: the follow-up in the documents, read back as a reader sees them
// (PDF through pdftotext): overdue steps are marked by the meeting's own date, the
// minutes say who marked each carried step and why, and the plan opens with what
// was reached since the last plan.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/continuity.hpp"
#include "board/sample.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

class FollowUpExport : public ::testing::TestWithParam<ExportFormat> {
 protected:
  void SetUp() override {
    previous = sample_board();
    current = start_next_meeting(previous, "m-next", 1800000000000);
    review("c-aftenplan", "done", "");
    review("c-skolebesked", "not_done", "Skolen havde ikke Pias nummer");
  }
  void review(const std::string& card, const char* outcome, const char* why) {
    Op op;
    op.id = "next:" + std::to_string(++ops_);
    op.author = "p-pia";
    op.at = 1800000000000 + ops_ * 1000;
    op.kind = OpKind::ReviewStep;
    op.target = card;
    op.value = {{"outcome", outcome}, {"why", why}};
    ApplyResult r = apply(current, op);
    ASSERT_TRUE(r.ok()) << r.error->message;
  }
  std::string text(ExportKind kind, const std::string& lang) {
    return visible_text(export_or_fail(current, GetParam(), kind, lang, &previous), GetParam());
  }

  Board previous, current;
  int ops_ = 0;
};

TEST_P(FollowUpExport, AStepPastItsDateIsMarkedOverdueByTheMeetingsOwnDate) {
  const std::string plan = text(ExportKind::Plan, "da");
  // The job step (due 10. januar 2027) is still open at the meeting of 14. januar.
  EXPECT_NE(plan.find("10. januar 2027 — over tiden"), std::string::npos) << plan;
  // The health visitor's step is due the meeting's own day: not overdue.
  EXPECT_EQ(plan.find("14. januar 2027 — over tiden"), std::string::npos);
  // The same steps in the first meeting's plan were not late then.
  const std::string first = visible_text(export_or_fail(previous, GetParam(), ExportKind::Plan, "da"), GetParam());
  EXPECT_EQ(first.find("over tiden"), std::string::npos);
  EXPECT_NE(text(ExportKind::Plan, "en").find("— overdue"), std::string::npos);
}

TEST_P(FollowUpExport, TheMinutesSayWhoMarkedEachCarriedStepAndWhy) {
  const std::string minutes = text(ExportKind::Minutes, "da");
  EXPECT_NE(minutes.find("Gjort (markeret af Pia Madsen)"), std::string::npos) << minutes;
  EXPECT_NE(minutes.find("Ikke gjort (markeret af Pia Madsen)"), std::string::npos);
  EXPECT_NE(minutes.find("Skolen havde ikke Pias nummer"), std::string::npos);
  EXPECT_NE(minutes.find("Ikke gennemgået på mødet"), std::string::npos) << "the steps nobody marked say so";
  const std::string en = text(ExportKind::Minutes, "en");
  EXPECT_NE(en.find("Not done (marked by Pia Madsen)"), std::string::npos) << en;
}

TEST_P(FollowUpExport, ThePlanStatesWhatWasReachedSinceTheLastPlan) {
  const std::string plan = text(ExportKind::Plan, "da");
  const std::size_t reached = plan.find("Det har vi nået siden sidste plan");
  ASSERT_NE(reached, std::string::npos) << plan;
  EXPECT_NE(plan.find("er 1 gjort, 1 ikke gjort og 0 fortsætter", reached), std::string::npos);
  EXPECT_NE(plan.find(current.find_card("c-aftenplan")->text, reached), std::string::npos);
  // A first meeting has nothing to look back on.
  const std::string first = visible_text(export_or_fail(previous, GetParam(), ExportKind::Plan, "da"), GetParam());
  EXPECT_EQ(first.find("Det har vi nået siden sidste plan"), std::string::npos);
}

TEST_P(FollowUpExport, TheLastMeetingsOutcomeTravelsIntoTheNextMinutes) {
  const Board third = start_next_meeting(current, "m-third", 1805000000000);
  const std::string minutes = visible_text(export_or_fail(third, GetParam(), ExportKind::Minutes, "da", &current), GetParam());
  EXPECT_NE(minutes.find("Sidste gang"), std::string::npos) << minutes;
  EXPECT_NE(minutes.find("Ikke gjort: Skolen havde ikke Pias nummer"), std::string::npos);
}

TEST_P(FollowUpExport, TheMinutesShowTheTrendMeetingByMeeting) {
  const std::string minutes = text(ExportKind::Minutes, "da");
  const std::size_t trend = minutes.find("Udviklingen");
  ASSERT_NE(trend, std::string::npos) << minutes;
  EXPECT_NE(minutes.find("25. november 2026", trend), std::string::npos) << "the previous meeting";
  EXPECT_NE(minutes.find("6.0", trend), std::string::npos) << "its scale average (42 / 7)";
  EXPECT_NE(minutes.find("14. januar 2027", trend), std::string::npos) << "this meeting";
  EXPECT_NE(minutes.find("1/6", trend), std::string::npos) << "one of six agreements done: " << minutes.substr(trend, 600);
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, FollowUpExport,
                         ::testing::Values(ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown),
                         [](const auto& info) {
                           switch (info.param) {
                             case ExportFormat::Pdf: return std::string("Pdf");
                             case ExportFormat::Html: return std::string("Html");
                             default: return std::string("Markdown");
                           }
                         });

}  // namespace
}  // namespace tavle::test
