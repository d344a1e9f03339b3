// `tavle render`: the sample meeting renders, the column headings' pixels are
// where the renderer's own layout facts say, and the projector and the family
// never see professional-only cards.
#include <gtest/gtest.h>

#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

bool has_card(const nlohmann::json& layout, const std::string& id) {
  for (const auto& card : layout["cards"])
    if (card["id"] == id) return true;
  return false;
}

// Share of pixels in the rectangle that have `colour`.
double share_of(const Image& image, const nlohmann::json& rect, const nlohmann::json& colour) {
  int hits = 0, total = 0;
  for (int y = int(rect["y0"].get<double>()) + 1; y < int(rect["y1"].get<double>()) - 1; ++y)
    for (int x = int(rect["x0"].get<double>()) + 1; x < int(rect["x1"].get<double>()) - 1; ++x, ++total)
      if (image.near(x, y, colour)) ++hits;
  return total ? double(hits) / total : 0.0;
}

TEST(Render, SampleMeetingRendersToAPngOfTheRequestedSize) {
  Rendered r = render("sample", "size", "--width 1280 --height 800");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.image.width, 1280);
  EXPECT_EQ(r.image.height, 800);
  ASSERT_TRUE(r.layout.is_object());
  EXPECT_EQ(r.layout["headings"].size(), 3u);
  // Every column shows at least its first card in full.
  for (const char* column : {"working_well", "worries", "next_steps"}) {
    bool found = false;
    for (const auto& card : r.layout["cards"]) found = found || card["column"] == column;
    EXPECT_TRUE(found) << column;
  }
}

TEST(Render, ColumnHeadingsArePaintedWhereTheLayoutSaysTheyAre) {
  Rendered r = render("sample", "headings", "--width 1600 --height 900");
  ASSERT_EQ(r.exit_code, 0);
  ASSERT_EQ(r.layout["headings"].size(), 3u);
  for (const auto& heading : r.layout["headings"]) {
    SCOPED_TRACE(heading["id"].get<std::string>());
    // Mostly the band's colour, with heading text on it (light letters).
    EXPECT_GT(share_of(r.image, heading, heading["rgb"]), 0.6);
    int light = 0;
    for (int y = int(heading["y0"].get<double>()); y < int(heading["y1"].get<double>()); ++y)
      for (int x = int(heading["x0"].get<double>()); x < int(heading["x1"].get<double>()); ++x)
        if (r.image.brightness(x, y) > 200) ++light;
    EXPECT_GT(light, 100);
    // Just outside the band, left of it, the band's colour is gone.
    const int outside_x = int(heading["x0"].get<double>()) - 4;
    const int mid_y = int((heading["y0"].get<double>() + heading["y1"].get<double>()) / 2);
    EXPECT_FALSE(r.image.near(outside_x, mid_y, heading["rgb"]));
  }
}

TEST(Render, HeadingsFollowTheLanguage) {
  Rendered da = render("sample", "lang-da", "--width 1600 --height 900 --lang da");
  Rendered en = render("sample", "lang-en", "--width 1600 --height 900 --lang en");
  ASSERT_EQ(da.exit_code, 0);
  ASSERT_EQ(en.exit_code, 0);
  EXPECT_EQ(da.layout["lang"], "da");
  EXPECT_EQ(en.layout["lang"], "en");
  EXPECT_NE(da.image.rgb, en.image.rgb);
}

TEST(Render, ProjectionAndFamilyViewsNeverShowProfessionalOnlyCards) {
  Rendered board = render("sample", "mode-board", "--width 1920 --height 1080 --mode board");
  Rendered projection = render("sample", "mode-projection", "--width 1920 --height 1080 --mode projection");
  Rendered family = render("sample", "mode-family", "--width 1920 --height 1080 --mode family");
  ASSERT_EQ(board.exit_code, 0);
  ASSERT_EQ(projection.exit_code, 0);
  ASSERT_EQ(family.exit_code, 0);
  // The sample's psychiatry card ("c-psyk") is professional-only.
  EXPECT_TRUE(has_card(board.layout, "c-psyk"));
  EXPECT_FALSE(has_card(projection.layout, "c-psyk"));
  EXPECT_FALSE(has_card(family.layout, "c-psyk"));
  // Pixels: the board shows the professional-only marker on that card ...
  for (const auto& card : board.layout["cards"]) {
    if (card["id"] == "c-psyk") {
      EXPECT_GT(share_of(board.image, card, board.layout["professional_only_rgb"]), 0.02);
    }
  }
  // ... and nowhere on the projector's cards is the marker's colour painted.
  for (const Rendered* r : {&projection, &family})
    for (const auto& card : r->layout["cards"]) EXPECT_EQ(share_of(r->image, card, r->layout["professional_only_rgb"]), 0.0);
}

TEST(Render, BadArgumentsGiveAClearErrorAndNoPicture) {
  Rendered missing = render("/nonexistent/meeting.json", "missing", "");
  EXPECT_NE(missing.exit_code, 0);
  Rendered bad_mode = render("sample", "bad-mode", "--mode wall");
  EXPECT_NE(bad_mode.exit_code, 0);
}

}  // namespace
}  // namespace tavle::gui_test
