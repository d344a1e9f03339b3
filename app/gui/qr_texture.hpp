// The join address as a QR code (libqrencode), uploaded once as a GL texture so
// that ImDrawList can draw it; rebuilt only when the address changes.
#pragma once

#include <string>

#include "imgui.h"

namespace tavle::gui {

class QrTexture {
 public:
  QrTexture() = default;
  QrTexture(const QrTexture&) = delete;
  QrTexture& operator=(const QrTexture&) = delete;
  ~QrTexture();

  // Encodes `text` unless it is what the texture already shows. False if the
  // text cannot be encoded (then nothing is drawn).
  bool update(const std::string& text);
  ImTextureID texture() const;
  int modules() const { return modules_; }  // width in QR modules, quiet zone included

  void release();  // before the GL context goes away

 private:
  unsigned texture_ = 0;
  int modules_ = 0;
  std::string text_;
};

}  // namespace tavle::gui
