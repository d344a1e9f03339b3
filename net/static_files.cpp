#include "net/static_files.hpp"

#include <algorithm>
#include <cctype>

namespace tavle::net {

std::optional<std::filesystem::path> web_path(const std::filesystem::path& root, std::string_view target) {
  if (const auto q = target.find_first_of("?#"); q != std::string_view::npos) target = target.substr(0, q);
  if (target.empty() || target.front() != '/') return std::nullopt;
  if (target.find('\0') != std::string_view::npos || target.find('\\') != std::string_view::npos) return std::nullopt;
  // Percent escapes are not decoded at all: the page's file names never need them,
  // and refusing them closes every "%2e%2e%2f" trick at once.
  if (target.find('%') != std::string_view::npos) return std::nullopt;
  std::string relative(target.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  std::size_t start = 0;
  while (start <= relative.size()) {
    const std::size_t end = std::min(relative.find('/', start), relative.size());
    const std::string_view part(relative.data() + start, end - start);
    if (part.empty() || part == "." || part == ".." || part.front() == '.') return std::nullopt;
    start = end + 1;
  }
  return root / relative;
}

std::string_view content_type(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

bool valid_meeting_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxMeetingIdBytes || id.front() == '.') return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

std::string_view meeting_prefix(std::string_view target) {
  constexpr std::string_view kStart = "/m/";
  if (!target.starts_with(kStart)) return {};
  const std::size_t end = target.find_first_of("/?#", kStart.size());
  const std::string_view id = target.substr(kStart.size(), end == std::string_view::npos ? end : end - kStart.size());
  return valid_meeting_id(id) ? target.substr(0, kStart.size() + id.size()) : std::string_view();
}

}  // namespace tavle::net
