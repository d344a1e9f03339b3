// The address a tablet on the same network should use to reach this machine.
#pragma once

#include <string>

namespace tavle::session {

// The first non-loopback IPv4 address of this machine that is up, or 127.0.0.1
// when there is none. A host listening on every interface (0.0.0.0) shows this.
std::string lan_address();

// What to show for a host listening on `listen_address`: the LAN address when it
// listens on every interface, else the address itself.
std::string reachable_address(const std::string& listen_address);

}  // namespace tavle::session
