// What a host keeps beside a meeting's data, readable by its user only (0600): the
// facilitator key of a durable `tavle host`, and the rejoin tokens of every meeting
// hosted from a data directory, by `tavle host --data` and by the app alike, so that
// after a crash or a restart devices rejoin as themselves (docs/security.md).
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "net/meeting.hpp"

namespace tavle::cli {

// Writes a file only this user may read (0600): a temporary file beside it,
// synced, then renamed over it, so a crash leaves the old or the new file.
std::optional<Error> write_private_file(const std::string& path, const std::string& text);

// DIR/facilitator.key: read, or made (random) and kept when there is none yet.
std::optional<Error> stored_facilitator_key(const std::string& dir, std::string& key);

// DIR/rejoin-tokens/MEETING.json: where a meeting's rejoin tokens are kept.
std::string rejoin_tokens_path(const std::string& data_dir, const std::string& meeting_id);

// Gives `config` the meeting's kept tokens and keeps every change (written whole,
// replaced by rename: joins are rare). A missing or damaged file gives no tokens
// (devices then join as new participants); nothing is lost from the meeting itself.
void keep_rejoin_tokens(const std::string& data_dir, const std::string& meeting_id, net::MeetingConfig& config);

}  // namespace tavle::cli
