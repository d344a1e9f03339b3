#include "app/gui/layout_facts.hpp"

#include <nlohmann/json.hpp>

#include "files/safe_file.hpp"

namespace tavle::gui {
namespace {

nlohmann::json rgb(ImU32 c) {
  return {(c >> IM_COL32_R_SHIFT) & 0xFF, (c >> IM_COL32_G_SHIFT) & 0xFF, (c >> IM_COL32_B_SHIFT) & 0xFF};
}

nlohmann::json placed(const std::vector<PlacedItem>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const PlacedItem& item : items)
    out.push_back({{"id", item.id},
                   {"column", name_of(item.column)},
                   {"x0", item.min.x},
                   {"y0", item.min.y},
                   {"x1", item.max.x},
                   {"y1", item.max.y},
                   {"rgb", rgb(item.colour)},
                   {"label", item.label},
                   {"cut", item.cut}});
  return out;
}

}  // namespace

std::string layout_json_text(const LayoutFacts& facts) {
  nlohmann::json out{{"width", facts.width},       {"height", facts.height},
                     {"mode", facts.mode},         {"lang", facts.lang},
                     {"professional_only_rgb", rgb(facts.professional_only_colour)},
                     {"headings", placed(facts.headings)}, {"cards", placed(facts.cards)},
                     {"controls", placed(facts.controls)}, {"focus_received", facts.focus_received},
                     {"monitor", facts.monitor},       {"x", facts.x},
                     {"y", facts.y}};
  return out.dump(2) + "\n";
}

std::optional<Error> write_layout_json(const LayoutFacts& facts, const std::string& path) {
  // Atomic: a test polling the file of a running app never reads half of it.
  return files::write_file_safely(path, layout_json_text(facts));
}

}  // namespace tavle::gui
