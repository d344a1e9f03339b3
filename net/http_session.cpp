// [SECTION] helpers: files, host names, origins
// [SECTION] telling TLS from plain by the first byte
// [SECTION] one HTTP connection
#include "net/http_session.hpp"

#include <sys/socket.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cctype>
#include <cerrno>
#include <fstream>

#include "net/static_files.hpp"
#include "net/ws_session.hpp"
#include "strings/catalog.hpp"

namespace tavle::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using asio::ip::tcp;

// [SECTION] helpers: files, host names, origins

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
bool same_origin(const HttpRequest& request) {
  const auto origin = request.find(http::field::origin);
  if (origin == request.end()) return true;
  const std::string_view value(origin->value().data(), origin->value().size());
  const std::string_view host(request[http::field::host].data(), request[http::field::host].size());
  if (!plain_host(host)) return false;
  return value == "http://" + std::string(host) || value == "https://" + std::string(host);
}

std::string address_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

// [SECTION] telling TLS from plain by the first byte

// Waits for the client's first byte and looks at it without taking it: 0x16 opens a
// TLS hello (an HTTP request starts with a letter), so OpenSSL then reads the whole
// hello from the socket itself (net/tls_socket.hpp).
class FirstBytes : public std::enable_shared_from_this<FirstBytes> {
 public:
  FirstBytes(tcp::socket&& socket, SessionContext& context)
      : socket_(std::move(socket)), context_(context), timer_(socket_.get_executor()) {}

  void run() {
    timer_.expires_after(context_.limits.http_timeout);
    timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
      if (auto self = weak.lock(); self && !ec) {
        beast::error_code ignored;
        self->socket_.close(ignored);
      }
    });
    wait();
  }

 private:
  void wait() {
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->give_up();
      unsigned char first = 0;
      const ssize_t n = ::recv(self->socket_.native_handle(), &first, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return self->wait();
      if (n <= 0) return self->give_up();  // gone before a byte, or an error
      self->timer_.cancel();
      std::string address = address_of(self->socket_);
      if (first == 0x16) {
        std::unique_ptr<TlsStream> tls;
        try {
          tls = std::make_unique<TlsStream>(std::move(self->socket_), *self->context_.tls);
        } catch (const std::bad_alloc&) {
          return;  // no memory for one more connection: it closes, the others go on
        }
        return std::make_shared<HttpSession<TlsStream>>(std::move(*tls), self->context_, std::move(address),
                                                        beast::flat_buffer())
            ->run();
      }
      std::make_shared<HttpSession<PlainStream>>(std::move(self->socket_), self->context_, std::move(address),
                                                 beast::flat_buffer())
          ->run();
    });
  }

  void give_up() {
    timer_.cancel();
    beast::error_code ignored;
    socket_.close(ignored);
  }

  tcp::socket socket_;
  SessionContext& context_;
  asio::steady_timer timer_;
};

}  // namespace

void start_session(tcp::socket&& socket, SessionContext& context) {
  if (context.tls) return std::make_shared<FirstBytes>(std::move(socket), context)->run();
  std::string address = address_of(socket);
  std::make_shared<HttpSession<PlainStream>>(std::move(socket), context, std::move(address), beast::flat_buffer())
      ->run();
}

// [SECTION] one HTTP connection

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, SessionContext& context, std::string address,
                                 beast::flat_buffer read)
    : stream_(std::move(stream)),
      context_(context),
      address_(std::move(address)),
      timer_(stream_.get_executor()),
      buffer_(std::move(read)) {}

template <class Stream>
void HttpSession<Stream>::run() {
  if constexpr (kEncrypted) {
    arm_deadline();
    stream_.async_handshake([self = this->shared_from_this()](beast::error_code ec) {
      self->timer_.cancel();
      if (ec) return self->close();  // not TLS after all, or a client that gave up
      self->read_request();
    });
  } else {
    read_request();
  }
}

template <class Stream>
void HttpSession<Stream>::close() {
  if (handed_over_) return;
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(stream_).close(ignored);
}

// The handshake, each request and each answer must be done within http_timeout.
template <class Stream>
void HttpSession<Stream>::arm_deadline() {
  timer_.expires_after(context_.limits.http_timeout);
  timer_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->close();
  });
}

template <class Stream>
void HttpSession<Stream>::read_request() {
  parser_.emplace();
  parser_->header_limit(8 * 1024);
  parser_->body_limit(4 * 1024);
  arm_deadline();
  http::async_read(stream_, buffer_, *parser_,
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  timer_.cancel();
  if (ec) return close();
  if (beast::websocket::is_upgrade(parser_->get()) && same_origin(parser_->get()) && !redirected()) {
    // The meeting is chosen by the path (a server of many meetings may first load it
    // from its store); meanwhile nothing is read from this connection.
    handed_over_ = true;
    HttpRequest request = parser_->release();
    const std::string target(request.target());
    context_.route(target, address_,
                   [self = this->shared_from_this(), request = std::move(request)](Routed routed) mutable {
                     std::make_shared<WsSession<Stream>>(std::move(self->stream_), self->context_, self->address_,
                                                         self->family_only(), std::move(routed))
                         ->run(std::move(request));
                   });
    return;
  }
  HttpRequest request = parser_->release();
  const bool keep_alive = request.keep_alive();
  response_ = std::make_shared<HttpResponse>(answer(request));
  response_->keep_alive(keep_alive);
  response_->prepare_payload();
  arm_deadline();  // a client that never reads would hold the answer and the connection for ever
  http::async_write(stream_, *response_,
                    [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                      self->on_write(ec, keep_alive);
                    });
}
template <class Stream>
HttpResponse HttpSession<Stream>::answer(const HttpRequest& request) const {
  auto reply = [&](http::status status, std::string body, std::string_view type) {
    HttpResponse r{status, request.version()};
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
    return redirected() ? text(http::status::forbidden, "this meeting takes encrypted connections only (wss://)")
                        : text(http::status::forbidden, "a WebSocket from another web page may not join this meeting");
  if (redirected()) {
    // The host has a certificate and the facilitator did not allow plain HTTP:
    // send the browser on to the same page over https://.
    const std::string_view host(request[http::field::host].data(), request[http::field::host].size());
    if (!plain_host(host)) return text(http::status::bad_request, "this meeting takes https:// only");
    HttpResponse r = reply(http::status::moved_permanently, "this meeting takes https:// only\n", "text/plain; charset=utf-8");
    r.set(http::field::location, "https://" + std::string(host) + std::string(request.target()));
    return r;
  }
  if (request.method() != http::verb::get && request.method() != http::verb::head)
    return text(http::status::method_not_allowed, "only GET and HEAD");
  if (context_.web_root.empty()) return text(http::status::not_found, "this host serves no web page");
  std::string_view target(request.target().data(), request.target().size());
  // A server of many meetings serves the tablet page of meeting ID under /m/ID/
  // (docs/protocol.md): the same files; the page connects to its own meeting.
  if (const auto prefix = meeting_prefix(target); prefix.size() > 0) {
    target.remove_prefix(prefix.size());
    if (target.empty() || target[0] == '?') {
      // /m/ID: the page's relative links need the slash.
      HttpResponse r = reply(http::status::moved_permanently, "see /m/ID/\n", "text/plain; charset=utf-8");
      r.set(http::field::location, std::string(prefix) + "/" + std::string(target));
      return r;
    }
  }
  const auto path = web_path(context_.web_root, target);
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

template <class Stream>
void HttpSession<Stream>::on_write(beast::error_code ec, bool keep_alive) {
  timer_.cancel();
  response_.reset();
  if (ec || !keep_alive) return close();
  read_request();
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace tavle::net
