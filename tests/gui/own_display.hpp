// An X server of the test's own, for screen sizes and monitor layouts the shared
// Xvfb of the GUI tests does not have (a 1280x720 laptop, a laptop beside a
// projector). Xvfb picks a free display number itself (-displayfd); DISPLAY points
// at it for this process (xdotool, import) and the apps it starts, until the end.
#pragma once

#include <cstdlib>
#include <string>

#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {

class OwnDisplay {
 public:
  OwnDisplay(const std::string& name, int width, int height) {
    const char* before = std::getenv("DISPLAY");
    if (before) saved_ = before, had_ = true;
    const std::string number_file = (scratch_dir() / (name + ".display")).string();
    server_ = std::make_unique<App>(
        std::vector<std::string>{"-displayfd", "1", "-screen", "0", std::to_string(width) + "x" + std::to_string(height) + "x24",
                                 "-noreset", "-nolisten", "tcp"},
        "/usr/bin/Xvfb", number_file);
    if (eventually([&] { return file_text(number_file).find('\n') != std::string::npos; }, 20)) {
      display_ = ":" + file_text(number_file).substr(0, file_text(number_file).find('\n'));
      ::setenv("DISPLAY", display_.c_str(), 1);
    }
  }
  ~OwnDisplay() {
    server_.reset();
    if (had_) ::setenv("DISPLAY", saved_.c_str(), 1);
    else ::unsetenv("DISPLAY");
  }
  bool ready() const { return !display_.empty(); }
  const std::string& display() const { return display_; }

 private:
  std::unique_ptr<App> server_;
  std::string display_, saved_;
  bool had_ = false;
};

// A JSON file an app writes, as an object (empty while it is missing or half-written).
inline nlohmann::json read_facts(const std::string& path) {
  nlohmann::json j = read_json(path);
  return j.is_object() ? j : nlohmann::json::object();
}

inline bool skip_without_xvfb() { return std::system("test -x /usr/bin/Xvfb") != 0; }

// A PNG of part of the screen (ImageMagick's import), read back as pixels.
inline Image screenshot(const std::string& path, int x, int y, int width, int height) {
  Image out;
  const std::string command = "import -silent -window root -crop " + std::to_string(width) + "x" + std::to_string(height) + "+" +
                              std::to_string(x) + "+" + std::to_string(y) + " +repage " + path + " 2>/dev/null";
  if (std::system(command.c_str()) != 0) return out;
  int channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &out.width, &out.height, &channels, 3);
  if (pixels) {
    out.rgb.assign(pixels, pixels + static_cast<std::size_t>(out.width) * out.height * 3);
    stbi_image_free(pixels);
  }
  return out;
}

// How many pixels are near `colour` (a layout fact's [r, g, b]).
inline int pixels_near(const Image& image, const nlohmann::json& colour, int tolerance = 10) {
  int n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) n += image.near(x, y, colour, tolerance);
  return n;
}

}  // namespace tavle::gui_test
