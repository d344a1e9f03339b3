#include "net/discovery.hpp"

#include "board/text.hpp"
#include "net/fingerprint.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace tavle::net {

namespace asio = boost::asio;
using asio::ip::udp;
using nlohmann::json;

namespace {

// Control characters would garble the home screen's list: they become spaces.
std::string printable(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return text;
}

}  // namespace

std::string announcement_json(const Announcement& a) {
  json out{{"tavle", kAnnouncementVersion},
           {"port", a.port},
           {"name", cut_utf8(a.name, kMaxAnnouncedNameBytes)},
           {"id", cut_utf8(a.id, kMaxAnnouncedIdBytes)}};
  if (!a.fingerprint.empty()) out["fingerprint"] = a.fingerprint;
  // replace: a name that is not valid UTF-8 must not throw on the host's thread.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Announcement> parse_announcement(std::string_view datagram) {
  if (datagram.size() > kMaxAnnouncementBytes) return std::nullopt;
  const json in = json::parse(datagram.begin(), datagram.end(), nullptr, false);
  if (!in.is_object()) return std::nullopt;
  const auto version = in.find("tavle");
  const auto port = in.find("port");
  const auto name = in.find("name");
  const auto id = in.find("id");
  if (version == in.end() || !version->is_number_integer() || version->get<long long>() != kAnnouncementVersion)
    return std::nullopt;
  if (port == in.end() || !port->is_number_integer()) return std::nullopt;
  const long long port_number = port->get<long long>();
  if (port_number < 1 || port_number > 65535) return std::nullopt;
  if (name == in.end() || !name->is_string() || id == in.end() || !id->is_string()) return std::nullopt;
  Announcement out;
  out.port = static_cast<unsigned short>(port_number);
  out.name = printable(name->get<std::string>());
  out.id = id->get<std::string>();
  if (out.id.empty() || out.id.size() > kMaxAnnouncedIdBytes || out.name.size() > kMaxAnnouncedNameBytes)
    return std::nullopt;
  if (const auto fp = in.find("fingerprint"); fp != in.end()) {
    const auto normal = fp->is_string() ? normalise_fingerprint(fp->get<std::string>()) : std::nullopt;
    if (!normal) return std::nullopt;
    out.fingerprint = *normal;
  }
  return out;
}

std::string machine_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "Tavle";
  return name;
}

bool announces_on(const std::string& listen_address) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(listen_address, ec);
  return !ec && !address.is_loopback();
}

// [Announcer] ----------------------------------------------------------------

Announcer::Announcer(asio::io_context& io, Announcement announcement, AnnounceConfig config)
    : io_(io), config_(std::move(config)), datagram_(announcement_json(announcement)), socket_(io), timer_(io) {}

std::optional<Error> Announcer::start() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config_.destination, ec);
  if (ec) return Error{"invalid", "announce destination \"" + config_.destination + "\": " + ec.message()};
  destination_ = udp::endpoint(address, config_.destination_port);
  socket_.open(destination_.protocol(), ec);
  if (!ec) socket_.set_option(asio::socket_base::broadcast(true), ec);
  if (ec) return Error{"io", "cannot open a UDP socket to announce the meeting: " + ec.message()};
  asio::post(io_, [self = shared_from_this()] { self->send_next(); });
  return std::nullopt;
}

void Announcer::stop() {
  stopped_ = true;
  boost::system::error_code ignored;
  timer_.cancel();
  socket_.close(ignored);
}

void Announcer::report_once(const std::string& what) {
  if (reported_) return;
  reported_ = true;
  std::fprintf(stderr, "tavle host: cannot announce the meeting on the LAN (%s); it can still be joined by its address\n",
               what.c_str());
}

void Announcer::send_next() {
  if (stopped_) return;
  auto self = shared_from_this();
  socket_.async_send_to(asio::buffer(datagram_), destination_, [self](boost::system::error_code ec, std::size_t) {
    if (ec && !self->stopped_) self->report_once(ec.message());
  });
  timer_.expires_after(config_.interval);
  timer_.async_wait([self](boost::system::error_code ec) {
    if (!ec) self->send_next();
  });
}

// [DiscoveryListener] --------------------------------------------------------

DiscoveryListener::DiscoveryListener(DiscoveryConfig config, std::function<void()> on_change)
    : config_(std::move(config)), on_change_(std::move(on_change)), socket_(io_), prune_timer_(io_) {}

DiscoveryListener::~DiscoveryListener() { stop(); }

std::optional<Error> DiscoveryListener::start() {
  if (running_) return std::nullopt;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config_.address, ec);
  if (ec) return Error{"invalid", "address \"" + config_.address + "\": " + ec.message()};
  const udp::endpoint endpoint(address, config_.port);
  socket_.open(endpoint.protocol(), ec);
  // Several apps on one machine each hear every broadcast.
  if (!ec) socket_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) socket_.bind(endpoint, ec);
  if (ec) {
    boost::system::error_code ignored;
    socket_.close(ignored);
    return Error{"io", "cannot listen for meetings on this network (UDP port " + std::to_string(config_.port) +
                           "): " + ec.message()};
  }
  bound_port_ = socket_.local_endpoint(ec).port();
  running_ = true;
  receive_next();
  prune_later();
  thread_ = std::thread([this] { io_.run(); });
  return std::nullopt;
}

void DiscoveryListener::stop() {
  if (!running_) return;
  running_ = false;
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    socket_.close(ignored);
    prune_timer_.cancel();
  });
  thread_.join();
}

std::vector<FoundMeeting> DiscoveryListener::meetings() const {
  std::vector<FoundMeeting> out;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (const auto& [key, heard] : heard_)
      if (now - heard.last < config_.expiry) out.push_back(heard.meeting);
  }
  std::sort(out.begin(), out.end(), [](const FoundMeeting& a, const FoundMeeting& b) {
    return std::tie(a.name, a.address, a.port, a.id) < std::tie(b.name, b.address, b.port, b.id);
  });
  return out;
}

void DiscoveryListener::receive_next() {
  socket_.async_receive_from(asio::buffer(buffer_), sender_, [this](boost::system::error_code ec, std::size_t bytes) {
    if (ec == asio::error::operation_aborted || !socket_.is_open()) return;
    if (!ec) on_datagram(bytes);
    receive_next();  // a bad datagram or a transient error (e.g. ICMP refused) never stops listening
  });
}

void DiscoveryListener::on_datagram(std::size_t bytes) {
  if (bytes > kMaxAnnouncementBytes) return;
  const auto announcement = parse_announcement(std::string_view(buffer_.data(), bytes));
  if (!announcement) return;
  FoundMeeting found{sender_.address().to_string(), announcement->port, announcement->name, announcement->id,
                     announcement->fingerprint};
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    auto& heard = heard_[Key{found.address, found.port, found.id}];
    changed = heard.meeting.name != found.name || heard.meeting.fingerprint != found.fingerprint || heard.meeting.port == 0;
    heard.meeting = std::move(found);
    heard.last = Clock::now();
  }
  if (changed && on_change_) on_change_();
}

// Drops meetings not heard within the expiry; checks four times per expiry.
void DiscoveryListener::prune_later() {
  prune_timer_.expires_after(std::max(config_.expiry / 4, std::chrono::milliseconds(20)));
  prune_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      const auto now = Clock::now();
      changed = std::erase_if(heard_, [&](const auto& entry) { return now - entry.second.last >= config_.expiry; }) > 0;
    }
    if (changed && on_change_) on_change_();
    prune_later();
  });
}

}  // namespace tavle::net
