#include "app/cli/install_paths.hpp"

#include <filesystem>

namespace tavle::cli {

std::string assets_directory() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate : {exe.parent_path() / "assets", exe.parent_path() / "../share/tavle"})
      if (fs::exists(candidate / "strings/da.json", ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return TAVLE_SOURCE_ASSETS;  // a build tree: the sources' assets/, so edits show without installing
}

}  // namespace tavle::cli
