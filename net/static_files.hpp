// The tablet page on the host's port: maps a request target to a file under the
// web root, refusing anything that could climb out of it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tavle::net {

// The file a GET of `target` names, or nullopt when the path is not acceptable
// (.., backslash, NUL, percent escapes of dots or slashes, not absolute).
// The query string and fragment are ignored, never logged.
std::optional<std::filesystem::path> web_path(const std::filesystem::path& root, std::string_view target);

std::string_view content_type(const std::filesystem::path&);

// issue 18: a server of many meetings (net/server.hpp) reaches meeting ID at /m/ID
// (the WebSocket) and serves its tablet page under /m/ID/ (docs/protocol.md). An id is
// 1..64 bytes of letters, digits, '-', '_' and '.', not starting with '.'.
inline constexpr std::size_t kMaxMeetingIdBytes = 64;
bool valid_meeting_id(std::string_view id);
// "/m/ID" when `target` is /m/ID, /m/ID/... or /m/ID?... with a valid ID; else empty.
std::string_view meeting_prefix(std::string_view target);

}  // namespace tavle::net
