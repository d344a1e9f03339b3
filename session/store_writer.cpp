#include "session/store_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

namespace tavle::session {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<store::StoredRejoinToken> stored_from(const net::RejoinTokens& tokens) {
  std::vector<store::StoredRejoinToken> out;
  for (const auto& [token, grant] : tokens)
    out.push_back({token, grant.participant_id, std::string(net::name_of(grant.role))});
  return out;
}

// Failures that pass: SQLite locked by another writer, a connection cut (PostgreSQL
// restarted, a network blip), a store that cannot be opened just now.
bool passing(const Error& e) { return e.code == "busy" || e.code == "io" || e.code == "cannot_open"; }

}  // namespace

StoreWriter::StoreWriter(StorePlace place, net::SecurityLogSink security_log, std::size_t max_pending_joins)
    : place_(std::move(place)), security_log_(std::move(security_log)), max_pending_joins_(max_pending_joins) {
  thread_ = std::thread([this] { run(); });
}

StoreWriter::~StoreWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    stop_deadline_ = Clock::now() + kRetryWindow;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t StoreWriter::enqueue(Kind kind, const std::string& meeting_id) {
  const std::uint64_t ticket = next_ticket_++;
  last_ticket_[meeting_id] = ticket;
  queue_.push_back(Item{kind, meeting_id, ticket, {}, {}});
  return ticket;
}

void StoreWriter::record_access(const std::string& meeting_id, store::AccessEntry entry, const std::string& address) {
  {
    std::lock_guard lock(mutex_);
    if (pending_joins_ < max_pending_joins_) {
      ++pending_joins_;
      enqueue(Kind::Access, meeting_id);
      queue_.back().entry = std::move(entry);
      queue_.back().address = address;
      wake_.notify_one();
      return;
    }
    ++counts_.not_written;
  }
  not_written(Item{Kind::Access, meeting_id, 0, std::move(entry), address},
              Error{"full", std::to_string(max_pending_joins_) + " entries wait for the store already"});
}

void StoreWriter::save_rejoin_tokens(const std::string& meeting_id, net::RejoinTokens tokens) {
  std::lock_guard lock(mutex_);
  Newest& newest = newest_[meeting_id];
  const bool queued = newest.tokens.has_value();  // its item is queued: it writes this set
  newest.tokens = std::move(tokens);
  if (queued) return;
  enqueue(Kind::Tokens, meeting_id);
  wake_.notify_one();
}

void StoreWriter::replace_room_codes(const std::string& meeting_id, std::string join_code,
                                     std::string professional_code) {
  std::lock_guard lock(mutex_);
  Newest& newest = newest_[meeting_id];
  const bool queued = newest.codes.has_value();
  newest.codes = store::MeetingCodes{std::move(join_code), std::move(professional_code), ""};
  if (queued) return;
  enqueue(Kind::Codes, meeting_id);
  wake_.notify_one();
}

void StoreWriter::flush(const std::string& meeting_id) {
  std::unique_lock lock(mutex_);
  auto it = last_ticket_.find(meeting_id);
  if (it == last_ticket_.end()) return;
  const std::uint64_t ticket = it->second;
  done_.wait(lock, [&] { return done_ticket_ >= ticket; });
}

void StoreWriter::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = next_ticket_ - 1;
  done_.wait(lock, [&] { return done_ticket_ >= ticket; });
}

bool StoreWriter::pending(const std::string& meeting_id) const {
  std::lock_guard lock(mutex_);
  return last_ticket_.count(meeting_id) > 0;
}

StoreWriter::Counts StoreWriter::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void StoreWriter::run() {
  // Connected from the start, so the host's files and connections are all there once
  // it runs; a store that cannot be opened now is tried again at the first write.
  if (open_store(place_, store_)) store_.reset();
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is written
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    write(item);
    std::lock_guard lock(mutex_);
    done_ticket_ = item.ticket;
    if (item.kind == Kind::Access) --pending_joins_;
    if (auto it = last_ticket_.find(item.meeting_id); it != last_ticket_.end() && it->second == item.ticket)
      last_ticket_.erase(it);
    done_.notify_all();
  }
}

void StoreWriter::write(Item& item) {
  // The newest tokens or codes now: a set that came while this item waited is in it.
  std::optional<net::RejoinTokens> tokens;
  std::optional<store::MeetingCodes> codes;
  {
    std::lock_guard lock(mutex_);
    auto it = newest_.find(item.meeting_id);
    if (item.kind == Kind::Tokens && it != newest_.end()) tokens = std::exchange(it->second.tokens, std::nullopt);
    if (item.kind == Kind::Codes && it != newest_.end()) codes = std::exchange(it->second.codes, std::nullopt);
    if (it != newest_.end() && !it->second.tokens && !it->second.codes) newest_.erase(it);
  }
  if ((item.kind == Kind::Tokens && !tokens) || (item.kind == Kind::Codes && !codes)) return;
  const Clock::time_point started = Clock::now();
  auto wait = std::chrono::milliseconds(20);
  for (;;) {
    std::optional<Error> e = write_once(item, tokens ? &*tokens : nullptr, codes ? &*codes : nullptr);
    if (!e) {
      std::lock_guard lock(mutex_);
      ++(item.kind == Kind::Access ? counts_.access_written
                                   : item.kind == Kind::Tokens ? counts_.tokens_written : counts_.codes_written);
      return;
    }
    store_.reset();  // made anew for the next try or the next write
    Clock::time_point until = started + kRetryWindow;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) until = std::min(until, stop_deadline_);  // shutdown is bounded in all
    }
    if (!passing(*e) || Clock::now() + wait > until) {
      {
        std::lock_guard lock(mutex_);
        ++counts_.not_written;
      }
      return not_written(item, *e);
    }
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(1000));
  }
}

std::optional<Error> StoreWriter::write_once(Item& item, const net::RejoinTokens* tokens,
                                             const store::MeetingCodes* codes) {
  if (!store_)
    if (auto e = open_store(place_, store_)) {
      store_.reset();
      return Error{"cannot_open", e->message};
    }
  if (item.kind == Kind::Access) return store_->record_access(item.entry);
  if (item.kind == Kind::Tokens) return store_->save_rejoin_tokens(item.meeting_id, stored_from(*tokens));
  return store_->replace_room_codes(item.meeting_id, codes->join_code, codes->professional_code);
}

void StoreWriter::not_written(const Item& item, const Error& e) {
  if (item.kind == Kind::Tokens) {
    std::fprintf(stderr, "tavle: could not keep the rejoin tokens of meeting %s: %s\n", item.meeting_id.c_str(),
                 e.message.c_str());
    return;
  }
  if (item.kind == Kind::Codes) {
    std::fprintf(stderr, "tavle: could not keep the new codes of meeting %s: %s\n", item.meeting_id.c_str(),
                 e.message.c_str());
    return;
  }
  // Which entry is missing from the access log, without the person's name (the
  // security log never holds names): the meeting and participant, the role (the
  // actor's "(role)"), the time it happened (ms since 1970) and the address.
  const std::string& actor = item.entry.actor;
  const auto open = actor.rfind('(');
  const std::string role = open == std::string::npos ? "" : actor.substr(open + 1, actor.size() - open - 2);
  const std::string detail = item.entry.detail.substr(0, item.entry.detail.find(" from=")) + " action=" +
                             item.entry.action + " role=" + role + " at=" + std::to_string(item.entry.at) +
                             " reason=" + e.code;
  std::fprintf(stderr, "tavle: could not record a join in the access log (%s): %s from=%s\n", e.message.c_str(),
               detail.c_str(), item.address.c_str());
  if (security_log_) security_log_(net::security_line("access_log_entry_not_written", item.address, detail));
}

}  // namespace tavle::session
