// Helpers for the app's tests: run `tavle render`, read the PNG and the layout
// facts it reports, and look at pixels.
#pragma once

#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace tavle::gui_test {

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  bool near(int x, int y, const nlohmann::json& colour, int tolerance = 12) const {
    const unsigned char* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
    for (int i = 0; i < 3; ++i)
      if (std::abs(int(p[i]) - colour[i].get<int>()) > tolerance) return false;
    return true;
  }
  int brightness(int x, int y) const {
    const unsigned char* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
    return (p[0] + p[1] + p[2]) / 3;
  }
};

struct Rendered {
  int exit_code = -1;
  Image image;
  nlohmann::json layout;
};

inline std::filesystem::path scratch_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("tavle-gui-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// `tavle render` of `file` ("sample" for the demo meeting) with extra arguments.
inline Rendered render(const std::string& file, const std::string& name, const std::string& extra) {
  const auto dir = scratch_dir();
  const auto png = dir / (name + ".png"), json = dir / (name + ".json");
  const std::string command = std::string(TAVLE_BIN) + " render " + file + " -o " + png.string() + " --layout-json " +
                              json.string() + " " + extra;
  Rendered out;
  const int status = std::system(command.c_str());
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (out.exit_code != 0) return out;
  int channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &out.image.width, &out.image.height, &channels, 3);
  if (pixels) {
    out.image.rgb.assign(pixels, pixels + static_cast<std::size_t>(out.image.width) * out.image.height * 3);
    stbi_image_free(pixels);
  }
  std::ifstream in(json);
  out.layout = nlohmann::json::parse(in, nullptr, false);
  return out;
}

}  // namespace tavle::gui_test
