// issue 18: the server side of a TLS connection, with OpenSSL reading and writing the
// socket itself. Boost.Asio's ssl::stream keeps two 17 KB record buffers and a 17 KB
// BIO pair for the whole life of every connection: a heaptrack of 310 idle TLS
// connections of a `tavle server` put 52 KB of each one's 81 KB there
// (docs/performance.md, "Over TLS"), above the 50 KB an idle connection may cost.
// Here the only buffers are OpenSSL's own, released while idle
// (SSL_MODE_RELEASE_BUFFERS). Clients (net/ws_connection.cpp) keep Beast's ssl_stream:
// an app holds one connection, a server thousands.
//
// An AsyncStream for Beast's HTTP and WebSocket code: every operation first tries
// OpenSSL (which may answer from what it holds already), and waits for the socket
// only when OpenSSL asks for it. A read and a write may be outstanding together, as
// Beast's WebSocket stream has them; both run on the connection's one thread.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace tavle::net {

class TlsSocket {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;
  using next_layer_type = socket_type;
  using lowest_layer_type = socket_type;

  // A connected socket whose peer is to be greeted as a TLS server (async_handshake).
  // Throws std::bad_alloc when OpenSSL has no memory for the connection.
  TlsSocket(socket_type&& socket, boost::asio::ssl::context& context);
  TlsSocket(TlsSocket&&) noexcept = default;
  TlsSocket& operator=(TlsSocket&&) noexcept = default;

  executor_type get_executor() { return core_->socket.get_executor(); }
  socket_type& next_layer() { return core_->socket; }
  socket_type& lowest_layer() { return core_->socket; }

  // The server's handshake; the completion is void(error_code).
  template <class Handler>
  auto async_handshake(Handler&& handler) {
    return boost::asio::async_compose<Handler, void(boost::system::error_code)>(
        Op<Kind::Handshake, std::nullptr_t>{core_.get(), nullptr}, handler, core_->socket);
  }
  // At most the first non-empty buffer's size; the completion is void(error_code, std::size_t).
  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
        Op<Kind::Read, MutableBuffers>{core_.get(), buffers}, handler, core_->socket);
  }
  // Up to 16 KB of the buffers in one TLS record (a WebSocket frame's header and its
  // payload go together); the completion is void(error_code, std::size_t).
  template <class ConstBuffers, class Handler>
  auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
        Op<Kind::Write, ConstBuffers>{core_.get(), buffers}, handler, core_->socket);
  }
  // Sends the close_notify and waits for the peer's; the completion is void(error_code).
  template <class Handler>
  auto async_shutdown(Handler&& handler) {
    return boost::asio::async_compose<Handler, void(boost::system::error_code)>(
        Op<Kind::Shutdown, std::nullptr_t>{core_.get(), nullptr}, handler, core_->socket);
  }
  // One close_notify, without waiting (Beast's synchronous teardown).
  void shutdown_now();

 private:
  // Kept at one address for the connection's life: OpenSSL's BIO points at it.
  struct Core {
    explicit Core(socket_type&& s) : socket(std::move(s)) {}
    ~Core();  // frees the SSL (and its BIO): a moved-onto connection frees its own
    Core(const Core&) = delete;
    Core& operator=(const Core&) = delete;
    socket_type socket;
    SSL* ssl = nullptr;
    bool eof = false;     // the peer closed its side (BIO_CTRL_EOF)
    bool failed = false;  // a fatal error: OpenSSL may not be asked for a shutdown then
  };
  enum class Kind { Handshake, Read, Write, Shutdown };
  enum class Next { Done, WaitRead, WaitWrite };

  // One call of OpenSSL for `kind` on the non-blocking socket: Done with `ec` and
  // `n` set, or the socket readiness OpenSSL waits for.
  static Next attempt(Core& core, Kind kind, void* data, std::size_t size, std::size_t& n,
                      boost::system::error_code& ec);
  static constexpr std::size_t kMaxRecord = 16 * 1024;
  // OpenSSL reads and writes the socket through these (no buffer of their own).
  static BIO_METHOD* bio_method();
  static int bio_read(BIO* bio, char* out, int size);
  static int bio_write(BIO* bio, const char* in, int size);
  static long bio_control(BIO* bio, int command, long, void*);

  template <Kind K, class Buffers>
  struct Op {
    Core* core;
    Buffers buffers;
    bool started = false;
    bool done = false;  // OpenSSL answered at once: the completion waits for a post
    boost::system::error_code result = {};
    std::size_t transferred = 0;
    std::vector<unsigned char> flat = {};  // a write's buffers as one record; the same bytes on each try

    template <class Self>
    void operator()(Self& self, boost::system::error_code ec = {}) {
      if (done) return finish(self, result, transferred);
      const bool initiating = !started;
      if (initiating) {
        started = true;
        if constexpr (K == Kind::Write) flatten();
      } else if (ec) {
        return finish(self, ec, 0);  // the socket's wait failed (closed, cancelled)
      }
      // OpenSSL first: it may answer from what it holds. Only a wait goes to the
      // socket; an answer at once is posted, never completed inside the initiating call.
      void* data = nullptr;
      std::size_t size = 0;
      if constexpr (K == Kind::Read) {
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers); ++it)
          if (boost::asio::mutable_buffer b(*it); b.size() > 0) {
            data = b.data();
            size = b.size();
            break;
          }
      } else if constexpr (K == Kind::Write) {
        data = flat.data();
        size = flat.size();
      }
      std::size_t n = 0;
      switch (attempt(*core, K, data, size, n, ec)) {
        case Next::WaitRead: return core->socket.async_wait(socket_type::wait_read, std::move(self));
        case Next::WaitWrite: return core->socket.async_wait(socket_type::wait_write, std::move(self));
        case Next::Done: break;
      }
      if (!initiating) return finish(self, ec, n);  // after a wait: complete now
      done = true;
      result = ec;
      transferred = n;
      boost::asio::post(core->socket.get_executor(), std::move(self));
    }

    template <class Self>
    static void finish(Self& self, boost::system::error_code ec, std::size_t n) {
      if constexpr (K == Kind::Read || K == Kind::Write)
        self.complete(ec, n);
      else
        self.complete(ec);
    }

    void flatten() {
      for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers); ++it) {
        boost::asio::const_buffer b(*it);
        const std::size_t take = std::min(b.size(), kMaxRecord - flat.size());
        const auto* bytes = static_cast<const unsigned char*>(b.data());
        flat.insert(flat.end(), bytes, bytes + take);
        if (flat.size() == kMaxRecord) break;
      }
    }
  };

  std::unique_ptr<Core> core_;
};

// Beast's WebSocket closing handshake ends with these (found by argument-dependent lookup).
template <class Handler>
void async_teardown(boost::beast::role_type, TlsSocket& socket, Handler&& handler) {
  socket.async_shutdown(std::forward<Handler>(handler));
}
inline void teardown(boost::beast::role_type, TlsSocket& socket, boost::system::error_code& ec) {
  socket.shutdown_now();
  ec = {};
}

}  // namespace tavle::net
