#include "app/gui/layout_facts.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

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
                   {"rgb", rgb(item.colour)}});
  return out;
}

}  // namespace

std::optional<Error> write_layout_json(const LayoutFacts& facts, const std::string& path) {
  nlohmann::json out{{"width", facts.width},       {"height", facts.height},
                     {"mode", facts.mode},         {"lang", facts.lang},
                     {"professional_only_rgb", rgb(facts.professional_only_colour)},
                     {"headings", placed(facts.headings)}, {"cards", placed(facts.cards)}};
  std::ofstream file(path);
  if (!file) return Error{"io", "cannot write layout facts to " + path};
  file << out.dump(2) << "\n";
  if (!file) return Error{"io", "cannot write layout facts to " + path};
  return std::nullopt;
}

}  // namespace tavle::gui
