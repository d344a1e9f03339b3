// How `tavle host` builds its Host from the command line: one struct and one
// function, so storage (--data) can add its journal and the meeting it loads.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "board/model.hpp"
#include "net/host.hpp"
#include "session/hosting.hpp"

namespace tavle::cli {

class Args;

// What session::start_host() needs, and where the secrets go.
struct HostSetup : session::HostSetup {
  std::string secrets_file;                // --secrets: where the professional code and key go (empty: a private temp file)
};

// Reads --address --port --code --professional-code --facilitator-key-file --security-log
// --secrets --op-rate --max-clients --web-root --file. A mistake in the options is an
// Error with code "usage" (exit 2); others exit 1.
std::optional<Error> prepare_host(const Args& args, HostSetup& setup);
// --data DIR [--meeting ID | --family ID]: host a stored meeting durably (app/cli/host_storage.cpp).
std::optional<Error> attach_storage(const Args& args, HostSetup& setup);

}  // namespace tavle::cli
