// issue 14: informing everyone. The distribution list comes from the participants,
// present or not, with how to reach each; "Send the plan" makes per recipient what
// their role may see, as an e-mail draft (read back here with Python's standard
// mail parser, the `email` package) or PDFs to print; who was sent it is an op and
// the minutes list it.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "board/apply.hpp"
#include "board/ops.hpp"
#include "board/plan_ops.hpp"
#include "board/sample.hpp"
#include "export/distribution.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr long long kSentAt = 1795599000000;  // 2026-11-25 09:30 UTC = 10:30 in Denmark

void must(Board& board, const std::string& author, Op op) {
  static int n = 0;
  op.id = "send:" + std::to_string(++n);
  op.author = author;
  op.at = kSentAt + n;
  ApplyResult r = apply(board, op);
  ASSERT_TRUE(r.ok()) << name_of(op.kind) << ": " << r.error->message;
}

class SendPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("tavle-send-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);  // send_plan makes the last folder only
  }
  void TearDown() override { fs::remove_all(folder_); }

  SendResult send(const Board& board, const std::string& lang = "da") {
    SendResult r = send_plan(board, {(folder_ / "udsendelse").string(), lang, kSentAt});
    EXPECT_TRUE(r.ok()) << r.error->message;
    return r;
  }
  const SentFile* sent_to(const SendResult& r, const std::string& pid) {
    for (const SentFile& f : r.sent)
      if (f.to.participant_id == pid) return &f;
    ADD_FAILURE() << pid << " was not sent the plan";
    return nullptr;
  }
  // The draft as Python's mail parser reads it; attachments land in `into`.
  json read_eml(const std::string& path, const fs::path& into) {
    fs::create_directories(into);
    const std::string command = "python3 " TAVLE_SOURCE_DIR "/tests/export/tools/read_eml.py '" + path + "' '" +
                                into.string() + "'";
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
      char buffer[4096];
      for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, p)) > 0;) out.append(buffer, n);
      EXPECT_EQ(::pclose(p), 0) << command;
    }
    return json::parse(out, nullptr, false);
  }
  static std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path folder_;
};

TEST_F(SendPlan, TheListHasEveryParticipantPresentOrNotWithHowToReachThem) {
  const Board board = sample_board();
  const std::vector<Recipient> list = distribution_list(board);
  auto find = [&](const std::string& pid) -> const Recipient* {
    for (const Recipient& r : list)
      if (r.participant_id == pid) return &r;
    return nullptr;
  };
  ASSERT_TRUE(find("p-anne"));
  EXPECT_EQ(find("p-anne")->channel, Channel::Email);
  EXPECT_EQ(find("p-anne")->reach, "anne.holm@skole.example");
  ASSERT_TRUE(find("p-sara")) << "Sara was not at the meeting and is informed all the same";
  EXPECT_FALSE(find("p-sara")->present);
  EXPECT_EQ(find("p-sara")->channel, Channel::Post);
  ASSERT_TRUE(find("p-kasper"));
  EXPECT_EQ(find("p-kasper")->channel, Channel::None);
  EXPECT_EQ(find("p-kasper")->problem, "no_contact");
  EXPECT_FALSE(find("p-pia")) << "the facilitator sends it";
  EXPECT_EQ(list.front().role, ParticipantRole::Parent) << "the family comes first";
}

TEST_F(SendPlan, AProfessionalsDraftParsesWithBothPdfsAttached) {
  const SendResult r = send(sample_board());
  const SentFile* anne = sent_to(r, "p-anne");
  ASSERT_TRUE(anne);
  ASSERT_EQ(anne->paths.size(), 1u);
  EXPECT_EQ(fs::path(anne->paths[0]).extension(), ".eml");
  const json mail = read_eml(anne->paths[0], folder_ / "anne");
  ASSERT_TRUE(mail.is_object()) << "the parser printed nothing usable";
  EXPECT_EQ(mail["defects"], json::array()) << mail.dump(2);
  EXPECT_EQ(mail["content_type"], "multipart/mixed");
  EXPECT_EQ(mail["to"], "Anne Holm <anne.holm@skole.example>");
  EXPECT_EQ(mail["from"], "Pia Madsen <pia.madsen@kommune.example>");
  EXPECT_EQ(mail["subject"], "Familieplan: Familien Jensen, 25. november 2026 kl. 09.00");
  EXPECT_EQ(mail["date"], "Wed, 25 Nov 2026 10:30:00 +0100");
  EXPECT_EQ(mail["unsent"], "1");
  ASSERT_EQ(mail["attachments"].size(), 2u) << mail.dump(2);
  for (const json& a : mail["attachments"]) {
    EXPECT_EQ(a["type"], "application/pdf");
    EXPECT_TRUE(a["is_pdf"].get<bool>());
  }
  EXPECT_NE(mail["body"].get<std::string>().find("Kære Anne Holm"), std::string::npos);
  const std::string minutes = pdf_text(read_all(folder_ / "anne" / "referat.pdf"));
  EXPECT_NE(minutes.find("Afventer udtalelse fra psykiatrien"), std::string::npos) << "professionals see it all";
}

TEST_F(SendPlan, AFamilyMembersDraftHasThePlanOnlyAndNothingProfessionalOnly) {
  const SendResult r = send(sample_board());
  const SentFile* line = sent_to(r, "p-line");
  ASSERT_TRUE(line);
  const json mail = read_eml(line->paths.at(0), folder_ / "line");
  ASSERT_TRUE(mail.is_object());
  EXPECT_EQ(mail["defects"], json::array());
  ASSERT_EQ(mail["attachments"].size(), 1u) << "the minutes are for professionals";
  EXPECT_EQ(mail["attachments"][0]["filename"], "familieplan.pdf");
  const std::string plan = pdf_text(read_all(folder_ / "line" / "familieplan.pdf"));
  EXPECT_NE(plan.find("Vores mål"), std::string::npos);
  for (const char* hidden : {"Afventer udtalelse fra psykiatrien", "Behandlingsforløb i psykiatrien", "kun for fagpersoner"}) {
    EXPECT_EQ(plan.find(hidden), std::string::npos) << hidden;
    EXPECT_EQ(mail["body"].get<std::string>().find(hidden), std::string::npos) << hidden;
  }
  const std::string body = mail["body"];
  EXPECT_NE(body.find("Familiens kontaktperson: Mette Lund (Sundhedsplejen), 22 33 44 55"), std::string::npos) << body;
}

TEST_F(SendPlan, SomeoneWithOnlyAnAddressGetsPdfsToPrint) {
  const SendResult r = send(sample_board());
  const SentFile* birthe = sent_to(r, "p-birthe");
  ASSERT_TRUE(birthe);
  ASSERT_EQ(birthe->paths.size(), 1u);
  EXPECT_EQ(fs::path(birthe->paths[0]).extension(), ".pdf");
  EXPECT_EQ(read_all(birthe->paths[0]).rfind("%PDF-", 0), 0u);
  for (const Recipient& missing : r.not_sent) EXPECT_EQ(missing.channel, Channel::None);
  EXPECT_EQ(fs::status(folder_ / "udsendelse").permissions() & fs::perms::all, fs::perms::owner_all)
      << "the folder holds the family's plan: only its owner may read it";
}

// An e-mail address or a name with a line break in it must never add a header
// (a Bcc: that would send the family's plan elsewhere).
TEST_F(SendPlan, ALineBreakInAnAddressOrNameCannotAddAHeader) {
  Board board = sample_board();
  must(board, "p-pia", ops::update_participant("p-line", ops::ParticipantText::Email,
                                               "line@example.dk\r\nBcc: stranger@example.com"));
  must(board, "p-pia", ops::update_participant("p-anne", ops::ParticipantText::Name, "Anne\r\nBcc: stranger@example.com"));
  const SendResult r = send(board);
  for (const SentFile& f : r.sent)
    for (const std::string& path : f.paths) {
      if (fs::path(path).extension() != ".eml") continue;
      const json mail = read_eml(path, folder_ / "x");
      ASSERT_TRUE(mail.is_object());
      for (const json& name : mail["header_names"]) EXPECT_NE(name, "bcc") << path;
      // The typed line break stays words in the name; the address is the participant's own.
      const std::string to = mail["to"];
      EXPECT_EQ(to.substr(to.rfind('<')).find("stranger"), std::string::npos) << to;
    }
  bool line_left_out = false;
  for (const Recipient& missing : r.not_sent) line_left_out |= missing.participant_id == "p-line";
  EXPECT_TRUE(line_left_out) << "an unusable address is not written anywhere";
  for (const Recipient& rec : distribution_list(board)) {
    if (rec.participant_id == "p-line") {
      EXPECT_EQ(rec.problem, "email_unusable");
    }
  }
}

TEST_F(SendPlan, WhoWasSentThePlanIsAnOpAndTheMinutesListIt) {
  Board board = sample_board();
  const std::string before = pdf_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Minutes, "en"));
  EXPECT_NE(before.find("Who received the plan"), std::string::npos);
  must(board, "p-pia", ops::record_informed("p-anne", InformMethod::Email));
  must(board, "p-pia", ops::record_informed("p-sara", InformMethod::Post));
  EXPECT_EQ(board.meeting.informed.at("p-sara").how, InformMethod::Post);
  EXPECT_EQ(board.meeting.informed.at("p-sara").by, "p-pia");
  const std::string minutes = pdf_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Minutes, "en"));
  EXPECT_NE(minutes.find("Anne Holm (Professional, Skovvang Skole, klasselærer): e-mail, 25 November 2026 at 10:30"),
            std::string::npos)
      << minutes.substr(minutes.find("Who received the plan"));
  EXPECT_NE(minutes.find("Sara Nielsen (Professional, Børne- og Ungdomspsykiatrien): by post"), std::string::npos);
}

}  // namespace
}  // namespace tavle::test
