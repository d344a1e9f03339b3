#include "net/tls_socket.hpp"

#include <openssl/err.h>
#include <sys/socket.h>

#include <boost/asio/ssl/error.hpp>
#include <cerrno>
#include <new>

namespace tavle::net {

namespace {

bool would_block() { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR; }

}  // namespace

// [SECTION] the BIO: OpenSSL on the socket itself

int TlsSocket::bio_read(BIO* bio, char* out, int size) {
  BIO_clear_retry_flags(bio);
  auto* core = static_cast<Core*>(BIO_get_data(bio));
  const ssize_t n = ::recv(core->socket.native_handle(), out, static_cast<std::size_t>(size), 0);
  if (n > 0) return static_cast<int>(n);
  if (n == 0) {
    core->eof = true;
    return 0;
  }
  if (would_block()) BIO_set_retry_read(bio);
  return -1;
}

int TlsSocket::bio_write(BIO* bio, const char* in, int size) {
  BIO_clear_retry_flags(bio);
  auto* core = static_cast<Core*>(BIO_get_data(bio));
  // MSG_NOSIGNAL: a peer gone is an error here, never SIGPIPE, whatever the process
  // does with the signal (Boost.Asio's io_context ignores it; an embedder may not).
  const ssize_t n = ::send(core->socket.native_handle(), in, static_cast<std::size_t>(size), MSG_NOSIGNAL);
  if (n >= 0) return static_cast<int>(n);
  if (would_block()) BIO_set_retry_write(bio);
  return -1;
}

long TlsSocket::bio_control(BIO* bio, int command, long, void*) {
  switch (command) {
    case BIO_CTRL_FLUSH: return 1;  // nothing is buffered here
    case BIO_CTRL_EOF: return static_cast<Core*>(BIO_get_data(bio))->eof ? 1 : 0;
    default: return 0;
  }
}

BIO_METHOD* TlsSocket::bio_method() {
  static BIO_METHOD* const made = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tavle socket");
    if (!m) return m;
    BIO_meth_set_read(m, &TlsSocket::bio_read);
    BIO_meth_set_write(m, &TlsSocket::bio_write);
    BIO_meth_set_ctrl(m, &TlsSocket::bio_control);
    BIO_meth_set_create(m, [](BIO* bio) {
      BIO_set_init(bio, 1);
      return 1;
    });
    return m;
  }();
  return made;
}

// [SECTION] the connection

TlsSocket::TlsSocket(socket_type&& socket, boost::asio::ssl::context& context)
    : core_(std::make_unique<Core>(std::move(socket))) {
  core_->socket.non_blocking(true);
  core_->ssl = SSL_new(context.native_handle());
  BIO_METHOD* method = bio_method();
  BIO* bio = core_->ssl && method ? BIO_new(method) : nullptr;
  if (!bio) {
    throw std::bad_alloc();  // the Core frees the SSL
  }
  BIO_set_data(bio, core_.get());
  SSL_set_bio(core_->ssl, bio, bio);  // the SSL owns it
  SSL_set_mode(core_->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                               SSL_MODE_RELEASE_BUFFERS);
  SSL_set_accept_state(core_->ssl);
}

TlsSocket::Core::~Core() { SSL_free(ssl); }

void TlsSocket::shutdown_now() {
  if (core_->failed) return;
  ERR_clear_error();
  SSL_shutdown(core_->ssl);
  ERR_clear_error();
}

TlsSocket::Next TlsSocket::attempt(Core& core, Kind kind, void* data, std::size_t size, std::size_t& n,
                                   boost::system::error_code& ec) {
  n = 0;
  ec = {};
  if ((kind == Kind::Read || kind == Kind::Write) && size == 0) return Next::Done;
  if (kind == Kind::Shutdown && core.failed) return Next::Done;
  ERR_clear_error();
  int result = 0;
  switch (kind) {
    case Kind::Handshake: result = SSL_do_handshake(core.ssl); break;
    case Kind::Read: result = SSL_read_ex(core.ssl, data, size, &n); break;
    case Kind::Write: result = SSL_write_ex(core.ssl, data, size, &n); break;
    case Kind::Shutdown:
      result = SSL_shutdown(core.ssl);
      if (result == 0) result = SSL_shutdown(core.ssl);  // ours is sent: now the peer's
      break;
  }
  if (result == 1) return Next::Done;
  const int error = SSL_get_error(core.ssl, result);
  const int saved_errno = errno;
  const unsigned long queued = ERR_get_error();
  ERR_clear_error();
  n = 0;
  switch (error) {
    case SSL_ERROR_WANT_READ: return Next::WaitRead;
    case SSL_ERROR_WANT_WRITE: return Next::WaitWrite;
    case SSL_ERROR_ZERO_RETURN: ec = boost::asio::error::eof; return Next::Done;  // the peer's close_notify
    case SSL_ERROR_SYSCALL:
      core.failed = true;
      if (queued == 0 && (saved_errno == 0 || core.eof)) ec = boost::asio::ssl::error::stream_truncated;
      else if (queued == 0) ec = boost::system::error_code(saved_errno, boost::system::system_category());
      else ec = boost::system::error_code(static_cast<int>(queued), boost::asio::error::get_ssl_category());
      return Next::Done;
    default:
      core.failed = true;
      // OpenSSL 3 says a peer that closed without close_notify this way.
      if (ERR_GET_REASON(queued) == SSL_R_UNEXPECTED_EOF_WHILE_READING) ec = boost::asio::ssl::error::stream_truncated;
      else if (queued == 0) ec = boost::asio::error::fault;  // a stop with nothing queued is never success
      else ec = boost::system::error_code(static_cast<int>(queued), boost::asio::error::get_ssl_category());
      return Next::Done;
  }
}

}  // namespace tavle::net
