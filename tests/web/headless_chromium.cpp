#include "tests/web/headless_chromium.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tavle::webtest {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Runs the io_context until `done` or the deadline; on the deadline the stream is
// cancelled and drained, so no handler outlives the call.
template <class Stream>
bool run_until(asio::io_context& io, Stream& lowest, const bool& done, std::chrono::milliseconds wait) {
  io.restart();
  io.run_for(wait);
  if (done) return true;
  lowest.cancel();
  io.restart();
  io.run();
  return done;
}

// One plain HTTP GET on loopback (DevTools' /json/list); returns the body.
std::string http_get(unsigned short port, const std::string& target, std::chrono::milliseconds wait) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  stream.socket().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + ": " + ec.message());
  beast::http::request<beast::http::empty_body> request(beast::http::verb::get, target, 11);
  request.set(beast::http::field::host, "127.0.0.1:" + std::to_string(port));
  beast::http::write(stream, request, ec);
  if (ec) throw std::runtime_error("http write: " + ec.message());
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> response;
  bool done = false;
  beast::http::async_read(stream, buffer, response, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done, wait) || ec) throw std::runtime_error("http GET " + target + ": no answer");
  return response.body();
}


std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string base64_decode(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    const int v = value(c);
    if (v < 0) continue;  // '=' padding and line breaks
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

// Chromium writes "PORT\n/devtools/browser/ID" here once DevTools listens.
unsigned short wait_for_devtools_port(const fs::path& profile, pid_t pid) {
  const fs::path file = profile / "DevToolsActivePort";
  for (auto deadline = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < deadline;) {
    std::istringstream lines(read_text(file));
    unsigned port = 0;
    if (lines >> port && port > 0 && port < 65536) return static_cast<unsigned short>(port);
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid)
      throw std::runtime_error("chromium exited at start: " + read_text(profile / "chromium.log"));
    std::this_thread::sleep_for(50ms);
  }
  throw std::runtime_error("chromium did not open DevTools within 60 s: " + read_text(profile / "chromium.log"));
}

}  // namespace

std::string find_chromium() {
  if (const char* env = std::getenv("TAVLE_CHROMIUM"); env && *env) return env;
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (::access(candidate, X_OK) == 0) return candidate;
  return "";
}

HeadlessChromium::HeadlessChromium(const std::string& binary, int width, int height,
                                   const std::vector<std::string>& extra_args) {
  std::string dir_template = (fs::temp_directory_path() / "tavle-chromium-XXXXXX").string();
  if (!::mkdtemp(dir_template.data())) throw std::runtime_error("cannot make a profile directory");
  profile_ = dir_template;
  std::vector<std::string> args = {binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                   "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                                   "--user-data-dir=" + profile_.string(), "--remote-debugging-port=0",
                                   "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                                   "about:blank"};
  args.insert(args.end() - 1, extra_args.begin(), extra_args.end());
  const std::string log = (profile_ / "chromium.log").string();
  // Everything the child needs is made before fork: after it only async-signal-safe calls.
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::setpgid(0, 0);  // its own process group, so its helpers end with it
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out >= 0) ::dup2(out, STDOUT_FILENO), ::dup2(out, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);
  const unsigned short port = wait_for_devtools_port(profile_, pid_);
  std::string ws_path;
  for (auto deadline = std::chrono::steady_clock::now() + 20s; ws_path.empty();) {
    for (const auto& target : nlohmann::json::parse(http_get(port, "/json/list", 10s)))
      if (target.value("type", "") == "page") ws_path = target.value("webSocketDebuggerUrl", "");
    if (ws_path.empty() && std::chrono::steady_clock::now() > deadline) throw std::runtime_error("chromium has no page target");
    if (ws_path.empty()) std::this_thread::sleep_for(50ms);
  }
  ws_path = ws_path.substr(ws_path.find("/devtools/"));
  probe::WsOptions devtools;
  devtools.path = ws_path;
  devtools.host_header = "127.0.0.1:" + std::to_string(port);
  devtools_ = std::make_unique<probe::WsClient>(port, devtools);
  call("Page.enable", nlohmann::json::object());
  call("Runtime.enable", nlohmann::json::object());
  // The page's viewport is exactly the tablet's size (the window adds no chrome to it).
  set_viewport(width, height);
}

void HeadlessChromium::set_viewport(int width, int height, double zoom) {
  call("Emulation.setDeviceMetricsOverride",
       {{"width", static_cast<int>(width / zoom)}, {"height", static_cast<int>(height / zoom)}, {"deviceScaleFactor", zoom}, {"mobile", false}});
}

void HeadlessChromium::press_key(const std::string& key, bool shift) {
  struct Known {
    const char* key;
    const char* code;
    int virtual_key;
    const char* text;
  };
  static const Known known[] = {{"Tab", "Tab", 9, ""},           {"Enter", "Enter", 13, "\r"},
                                {" ", "Space", 32, " "},         {"Escape", "Escape", 27, ""},
                                {"ArrowLeft", "ArrowLeft", 37, ""}, {"ArrowUp", "ArrowUp", 38, ""},
                                {"ArrowRight", "ArrowRight", 39, ""}, {"ArrowDown", "ArrowDown", 40, ""}};
  const Known* k = nullptr;
  for (const Known& candidate : known)
    if (key == candidate.key) k = &candidate;
  if (!k) throw std::runtime_error("press_key: no key named " + key);
  nlohmann::json down = {{"type", *k->text ? "keyDown" : "rawKeyDown"}, {"key", k->key}, {"code", k->code},
                         {"windowsVirtualKeyCode", k->virtual_key}, {"modifiers", shift ? 8 : 0}};
  if (*k->text) down["text"] = k->text;
  call("Input.dispatchKeyEvent", down);
  call("Input.dispatchKeyEvent", {{"type", "keyUp"}, {"key", k->key}, {"code", k->code},
                                  {"windowsVirtualKeyCode", k->virtual_key}, {"modifiers", shift ? 8 : 0}});
}

void HeadlessChromium::emulate_media_feature(const std::string& name, const std::string& value) {
  call("Emulation.setEmulatedMedia", {{"features", nlohmann::json::array({{{"name", name}, {"value", value}}})}});
}

HeadlessChromium::~HeadlessChromium() {
  if (devtools_) devtools_->close();
  if (pid_ > 0) {
    ::kill(-pid_, SIGTERM);
    int status = 0;
    bool ended = false;
    for (int i = 0; i < 100 && !ended; ++i) {
      ended = ::waitpid(pid_, &status, WNOHANG) == pid_;
      if (!ended) std::this_thread::sleep_for(50ms);
    }
    ::kill(-pid_, SIGKILL);  // whatever helper is left of our own group
    if (!ended) ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  fs::remove_all(profile_, ec);
}

nlohmann::json HeadlessChromium::call(const std::string& method, nlohmann::json params) {
  const int id = next_id_++;
  devtools_->send(nlohmann::json{{"id", id}, {"method", method}, {"params", std::move(params)}}.dump());
  for (auto deadline = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < deadline;) {
    const auto text = devtools_->read(30s);
    if (!text) break;
    nlohmann::json message = nlohmann::json::parse(*text);
    if (message.value("id", 0) != id) continue;  // an event, not our answer
    if (message.contains("error")) throw std::runtime_error(method + ": " + message["error"].dump());
    return message["result"];
  }
  throw std::runtime_error(method + ": no answer from chromium");
}

void HeadlessChromium::navigate(const std::string& url) {
  call("Page.navigate", {{"url", url}});
  // Wait until the new document has run its scripts.
  wait_for("document.readyState === 'complete' && location.href.startsWith(" + nlohmann::json(url.substr(0, url.find('#'))).dump() + ")");
}

nlohmann::json HeadlessChromium::evaluate(const std::string& expression) {
  auto result = call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
  if (result.contains("exceptionDetails"))
    throw std::runtime_error("page threw: " + result["exceptionDetails"].dump() + " in: " + expression);
  return result["result"].value("value", nlohmann::json());
}

bool HeadlessChromium::wait_for(const std::string& expression, std::chrono::milliseconds limit) {
  for (auto deadline = std::chrono::steady_clock::now() + limit;;) {
    if (evaluate("Boolean(" + expression + ")") == true) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(40ms);
  }
}

void HeadlessChromium::screenshot(const fs::path& png) {
  auto result = call("Page.captureScreenshot", {{"format", "png"}});
  std::ofstream out(png, std::ios::binary);
  out << base64_decode(result.value("data", ""));
}

}  // namespace tavle::webtest
