#include "session/session.hpp"

#include <chrono>

namespace tavle::session {

Millis now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tavle::session
