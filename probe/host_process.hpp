// A real `tavle host` process on loopback, for the tablet tests, the app's offline
// tests, the soak and tavle-bench: serves assets/web over HTTP and speaks the
// protocol on the same port.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace tavle::probe {

class HostProcess {
 public:
  // Starts `tavle host --port P --code CODE --web-root DIR` on a free port and waits
  // until it accepts connections and has printed its facilitator key. Throws
  // std::runtime_error with the host's output when it does not come up.
  HostProcess(const std::string& tavle, const std::string& code, const std::string& web_root);
  // The same with more arguments (e.g. --data DIR) and a chosen port (0: any free one);
  // the soak and the kill test restart a killed host on the port its clients know.
  // Two arguments are ours, not the host's: "--tls" (encrypted with the host's own
  // certificate, kept in --data) and "--own-key" (no key file from us: a host with
  // --data keeps its facilitator key beside its data, as a crashed host must;
  // facilitator_key() is then empty). issue 18: "--server" (ours too) runs `tavle server`
  // instead (every meeting of its --data store, each with its own codes: `code` is not
  // used, there is no key file, and an empty `web_root` gives the installed page).
  HostProcess(const std::string& tavle, const std::string& code, const std::string& web_root,
              const std::vector<std::string>& extra_args, unsigned short port = 0);
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::string& facilitator_key() const { return key_; }
  // The certificate's SHA-256 fingerprint it printed; empty for a plain host (the
  // default: --no-tls on loopback, unless extra_args has --tls (the host's own
  // certificate, with --data), --tls-cert or --allow-plain-family).
  const std::string& fingerprint() const { return fingerprint_; }
  pid_t pid() const { return pid_; }
  // Everything the host printed so far (for a failing test's message).
  std::string output();
  // SIGKILL, as a power cut or the OOM killer would: no chance to write anything.
  void kill_hard();
  // SIGTERM and wait; returns everything the host printed (its last line names the board hash).
  std::string stop();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  pid_t pid_ = -1;
  int output_ = -1;  // the host's stdout+stderr, in a file
  std::string log_path_;
  std::string key_path_;  // the facilitator key file handed to the host
  unsigned short port_ = 0;
  std::string key_;
  std::string fingerprint_;
  std::string printed_;
};

}  // namespace tavle::probe
