// Dear ImGui 1.86 reads a key's state once per frame (io.KeysDown), so a press and
// its release that GLFW delivers in the same poll (a quick tap while the app slept,
// a remote desktop that batches input, `xdotool key ctrl+n`) were never seen.
// GLFW's key and character callbacks put their events here instead, and each frame
// hands ImGui one key state change (a press or a release) with the characters and
// repeats that follow it. So every press lives at least one frame, and a shortcut
// sees its modifiers as they were (`xdotool key ctrl+n` releases Ctrl before N).
// No GLFW or ImGui in here, so the rule is tested as a plain function.
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

namespace tavle::gui {

struct KeyEvent {
  enum class Kind { Key, Char } kind = Kind::Key;
  int key = 0;       // GLFW key code (Kind::Key)
  int scancode = 0;
  int action = 0;    // GLFW_RELEASE 0, GLFW_PRESS 1, GLFW_REPEAT 2
  int mods = 0;
  unsigned codepoint = 0;  // Kind::Char
};

class KeyQueue {
 public:
  void push(const KeyEvent& event) { events_.push_back(event); }
  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }
  // The events for this frame, taken out of the queue: everything up to (not
  // including) the second press or release. Repeats and characters change no
  // key's state and ride along with the change before them.
  std::vector<KeyEvent> take_frame();

 private:
  std::deque<KeyEvent> events_;
};

}  // namespace tavle::gui
