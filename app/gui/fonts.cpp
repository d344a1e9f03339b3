#include "app/gui/fonts.hpp"

#include <fontconfig/fontconfig.h>

#include "imgui.h"

namespace tavle::gui {
namespace {

// Latin-1, Latin Extended-A, general punctuation, €, arrows, circles, the menu's ☰, pencil and check marks.
constexpr ImWchar kDanishRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2000, 0x206F, 0x20AC, 0x20AC, 0x2190, 0x21FF, 0x25CB, 0x25CF, 0x2630, 0x2630, 0x270E, 0x2717, 0,
};

bool covers_danish(FcPattern* font) {
  FcCharSet* chars = nullptr;
  if (FcPatternGetCharSet(font, FC_CHARSET, 0, &chars) != FcResultMatch) return false;
  for (FcChar32 c : {0xE6u, 0xF8u, 0xE5u, 0xC6u, 0xD8u, 0xC5u, 0x2013u, 0x201Cu})
    if (!FcCharSetHasChar(chars, c)) return false;
  return true;
}

}  // namespace

std::optional<std::string> find_font_file(const std::string& pattern_text) {
  if (!FcInit()) return std::nullopt;
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(pattern_text.c_str()));
  if (!pattern) return std::nullopt;
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pattern, &result);
  FcPatternDestroy(pattern);
  std::optional<std::string> path;
  FcChar8* file = nullptr;
  if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch && covers_danish(match)) {
    std::string name = reinterpret_cast<const char*>(file);
    // ImGui reads TrueType/OpenType outlines only.
    if (name.ends_with(".ttf") || name.ends_with(".otf") || name.ends_with(".TTF")) path = name;
  }
  if (match) FcPatternDestroy(match);
  return path;
}

std::optional<Error> build_fonts(Fonts& fonts, float scale) {
  if (fonts.regular_path.empty()) {
    for (const char* pattern : {"DejaVu Sans", "sans-serif"})
      if (auto path = find_font_file(pattern)) {
        fonts.regular_path = *path;
        break;
      }
    if (fonts.regular_path.empty())
      return Error{"no_font",
                   "no font with the Danish letters æ ø å was found through fontconfig; install fonts-dejavu-core"};
    for (const char* pattern : {"DejaVu Sans:bold", "sans-serif:bold"})
      if (auto path = find_font_file(pattern)) {
        fonts.bold_path = *path;
        break;
      }
    if (fonts.bold_path.empty()) fonts.bold_path = fonts.regular_path;
  }
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  auto add = [&](const std::string& path, float size) {
    ImFontConfig config;
    config.OversampleH = 2;
    return atlas->AddFontFromFileTTF(path.c_str(), size * scale, &config, kDanishRanges);
  };
  fonts.ui = add(fonts.regular_path, 17.0f);
  fonts.ui_bold = add(fonts.bold_path, 17.0f);
  fonts.card = add(fonts.regular_path, 21.0f);
  fonts.heading = add(fonts.bold_path, 27.0f);
  fonts.big_card = add(fonts.regular_path, 30.0f);
  fonts.big_heading = add(fonts.bold_path, 42.0f);
  if (!fonts.ui || !fonts.ui_bold || !fonts.card || !fonts.heading || !fonts.big_card || !fonts.big_heading)
    return Error{"no_font", "cannot load font " + fonts.regular_path};
  if (!atlas->Build()) return Error{"no_font", "cannot build the font atlas at scale " + std::to_string(scale)};
  fonts.built_scale = scale;
  return std::nullopt;
}

}  // namespace tavle::gui
