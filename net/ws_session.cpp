#include "net/ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <cstdio>

#include "net/http_session.hpp"

namespace tavle::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

// Errors that are part of normal life: the peer left (over TLS often without a
// close_notify: a closed tab, a dropped Wi-Fi), or we closed.
bool expected(beast::error_code ec) {
  return ec == websocket::error::closed || ec == boost::asio::error::operation_aborted ||
         ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset ||
         ec == beast::error::timeout || ec == boost::asio::error::broken_pipe ||
         ec == boost::asio::ssl::error::stream_truncated;
}

}  // namespace

template <class Stream>
WsSession<Stream>::WsSession(Stream&& stream, SessionContext& context, std::string address, bool family_only,
                             Routed routed)
    : ws_(std::move(stream)),
      context_(context),
      address_(std::move(address)),
      family_only_(family_only),
      meeting_(routed.meeting),
      hold_(std::move(routed.hold)),
      refusal_(std::move(routed.refusal)),
      desk_(std::move(routed.desk)),
      timer_(ws_.get_executor()) {}

template <class Stream>
void WsSession<Stream>::run(beast::http::request<beast::http::string_body> request) {
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = context_.limits.hello_timeout;
  timeouts.idle_timeout = context_.limits.idle_timeout;
  timeouts.keep_alive_pings = true;  // a ping after half the idle time; no answer closes
  ws_.set_option(timeouts);
  ws_.read_message_max(context_.limits.max_frame_bytes);
  ws_.text(true);
  ws_.auto_fragment(false);
  ws_.async_accept(request, [self = this->shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

template <class Stream>
void WsSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) return finish(ec);
  timer_.expires_after(context_.limits.hello_timeout);
  timer_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->finished_ || self->closing_ || self->asked_ ||
        (self->meeting_ && (self->meeting_->joined(*self) || self->meeting_->waiting(*self))))
      return;
    self->deliver(encode_error("not_joined", "no hello within the time allowed", true));
    self->close_after_flush();
  });
  read_next();
}

template <class Stream>
void WsSession<Stream>::read_next() {
  ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void WsSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec) return finish(ec);
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    if (desk_) return read_next();
    if (!meeting_) refuse_no_meeting();
    else meeting_->binary_frame(*this);
    return read_next();
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  if (closing_) return read_next();  // drain until the close handshake ends
  if (desk_) {
    if (!asked_) ask_desk(std::move(text));
    return read_next();  // one request per connection: later frames are drained
  }
  if (!meeting_) {
    refuse_no_meeting();
    return read_next();
  }
  const auto delay = meeting_->joined(*this) ? std::chrono::milliseconds(0) : meeting_->join_delay(address_);
  if (delay.count() == 0) return handle(std::move(text));
  timer_.expires_after(delay);
  timer_.async_wait([self = this->shared_from_this(), text = std::move(text)](beast::error_code ec) mutable {
    if (!ec && !self->finished_) self->handle(std::move(text));
  });
}

// issue 18 (net/desk.hpp): the desk answers once, perhaps after the store was asked
// on the server's loader thread; a connection gone by then is simply not answered.
template <class Stream>
void WsSession<Stream>::ask_desk(std::string text) {
  asked_ = true;
  constexpr bool encrypted = std::is_same_v<Stream, TlsStream>;
  desk_->ask(text, address_, encrypted, [weak = this->weak_from_this()](Frame answer) {
    auto self = weak.lock();
    if (!self || self->finished_) return;
    self->deliver(answer);
    self->close_after_flush();
  });
}

template <class Stream>
void WsSession<Stream>::handle(std::string text) { pause_then_read(meeting_->receive(*this, text)); }

// The upgrade's path named no meeting this server has (docs/protocol.md, "One server,
// many meetings"): one answer for every such path, whatever meetings exist; or the
// meeting is hosted by another server now (`meeting_elsewhere`).
template <class Stream>
void WsSession<Stream>::refuse_no_meeting() {
  deliver(refusal_ ? refusal_
                   : encode_error("unknown_meeting", "there is no meeting at this address; check the meeting's link",
                                  true));
  close_after_flush();
}

// Over its budget: nothing is lost, the rest of its frame and its next frames are
// simply read later; meanwhile this connection costs the host nothing.
template <class Stream>
void WsSession<Stream>::pause_then_read(std::chrono::milliseconds pause) {
  if (pause.count() == 0 && !meeting_->has_backlog(*this)) return read_next();
  timer_.expires_after(pause);
  timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec || self->finished_) return;
    if (self->closing_ || !self->meeting_->has_backlog(*self)) return self->read_next();
    self->pause_then_read(self->meeting_->resume(*self));
  });
}

template <class Stream>
void WsSession<Stream>::deliver(const Frame& frame) {
  if (closing_ || finished_) return;
  queue_.push_back(frame);
  queued_bytes_ += frame->size();
  // The desk's one answer (a long family list) is never dropped for a snapshot.
  if (!desk_ && (queue_.size() > context_.limits.max_queue_messages || queued_bytes_ > context_.limits.max_queue_bytes)) {
    // Too far behind: what is queued is stale anyway; one snapshot replaces it all.
    queue_.clear();
    queue_.push_back(meeting_ ? meeting_->resync(*this) : encode_error("unknown_meeting", "no meeting", true));
    queued_bytes_ = queue_.back()->size();
  }
  if (writing_ || flush_posted_) return;
  // Write once the current handler is done, so that everything it delivers
  // (a client's array of ops, a batch from the journal) leaves in one frame.
  flush_posted_ = true;
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    self->flush_posted_ = false;
    if (!self->writing_ && !self->queue_.empty() && !self->finished_) self->write_queued();
  });
}

template <class Stream>
void WsSession<Stream>::write_queued() {
  constexpr std::size_t kBatchBytes = 64 * 1024;  // bounds each connection's write buffer
  if (queue_.size() == 1 || queue_.front()->size() >= kBatchBytes) {
    current_ = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= current_->size();
    writing_ = true;
    ws_.async_write(boost::asio::buffer(*current_),
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
    return;
  }
  // One contiguous array frame: copying a few hundred bytes per message is far
  // cheaper than handing the socket thousands of small buffers.
  const std::size_t taken =
      gather_array_frame(queue_, batch_, queue_.size(), kBatchBytes, [](const Frame& f) -> const std::string& { return *f; });
  queued_bytes_ -= batch_.size() - 1 - taken;  // "[" + the messages + a comma between each + "]"
  writing_ = true;
  ws_.async_write(boost::asio::buffer(batch_),
                  [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

template <class Stream>
void WsSession<Stream>::on_write(beast::error_code ec) {
  writing_ = false;
  current_.reset();
  // A batch that held a welcome's snapshot is not kept for the connection's whole
  // life: fifty quiet connections each holding their largest batch (up to 128 KB
  // of capacity, growing with the board) made the host's memory grow all meeting
  // long (docs/reliability.md, "Soak"). Small batches keep their buffer.
  constexpr std::size_t kKeptBatchCapacity = 4 * 1024;
  if (batch_.capacity() > kKeptBatchCapacity) std::string().swap(batch_);
  if (ec) return finish(ec);
  if (!queue_.empty()) return write_queued();
  if (closing_) close_now();
}

template <class Stream>
void WsSession<Stream>::close_after_flush() {
  if (closing_ || finished_) return;
  closing_ = true;
  if (!writing_ && queue_.empty()) close_now();
}

template <class Stream>
void WsSession<Stream>::close_now() {
  if (closed_) return;
  closed_ = true;
  ws_.async_close(websocket::close_code::normal, [self = this->shared_from_this()](beast::error_code) {});
}

template <class Stream>
void WsSession<Stream>::finish(beast::error_code ec) {
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  if (ec && !expected(ec) && ec != websocket::error::message_too_big)
    std::fprintf(stderr, "tavle host: connection closed: %s\n", ec.message().c_str());
  if (meeting_) meeting_->leave(*this);
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  meeting_ = nullptr;  // never touched again: the server may now unload it
  hold_.reset();
}

template class WsSession<PlainStream>;
template class WsSession<TlsStream>;

}  // namespace tavle::net
