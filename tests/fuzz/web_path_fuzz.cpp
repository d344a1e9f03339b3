// The static file server's request path (net/static_files web_path): whatever the
// target, an accepted path stays under the web root (no "..", no hidden files,
// no NUL, no backslash) and mapping is stable; content_type always answers.
#include <filesystem>

#include "net/static_files.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path root = "/srv/tavle-web";
  const std::string_view target = fuzz::as_text(data, size);
  const auto path = net::web_path(root, target);
  if (!path) return 0;
  (void)net::content_type(*path);
  const std::string detail = "target=" + std::string(target) + "\npath=" + path->string();
  const std::filesystem::path relative = path->lexically_relative(root);
  fuzz::check(!relative.empty() && *relative.begin() != "..", "the path is under the web root", detail);
  fuzz::check(path->lexically_normal() == *path, "the path is already normal (no . or .. parts)", detail);
  for (const auto& part : relative) {
    const std::string s = part.string();
    fuzz::check(!s.empty() && s.front() != '.', "no part is hidden, empty, . or ..", detail);
    fuzz::check(s.find('\0') == std::string::npos && s.find('\\') == std::string::npos, "no NUL or backslash", detail);
  }
  fuzz::check(path->string().find('%') == std::string::npos, "no percent escapes reach the file system", detail);
  // The same file is reached again from its own path: mapping is idempotent.
  const auto again = net::web_path(root, "/" + relative.generic_string());
  fuzz::check(again && *again == *path, "mapping the mapped path gives the same file", detail);
  return 0;
}
