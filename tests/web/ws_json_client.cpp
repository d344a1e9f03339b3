#include "tests/web/ws_json_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>

namespace tavle::webtest {
namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

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

}  // namespace

WsJsonClient::WsJsonClient() : ws_(io_) {}

WsJsonClient::~WsJsonClient() { close(); }

void WsJsonClient::connect(const std::string& host, unsigned short port, const std::string& path) {
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(host), port);
  beast::get_lowest_layer(ws_).socket().connect(endpoint, ec);
  if (ec) throw std::runtime_error("connect to " + host + ":" + std::to_string(port) + ": " + ec.message());
  ws_.set_option(beast::websocket::stream_base::decorator(
      [](beast::websocket::request_type& req) { req.set(beast::http::field::user_agent, "tavle-web-test"); }));
  ws_.handshake(host + ":" + std::to_string(port), path, ec);
  if (ec) throw std::runtime_error("websocket handshake with " + host + ":" + std::to_string(port) + path + ": " + ec.message());
  ws_.read_message_max(64 << 20);  // DevTools screenshots are large
}

void WsJsonClient::send(const nlohmann::json& message) {
  beast::error_code ec;
  ws_.text(true);
  ws_.write(asio::buffer(message.dump()), ec);
  if (ec) throw std::runtime_error("websocket write: " + ec.message());
}

std::optional<nlohmann::json> WsJsonClient::receive(std::chrono::milliseconds wait) {
  if (!ws_.is_open()) return std::nullopt;
  bool done = false;
  beast::error_code result;
  buffer_.clear();
  ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!run_until(io_, beast::get_lowest_layer(ws_), done, wait) || result) return std::nullopt;
  return nlohmann::json::parse(beast::buffers_to_string(buffer_.data()));
}

bool WsJsonClient::is_open() const { return ws_.is_open(); }

void WsJsonClient::close() {
  beast::error_code ec;
  if (ws_.is_open()) ws_.close(beast::websocket::close_code::normal, ec);
  beast::get_lowest_layer(ws_).socket().close(ec);
}

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

}  // namespace tavle::webtest
