// The texts of assets/strings/export.<lang>.json, compiled in (see CMakeLists.txt).
#pragma once

#include <string_view>

namespace tavle::exporting {

// The JSON text for "da" or "en"; empty for any other language.
std::string_view export_strings_json(std::string_view lang);

}  // namespace tavle::exporting
