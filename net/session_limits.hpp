// What one connection may cost the host: frame size, queued output, timeouts.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>

namespace tavle::net {

class Meeting;

struct SessionLimits {
  std::size_t max_frame_bytes = 256 * 1024;  // larger frames close with 1009
  std::size_t max_queue_messages = 4096;     // beyond either, the queue is dropped
  std::size_t max_queue_bytes = 4 << 20;     //   and the client gets a snapshot
  std::chrono::milliseconds hello_timeout{5000};
  std::chrono::milliseconds idle_timeout{3000};  // no pong for this long: dead
  std::chrono::milliseconds http_timeout{15000};
};

// What every session of one host shares.
struct SessionContext {
  Meeting& meeting;
  SessionLimits limits;
  std::filesystem::path web_root;  // empty: no web page is served
};

}  // namespace tavle::net
