#include "probe/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/system/system_error.hpp>
#include <stdexcept>

namespace tavle::probe {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
WsOptions from_address(const std::string& from) {
  WsOptions options;
  options.from = from;
  return options;
}
}  // namespace

WsClient::WsClient(unsigned short port, const std::string& from) : WsClient(port, from_address(from)) {}

WsClient::WsClient(unsigned short port, const WsOptions& options) : ws_(io_) {
  const std::string where = "127.0.0.1:" + std::to_string(port) + options.path;
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  beast::error_code ec;
  if (!options.from.empty()) {
    socket().open(asio::ip::tcp::v4(), ec);
    if (!ec) socket().bind(asio::ip::tcp::endpoint(asio::ip::make_address(options.from), 0), ec);
    if (ec) throw boost::system::system_error(ec, "bind to " + options.from);
  }
  socket().connect(endpoint, ec);
  if (ec) throw boost::system::system_error(ec, "connect to " + where);
  if (options.no_delay) socket().set_option(asio::ip::tcp::no_delay(true));
  if (!options.origin.empty())
    ws_.set_option(websocket::stream_base::decorator(
        [origin = options.origin](websocket::request_type& r) { r.set(beast::http::field::origin, origin); }));
  ws_.handshake(options.host_header, options.path, ec);
  if (ec) throw boost::system::system_error(ec, "websocket upgrade at " + where);
  ws_.read_message_max(64u << 20);  // snapshots of large boards, DevTools screenshots
  ws_.text(true);
}

WsClient::~WsClient() {
  if (reader_.joinable()) {
    asio::post(io_, [this] {
      beast::error_code ignored;
      socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      socket().close(ignored);
    });
    reader_.join();
    return;
  }
  beast::error_code ignored;
  socket().close(ignored);
}

void WsClient::read_in_background(std::function<void(std::string)> on_text, std::function<void()> on_closed) {
  on_text_ = std::move(on_text);
  on_closed_ = std::move(on_closed);
  io_.restart();
  read_next();
  reader_ = std::thread([this] { io_.run(); });
}

void WsClient::read_next() {
  ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      if (on_closed_) on_closed_();
      return;
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    on_text_(std::move(text));
    read_next();
  });
}

void WsClient::write_front() {
  ws_.async_write(asio::buffer(outgoing_.front()), [this](beast::error_code ec, std::size_t) {
    outgoing_.pop_front();
    if (!ec && !outgoing_.empty()) write_front();
  });
}

void WsClient::send(const std::string& text) {
  if (reader_.joinable()) {
    asio::post(io_, [this, text] {
      outgoing_.push_back(text);
      if (outgoing_.size() == 1) write_front();  // else the running write chain sends it
    });
    return;
  }
  beast::error_code ec;
  ws_.write(asio::buffer(text), ec);
  if (ec) throw boost::system::system_error(ec, "websocket write");
}

void WsClient::send_hello(const std::string& code, const std::string& role, const std::string& id,
                          const std::string& extra) {
  send(R"({"type":"hello","protocol":1,"code":")" + code + R"(","name":"Raw )" + id + R"(","role":")" + role +
       R"(","client_id":")" + id + R"(","last_seq":0)" + extra + "}");
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds within) {
  if (closed_) return std::nullopt;
  beast::flat_buffer buffer;
  beast::error_code result = asio::error::would_block;
  ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
  io_.restart();
  io_.run_for(within);
  if (result == asio::error::would_block) {
    // A cancelled read may leave Beast answering a ping or closing politely,
    // waiting on the peer; a closed socket ends all of that at once.
    beast::get_lowest_layer(ws_).cancel();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(500));
    if (!io_.stopped()) {
      beast::error_code ignored;
      socket().close(ignored);
      io_.restart();
      io_.run();
    }
    closed_ = true;
    timed_out_ = true;
    return std::nullopt;
  }
  if (result) {
    closed_ = true;
    return std::nullopt;
  }
  return beast::buffers_to_string(buffer.data());
}

std::optional<std::string> WsClient::read_until(const std::string& needle, std::string* seen) {
  for (int i = 0; i < 1000; ++i) {
    auto text = read();
    if (!text) return std::nullopt;
    if (seen) *seen += *text;
    if (text->find(needle) != std::string::npos) return text;
  }
  return std::nullopt;
}

void WsClient::close() {
  beast::error_code ignored;
  if (!closed_ && ws_.is_open()) ws_.close(websocket::close_code::normal, ignored);
  socket().close(ignored);
  closed_ = true;
}

bool split_frames(std::string& bytes, std::string& message, const std::function<void(std::string)>& on_text,
                  const std::function<void(std::string_view)>& on_ping, std::string& why) {
  std::size_t at = 0;
  bool open = true;
  while (open && bytes.size() - at >= 2) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    const std::size_t available = bytes.size() - at;
    const bool final_fragment = p[0] & 0x80;
    const int opcode = p[0] & 0x0F;
    if (p[1] & 0x80) {
      why = "the host sent a masked frame";
      return false;
    }
    std::uint64_t length = p[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      if (available < 4) break;
      length = (std::uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) break;
      length = 0;
      for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
      header = 10;
    }
    if (available - header < length) break;
    const std::string_view payload(bytes.data() + at + header, static_cast<std::size_t>(length));
    at += header + static_cast<std::size_t>(length);
    if (opcode == 0x1 || opcode == 0x0) {
      message.append(payload);
      if (final_fragment) on_text(std::exchange(message, {}));
    } else if (opcode == 0x9) {
      on_ping(payload);
    } else if (opcode == 0x8) {
      why = "the host closed the connection";
      open = false;
    }
  }
  bytes.erase(0, at);
  return open;
}

}  // namespace tavle::probe
