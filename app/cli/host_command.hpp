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
  std::string certificate_dir;             // where this installation's own certificate is (empty: --tls-cert or --no-tls)
  bool certificate_made = false;           // it was made by this start
};

// Reads --address --port --tls-cert --tls-key --allow-plain-family --no-tls --code --professional-code --facilitator-key-file --security-log
// --secrets --op-rate --max-clients --web-root --file. A mistake in the options is an
// Error with code "usage" (exit 2); others exit 1.
std::optional<Error> prepare_host(const Args& args, HostSetup& setup);
// --tls-cert --tls-key --no-tls --allow-plain-family: the port's TLS (also `tavle server`'s).
std::optional<Error> choose_tls(const Args& args, HostSetup& setup);
// --web-root, else the installed tablet page.
std::optional<Error> choose_web_root(const Args& args, net::HostConfig& config);
// Where secrets go when --secrets names no file: a file only this user can read
// ("tavle-host-PID.secrets" in XDG_RUNTIME_DIR, else a private temporary directory);
// `program` names it ("tavle-host"). Empty when none can be made.
std::string default_secrets_path(const std::string& program);
// --data DIR [--meeting ID | --family ID]: host a stored meeting durably (app/cli/host_storage.cpp).
std::optional<Error> attach_storage(const Args& args, HostSetup& setup);

}  // namespace tavle::cli
