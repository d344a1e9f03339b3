#include "net/http_session.hpp"

#include <boost/beast/websocket/rfc6455.hpp>
#include <fstream>

#include "net/static_files.hpp"
#include "net/ws_session.hpp"

namespace tavle::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::uintmax_t kMaxFileBytes = 16u << 20;

std::string read_file(const std::filesystem::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ok = static_cast<bool>(in) || in.eof();
  return data;
}

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket&& socket, SessionContext& context)
    : stream_(std::move(socket)), context_(context) {
  beast::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  address_ = ec ? std::string("unknown") : endpoint.address().to_string();
}

void HttpSession::run() { read_request(); }

void HttpSession::read_request() {
  parser_.emplace();
  parser_->header_limit(8 * 1024);
  parser_->body_limit(4 * 1024);
  stream_.expires_after(context_.limits.http_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    return;
  }
  if (beast::websocket::is_upgrade(parser_->get())) {
    std::make_shared<WsSession>(stream_.release_socket(), context_, address_)->run(parser_->release());
    return;
  }
  Request request = parser_->release();
  const bool keep_alive = request.keep_alive();
  response_ = std::make_shared<Response>(answer(request));
  response_->keep_alive(keep_alive);
  response_->prepare_payload();
  http::async_write(stream_, *response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
    self->on_write(ec, keep_alive);
  });
}

HttpSession::Response HttpSession::answer(const Request& request) const {
  auto reply = [&](http::status status, std::string body, std::string_view type) {
    Response r{status, request.version()};
    r.set(http::field::server, "tavle");
    r.set(http::field::content_type, beast::string_view(type.data(), type.size()));
    r.set(http::field::cache_control, "no-cache");
    r.set("X-Content-Type-Options", "nosniff");
    r.body() = request.method() == http::verb::head ? std::string() : std::move(body);
    return r;
  };
  auto text = [&](http::status status, std::string body) {
    return reply(status, std::move(body) + "\n", "text/plain; charset=utf-8");
  };
  if (request.method() != http::verb::get && request.method() != http::verb::head)
    return text(http::status::method_not_allowed, "only GET and HEAD");
  if (context_.web_root.empty()) return text(http::status::not_found, "this host serves no web page");
  const auto path = web_path(context_.web_root, std::string_view(request.target().data(), request.target().size()));
  if (!path) return text(http::status::bad_request, "bad path");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*path, ec)) return text(http::status::not_found, "not found");
  if (std::filesystem::file_size(*path, ec) > kMaxFileBytes) return text(http::status::forbidden, "file too large");
  bool ok = false;
  std::string body = read_file(*path, ok);
  if (!ok) return text(http::status::internal_server_error, "cannot read the file");
  return reply(http::status::ok, std::move(body), content_type(*path));
}

void HttpSession::on_write(beast::error_code ec, bool keep_alive) {
  response_.reset();
  if (ec || !keep_alive) {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    return;
  }
  read_request();
}

}  // namespace tavle::net
