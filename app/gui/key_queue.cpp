#include "app/gui/key_queue.hpp"

namespace tavle::gui {
namespace {

constexpr int kRelease = 0;  // GLFW_RELEASE
constexpr int kPress = 1;    // GLFW_PRESS

bool changes_state(const KeyEvent& e) {
  return e.kind == KeyEvent::Kind::Key && (e.action == kPress || e.action == kRelease);
}

}  // namespace

std::vector<KeyEvent> KeyQueue::take_frame() {
  std::vector<KeyEvent> frame;
  bool changed = false;
  while (!events_.empty()) {
    const KeyEvent& next = events_.front();
    if (changes_state(next)) {
      if (changed) break;  // the next change waits for the next frame
      changed = true;
    }
    frame.push_back(next);
    events_.pop_front();
  }
  return frame;
}

}  // namespace tavle::gui
