#include "app/gui/headless_render.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <vector>

namespace tavle::gui {

// ImGui sizes auto-fitting windows and tables over the first frames; the third
// frame is the settled layout.
constexpr int kSettleFrames = 3;

std::optional<Error> render_to_png(App& app, GLFWwindow* window, const std::string& png_path,
                                   const std::string& layout_path, void (*draw_frame_and_render)(App&, GLFWwindow*)) {
  for (int i = 0; i < kSettleFrames; ++i) draw_frame_and_render(app, window);
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) return Error{"gl", "cannot read the rendered frame back from OpenGL"};
  stbi_flip_vertically_on_write(1);  // GL rows start at the bottom
  if (!stbi_write_png(png_path.c_str(), width, height, 3, pixels.data(), width * 3))
    return Error{"io", "cannot write " + png_path};
  if (!layout_path.empty()) {
    app.layout.width = width;
    app.layout.height = height;
    if (auto e = write_layout_json(app.layout, layout_path)) return e;
  }
  return std::nullopt;
}

}  // namespace tavle::gui
