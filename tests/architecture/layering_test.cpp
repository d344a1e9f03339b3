// The layering of docs/architecture.md, checked against the tree: the table there
// says, for every folder that is a library or a program, which folders and which
// outside libraries it may include. This test reads that table and holds every
// folder's sources and every target's link line to it, so the picture in the docs
// and the code cannot drift apart (a folder reaching up, or a header-only include
// of a library the target does not link).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tavle::testing {
namespace {

namespace fs = std::filesystem;

struct Layer {
  std::string folder;  // "store", "app/cli"
  std::string target;  // "tavle_store", "tavle"
  std::set<std::string> folders;    // project folders it may include (besides its own)
  std::set<std::string> externals;  // outside library families it may include
};

// Outside libraries as the table names them, and the headers that give them away.
// A family not named in a folder's row is not allowed there.
const std::map<std::string, std::string>& external_headers() {
  static const std::map<std::string, std::string> families{
      {"nlohmann/json", "nlohmann/"}, {"Boost", "boost/"}, {"sqlite3", "sqlite3.h"},
      {"cairo", "cairo"},             {"pango", "pango"},  {"ImGui", "imgui"},
      {"GLFW", "GLFW/"},              {"glad", "glad/"},   {"gtest", "gtest/"},
      {"libpq", "libpq-fe.h"},
  };
  return families;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  return out;
}

std::vector<std::string> backticked(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex tick("`([^`]+)`");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tick); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

// The table of docs/architecture.md: | `folder/` | `target` | what | may include |.
std::vector<Layer> read_layers() {
  std::vector<Layer> layers;
  std::vector<std::string> allowed_cells;
  std::istringstream doc(read_text(fs::path(TAVLE_SOURCE_DIR) / "docs/architecture.md"));
  for (std::string line; std::getline(doc, line);) {
    if (!line.starts_with("| `")) continue;
    const std::vector<std::string> cells = split(line, '|');  // cells[0] is empty
    if (cells.size() < 5) continue;
    const auto folder = backticked(cells[1]);
    const auto target = backticked(cells[2]);
    if (folder.size() != 1 || target.size() != 1 || !folder[0].ends_with("/")) continue;
    layers.push_back({folder[0].substr(0, folder[0].size() - 1), target[0], {}, {}});
    allowed_cells.push_back(cells[4]);
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    // What follows "Never" in the cell is what is forbidden.
    std::string cell = allowed_cells[i];
    if (auto never = cell.find("Never"); never != std::string::npos) cell.resize(never);
    for (const std::string& name : backticked(cell))
      for (const Layer& other : layers)
        if (name == other.folder + "/" && other.folder != layers[i].folder) layers[i].folders.insert(other.folder);
    for (const auto& [family, header] : external_headers())
      if (cell.find(family) != std::string::npos) layers[i].externals.insert(family);
  }
  return layers;
}

// The folder of the table a project include points into (longest match), or "".
std::string folder_of(const std::string& include, const std::vector<Layer>& layers) {
  std::string best;
  for (const Layer& layer : layers)
    if (include.starts_with(layer.folder + "/") && layer.folder.size() > best.size()) best = layer.folder;
  return best;
}

bool is_source(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".in";
}

// Every source file of a folder, without the sub-folders that are layers of their own.
std::vector<fs::path> sources_of(const Layer& layer, const std::vector<Layer>& layers) {
  std::vector<fs::path> out;
  const fs::path root = fs::path(TAVLE_SOURCE_DIR) / layer.folder;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || !is_source(entry.path())) continue;
    const std::string relative = fs::relative(entry.path(), TAVLE_SOURCE_DIR).generic_string();
    if (folder_of(relative, layers) == layer.folder) out.push_back(entry.path());
  }
  return out;
}

struct Include {
  std::string file;
  std::string header;
  bool quoted;
};

std::vector<Include> includes_of(const fs::path& file) {
  std::vector<Include> out;
  static const std::regex include(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  std::istringstream in(read_text(file));
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, include))
      out.push_back({fs::relative(file, TAVLE_SOURCE_DIR).generic_string(), m[2], m[1] == "\""});
  }
  return out;
}

// target -> the targets and libraries it links (written by CMake at generate time).
std::map<std::string, std::vector<std::string>> read_links() {
  std::map<std::string, std::vector<std::string>> links;
  std::istringstream in(read_text(TAVLE_LINKS_FILE));
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    auto& list = links[line.substr(0, colon)];
    for (const std::string& item : split(line.substr(colon + 2), ';'))
      if (!item.empty()) list.push_back(item);
  }
  return links;
}

const Layer* layer_of_target(const std::string& target, const std::vector<Layer>& layers) {
  for (const Layer& layer : layers)
    if (layer.target == target) return &layer;
  return nullptr;
}

TEST(Layering, TheArchitectureTableNamesEveryLibrary) {
  const std::vector<Layer> layers = read_layers();
  std::set<std::string> folders;
  for (const Layer& layer : layers) folders.insert(layer.folder);
  for (const char* expected : {"board", "files", "net", "store", "store_pg", "export", "session", "app/cli", "app/gui", "probe", "bench/tavle_bench", "bench/server_load"})
    EXPECT_TRUE(folders.count(expected)) << "docs/architecture.md has no row for " << expected << "/";
  const auto links = read_links();
  for (const char* target : {"tavle_board", "tavle_files", "tavle_net", "tavle_store", "tavle_store_pg", "tavle_export", "tavle_session", "tavle", "tavle_probe", "tavle_bench_client", "server_load"})
    EXPECT_TRUE(links.count(target)) << "CMake wrote no link line for " << target;
}

TEST(Layering, EveryFolderIncludesOnlyWhatTheArchitectureAllows) {
  const std::vector<Layer> layers = read_layers();
  for (const Layer& layer : layers) {
    for (const fs::path& file : sources_of(layer, layers)) {
      for (const Include& inc : includes_of(file)) {
        const std::string folder = inc.quoted ? folder_of(inc.header, layers) : "";
        if (!folder.empty()) {
          EXPECT_TRUE(folder == layer.folder || layer.folders.count(folder))
              << inc.file << " includes " << inc.header << ", but docs/architecture.md lets " << layer.folder
              << "/ include only its own files and: " << ::testing::PrintToString(layer.folders);
          continue;
        }
        for (const auto& [family, header] : external_headers()) {
          if (inc.header.starts_with(header)) {
            EXPECT_TRUE(layer.externals.count(family))
                << inc.file << " includes " << inc.header << " (" << family << "), which docs/architecture.md does not allow in "
                << layer.folder << "/";
          }
        }
      }
    }
  }
}

TEST(Layering, EveryTargetLinksOnlyWhatTheArchitectureAllows) {
  const std::vector<Layer> layers = read_layers();
  for (const auto& [target, linked] : read_links()) {
    const Layer* layer = layer_of_target(target, layers);
    ASSERT_NE(layer, nullptr) << target;
    for (const std::string& lib : linked) {
      const Layer* other = layer_of_target(lib, layers);
      if (!other) continue;  // an outside library (checked through the includes)
      EXPECT_TRUE(layer->folders.count(other->folder))
          << target << " links " << lib << ", but docs/architecture.md does not let " << layer->folder << "/ use "
          << other->folder << "/";
    }
  }
}

// An include of a library's header that the target does not link builds only while
// that header is header-only: the arrow is there, so the link must be too.
TEST(Layering, EveryIncludedLibraryIsLinked) {
  const std::vector<Layer> layers = read_layers();
  const auto links = read_links();
  for (const Layer& layer : layers) {
    if (!links.count(layer.target)) continue;  // not built here (the app without TAVLE_BUILD_APP)
    std::set<std::string> reach;  // every target it links, directly or through another
    std::vector<std::string> todo{layer.target};
    while (!todo.empty()) {
      const std::string t = todo.back();
      todo.pop_back();
      if (!links.count(t)) continue;
      for (const std::string& lib : links.at(t))
        if (reach.insert(lib).second) todo.push_back(lib);
    }
    for (const fs::path& file : sources_of(layer, layers))
      for (const Include& inc : includes_of(file)) {
        const std::string folder = inc.quoted ? folder_of(inc.header, layers) : "";
        if (folder.empty() || folder == layer.folder) continue;
        const Layer* other = nullptr;
        for (const Layer& l : layers)
          if (l.folder == folder) other = &l;
        if (!other->target.starts_with("tavle_")) continue;  // a program's sources compiled in (app/cli's parser)
        EXPECT_TRUE(reach.count(other->target))
            << inc.file << " includes " << inc.header << " but " << layer.target << " does not link " << other->target;
      }
  }
}

}  // namespace
}  // namespace tavle::testing
