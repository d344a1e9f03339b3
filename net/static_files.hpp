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

}  // namespace tavle::net
