#include "net/http_session.hpp"

#include <boost/beast/websocket/rfc6455.hpp>
#include <cctype>
#include <fstream>

#include "net/static_files.hpp"
#include "net/ws_session.hpp"
#include "strings/catalog.hpp"

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

// A host name and port as a browser puts it in Host: (nothing that could end a header
// field or a CSP source).
bool plain_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != ':' && c != '-' && c != '[' && c != ']')
      return false;
  return true;
}

// A browser names the page that opens a WebSocket in Origin; only the tablet page
// this host served may connect (the native client sends no Origin). This stops a
// web page elsewhere from joining through a browser on the meeting's network.
bool same_origin(const HttpSession::Request& request) {
  const auto origin = request.find(http::field::origin);
  if (origin == request.end()) return true;
  const std::string_view value(origin->value().data(), origin->value().size());
  const std::string_view host(request[http::field::host].data(), request[http::field::host].size());
  if (!plain_host(host)) return false;
  return value == "http://" + std::string(host) || value == "https://" + std::string(host);
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
  if (beast::websocket::is_upgrade(parser_->get()) && same_origin(parser_->get())) {
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
    // Scripts come from this host and may connect back to it only; no framing.
    const std::string_view host(request[http::field::host].data(), request[http::field::host].size());
    const std::string sockets = plain_host(host) ? " ws://" + std::string(host) + " wss://" + std::string(host) : "";
    r.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     "connect-src 'self'" + sockets + "; object-src 'none'; base-uri 'none'; "
                                     "form-action 'none'; frame-ancestors 'none'");
    r.set("X-Frame-Options", "DENY");
    r.body() = request.method() == http::verb::head ? std::string() : std::move(body);
    return r;
  };
  auto text = [&](http::status status, std::string body) {
    return reply(status, std::move(body) + "\n", "text/plain; charset=utf-8");
  };
  if (beast::websocket::is_upgrade(request))
    return text(http::status::forbidden, "a WebSocket from another web page may not join this meeting");
  if (request.method() != http::verb::get && request.method() != http::verb::head)
    return text(http::status::method_not_allowed, "only GET and HEAD");
  if (context_.web_root.empty()) return text(http::status::not_found, "this host serves no web page");
  const auto path = web_path(context_.web_root, std::string_view(request.target().data(), request.target().size()));
  if (!path) return text(http::status::bad_request, "bad path");
  // The page's words come from the one string catalog, never from a file of their own.
  if (*path == context_.web_root / "strings.js")
    return reply(http::status::ok, strings::tablet_script(), content_type(*path));
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
