// The security log (docs/security.md, "Security log"): one line per event that
// matters for who got in and who tried: joins, admissions, refusals, removals,
// failed codes and keys, rate limiting, new codes. Each line has the UTC time, the
// event and the address. Never card text, names of family members, codes or keys:
// the callers pass only the words below and numbers.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"

namespace tavle::net {

// Receives finished lines (without a newline).
using SecurityLogSink = std::function<void(const std::string& line)>;

// "2026-12-06T04:50:01Z join address=192.168.1.20 role=family connection=7"
std::string security_line(std::string_view event, std::string_view address, std::string_view detail);

// Appends lines to `path`, created with mode 0600 (owner only) if it is new; an
// existing file readable by others is refused.
std::optional<Error> open_security_log(const std::filesystem::path& path, SecurityLogSink& out);
// Lines on stderr, prefixed "tavle host: security: ".
SecurityLogSink stderr_security_log();

}  // namespace tavle::net
