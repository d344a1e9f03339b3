#include "app/gui/qr_texture.hpp"

#include <glad/gl.h>
#include <qrencode.h>

#include <cstdint>
#include <vector>

namespace tavle::gui {

constexpr int kQuietZone = 2;  // modules of white around the code, so phones find it

QrTexture::~QrTexture() { release(); }

void QrTexture::release() {
  if (texture_) glDeleteTextures(1, &texture_);
  texture_ = 0;
  modules_ = 0;
}

bool QrTexture::update(const std::string& text) {
  if (text == text_ && texture_) return true;
  release();
  text_ = text;
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return false;
  const int size = code->width + 2 * kQuietZone;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size) * size * 4, 255);
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1) {
        std::uint8_t* px = &pixels[((y + kQuietZone) * size + x + kQuietZone) * 4];
        px[0] = px[1] = px[2] = 0;
      }
  QRcode_free(code);
  glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  // Nearest: each module stays a crisp square at any size.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  modules_ = size;
  return true;
}

ImTextureID QrTexture::texture() const {
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_));
}

}  // namespace tavle::gui
