#include "app/gui/key_queue.hpp"

#include <algorithm>

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
  std::vector<int> changed;  // keys pressed or released in this frame
  while (!events_.empty()) {
    const KeyEvent& next = events_.front();
    if (changes_state(next)) {
      if (std::find(changed.begin(), changed.end(), next.key) != changed.end()) break;
      changed.push_back(next.key);
    }
    frame.push_back(next);
    events_.pop_front();
  }
  return frame;
}

}  // namespace tavle::gui
