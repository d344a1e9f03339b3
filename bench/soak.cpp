// The soak (docs/reliability.md): one durable meeting (`tavle host --data`) with
// N native clients (net::Client, what the app uses) behind a fault-injecting TCP
// relay, for a given time, with the host killed by SIGKILL and restarted on the
// same data and port K times. Clients work at meeting pace with bursts, leave and
// rejoin; the relay delays traffic, drops connections, pauses one (a tablet
// asleep) and cuts the network in the middle of frames. At the end it checks and
// prints: every acknowledged op is in the journal exactly once, every replica's
// state hash equals the host's view for it, host RSS per host run, fds and
// threads back to baseline, p99 acknowledgement latency per minute.
//   soak TAVLE [--clients 50] [--seconds 600] [--kills 2] [--pause-seconds 30] [--seed 1] [--board-cards 0]
// Exit status 0 when every check passed.
// [SECTION] the host and its samples
// [SECTION] the people
// [SECTION] faults
// [SECTION] the run
// [SECTION] checks and the report
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "board/hash.hpp"
#include "board/text.hpp"
#include "net/client.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/store.hpp"
#include "tests/support/random_ops.hpp"
#include "probe/host_process.hpp"
#include "tests/web/tcp_relay.hpp"

namespace {

using namespace tavle;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Options {
  std::string tavle;
  int clients = 50;
  int seconds = 600;
  int kills = 2;
  int pause_seconds = 30;
  std::uint64_t seed = 1;
  // 0: the op mix adds cards and participants all the time (the board ends some
  // fifteen times a real meeting's). N: no card is added once the board has N, and
  // no participant beyond the clients and 20 more: a board of a meeting's size,
  // so the host's memory after warm-up shows what is not the board's data.
  int board_cards = 0;
};

// [SECTION] the host and its samples

long status_field(pid_t pid, const char* name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::string key = std::string(name) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {  // "VmRSS:\t  12345 kB": the number, without its unit
      const auto from = line.find_first_of("0123456789", key.size());
      if (from == std::string::npos) return -1;
      return parse_number(std::string_view(line).substr(from, line.find_first_not_of("0123456789", from) - from), 0,
                          std::numeric_limits<long>::max())
          .value_or(-1);
    }
  return -1;
}

long open_fds(pid_t pid) {
  long n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}

// What a process's descriptors point at ("socket:[123]", files), for a report on a leak.
std::map<std::string, int> fd_kinds(pid_t pid) {
  std::map<std::string, int> kinds;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::string target = std::filesystem::read_symlink(it->path(), ec).string();
    if (target.rfind("socket:", 0) == 0) target = "socket";
    ++kinds[target];
  }
  return kinds;
}

struct HostRun {  // one life of the host process, between start and kill
  std::vector<long> rss_kb;  // one sample a second
};

// [SECTION] the people

// How a soak client joins. The one place that knows the join flow, so a change to
// it (admission by the facilitator, rejoin tokens) is made here.
constexpr const char* kProfessionalCode = "424242424242";  // shown only to the facilitator (issue 12)

net::JoinParams join_params(int index, unsigned short port, const std::string& code, const std::string& fingerprint) {
  net::JoinParams p;
  p.port = port;
  p.fingerprint = fingerprint;  // through the relay, the host is still the one pinned
  p.code = code;
  p.professional_code = kProfessionalCode;
  p.name = "Deltager " + std::to_string(index);
  p.role = net::Role::Professional;
  p.client_id = "soak" + std::to_string(index);
  return p;
}

struct Person {
  int index = 0;
  std::unique_ptr<net::Client> client = std::make_unique<net::Client>();
  std::unique_ptr<testing::RandomOps> ops;
  net::JoinParams params;
  bool away = false;
  Clock::time_point back_at;
  std::deque<Clock::time_point> in_flight;  // submit times of ops not yet answered, oldest first
  std::set<std::string> submitted, rejected;
  std::size_t refused_locally = 0;
};

// Whether `op` would grow the board past a meeting's size (Options::board_cards).
bool past_cap(const Op& op, const Board& b, const Options& o) {
  if (o.board_cards <= 0) return false;
  if (op.kind == OpKind::AddCard) return b.cards.size() >= static_cast<std::size_t>(o.board_cards);
  if (op.kind == OpKind::AddParticipant) return b.participants.size() >= static_cast<std::size_t>(o.clients + 20);
  return false;
}

// One op from this person: made against what they see, sent through their client.
void act(Person& p, Clock::time_point now, const Options& o) {
  const std::string author = p.client->participant_id();
  if (author.empty()) return;  // not joined yet: nothing to act as
  const auto view = p.client->view();
  Op op = p.ops->next(*view, author);
  for (int again = 0; again < 20 && past_cap(op, *view, o); ++again) op = p.ops->next(*view, author);
  if (past_cap(op, *view, o)) return;
  op.id = p.client->next_op_id();
  op.author = author;
  if (p.client->submit(op)) {
    ++p.refused_locally;
    return;
  }
  p.submitted.insert(op.id);
  p.in_flight.push_back(now);
}

// The host answers one connection's ops in order, so when a client's unsent count
// falls from k to j its k-j oldest ops were answered (acked or rejected) now.
void note_answers(Person& p, Clock::time_point now, std::vector<double>& latencies_ms) {
  const std::size_t unsent = p.client->status().unsent;
  while (p.in_flight.size() > unsent) {
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - p.in_flight.front()).count());
    p.in_flight.pop_front();
  }
  for (const net::ClientEvent& e : p.client->take_events())
    if (e.kind == net::ClientEvent::Kind::Rejected) p.rejected.insert(e.op_id);
}

// [SECTION] faults

struct FaultCounts {
  int drops = 0, pauses = 0, mid_frame_cuts = 0, delay_spells = 0, leaves = 0, kills = 0;
};

// Every few seconds one fault on a random connection; now and then a minute of delay.
void maybe_fault(webtest::TcpRelay& relay, std::mt19937_64& rng, const Options& o, FaultCounts& f,
                 Clock::time_point now, Clock::time_point& next_fault, Clock::time_point& delay_until) {
  if (delay_until != Clock::time_point{} && now >= delay_until) {
    relay.set_delay(milliseconds(0));
    delay_until = {};
  }
  if (now < next_fault) return;
  next_fault = now + milliseconds(2000 + rng() % 4000);
  switch (rng() % 5) {
    case 0: f.drops += relay.drop_connection(rng()); break;
    case 1: f.mid_frame_cuts += relay.cut_mid_frame(rng()); break;
    case 2: f.pauses += relay.pause_connection(rng(), seconds(o.pause_seconds)); break;
    case 3:
      if (delay_until == Clock::time_point{}) {
        relay.set_delay(milliseconds(20 + rng() % 80));  // a busy Wi-Fi: 20-100 ms each way
        delay_until = now + seconds(10);
        ++f.delay_spells;
      }
      break;
    default: break;  // a quiet spell
  }
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

// [SECTION] the run

int main(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::fprintf(stderr, "usage: soak TAVLE [--clients N] [--seconds S] [--kills K] [--pause-seconds P] [--seed N] [--board-cards N]\n");
    return 2;
  }
  o.tavle = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const long value = std::atol(argv[i + 1]);
    if (name == "--clients") o.clients = static_cast<int>(value);
    else if (name == "--seconds") o.seconds = static_cast<int>(value);
    else if (name == "--kills") o.kills = static_cast<int>(value);
    else if (name == "--pause-seconds") o.pause_seconds = static_cast<int>(value);
    else if (name == "--seed") o.seed = static_cast<std::uint64_t>(value);
    else if (name == "--board-cards") o.board_cards = static_cast<int>(value);
    else return std::fprintf(stderr, "soak: unknown option %s\n", name.c_str()), 2;
  }
  const std::filesystem::path data = std::filesystem::temp_directory_path() / ("tavle-soak-" + std::to_string(getpid()));
  std::filesystem::create_directories(data);
  const std::string code = "4242424242";
  const std::vector<std::string> host_args = {"--data", data.string(), "--tls", "--professional-code", kProfessionalCode,
                                              "--op-rate", "0", "--no-announce",
                                              "--max-clients", std::to_string(o.clients + 20)};
  auto host = std::make_unique<probe::HostProcess>(o.tavle, code, std::filesystem::temp_directory_path().string(), host_args);
  const unsigned short port = host->port();
  std::this_thread::sleep_for(seconds(1));
  const long baseline_fds = open_fds(host->pid()), baseline_threads = status_field(host->pid(), "Threads");
  const long baseline_rss = status_field(host->pid(), "VmRSS");
  webtest::TcpRelay relay(port);

  std::mt19937_64 rng(o.seed);
  std::vector<Person> people(static_cast<std::size_t>(o.clients));
  for (int i = 0; i < o.clients; ++i) {
    Person& p = people[static_cast<std::size_t>(i)];
    p.index = i;
    p.ops = std::make_unique<testing::RandomOps>(o.seed * 1000 + static_cast<std::uint64_t>(i), "soak" + std::to_string(i));
    p.params = join_params(i, relay.port(), code, host->fingerprint());
    p.client->connect(p.params);
  }
  // Everyone joins before the clock starts; a join that cannot succeed (a wrong
  // host, a relay that cannot carry TLS) stops the soak at once and says why.
  const auto joins_until = Clock::now() + seconds(60);
  auto joined = [&] {
    return std::all_of(people.begin(), people.end(), [](const Person& p) { return !p.client->participant_id().empty(); });
  };
  while (!joined() && Clock::now() < joins_until) std::this_thread::sleep_for(milliseconds(100));
  if (!joined()) {
    std::map<std::string, int> why;
    for (Person& p : people)
      if (p.client->participant_id().empty()) {
        const auto status = p.client->status();
        ++why[std::string(net::name_of(status.state)) + (status.last_error.empty() ? "" : ": " + status.last_error)];
      }
    for (const auto& [what, n] : why) std::printf("not joined after 60 s: %d client(s) %s\n", n, what.c_str());
    std::printf("\nsoak: FAIL\n");
    host->stop();
    std::error_code ec;
    std::filesystem::remove_all(data, ec);
    return 1;
  }

  const long joined_rss = status_field(host->pid(), "VmRSS");
  const auto start = Clock::now();
  const auto end = start + seconds(o.seconds);
  std::vector<Clock::time_point> kill_at;
  for (int k = 1; k <= o.kills; ++k) kill_at.push_back(start + seconds(o.seconds) * k / (o.kills + 1));
  std::vector<HostRun> runs(1);
  std::map<int, std::vector<double>> latency_by_minute;
  FaultCounts faults;
  Clock::time_point next_sample = start, next_fault = start + seconds(5), delay_until{};
  const double tick_s = 0.02;
  // Meeting pace: one op per person every 8 s on average; now and then someone
  // pastes a list (a burst of 15); now and then someone leaves for 5-20 s.
  const double op_chance = tick_s / 8.0, burst_chance = tick_s / 120.0, leave_chance = tick_s / 240.0;
  std::uniform_real_distribution<double> chance(0, 1);
  while (Clock::now() < end) {
    const auto now = Clock::now();
    const int minute = static_cast<int>(std::chrono::duration_cast<seconds>(now - start).count() / 60);
    for (Person& p : people) {
      note_answers(p, now, latency_by_minute[minute]);
      if (p.away) {
        if (now >= p.back_at) {
          p.client->connect(p.params);
          p.away = false;
        }
        continue;
      }
      if (chance(rng) < op_chance) act(p, now, o);
      if (chance(rng) < burst_chance)
        for (int b = 0; b < 15; ++b) act(p, now, o);
      if (chance(rng) < leave_chance) {
        p.client->disconnect();  // pending ops stay with the client and go when it is back
        p.away = true;
        p.back_at = now + milliseconds(5000 + rng() % 15000);
        ++faults.leaves;
      }
    }
    maybe_fault(relay, rng, o, faults, now, next_fault, delay_until);
    if (!kill_at.empty() && now >= kill_at.front()) {
      kill_at.erase(kill_at.begin());
      host->kill_hard();
      host.reset();
      ++faults.kills;
      host = std::make_unique<probe::HostProcess>(o.tavle, code, std::filesystem::temp_directory_path().string(), host_args, port);
      runs.emplace_back();
    }
    if (now >= next_sample) {
      runs.back().rss_kb.push_back(status_field(host->pid(), "VmRSS"));
      next_sample += seconds(1);
    }
    std::this_thread::sleep_for(milliseconds(20));
  }

  // Calm: faults off, everyone back, until every op is answered and all agree.
  relay.set_delay(milliseconds(0));
  for (Person& p : people)
    if (p.away) p.client->connect(p.params), p.away = false;
  const auto calm_start = Clock::now();
  bool settled = false;
  while (!settled && Clock::now() - calm_start < seconds(o.pause_seconds + 90)) {
    std::this_thread::sleep_for(milliseconds(100));
    const auto now = Clock::now();
    settled = true;
    std::set<std::uint64_t> seqs;
    for (Person& p : people) {
      note_answers(p, now, latency_by_minute[o.seconds / 60]);
      const auto status = p.client->status();
      settled &= status.state == net::ConnectionState::Connected && status.unsent == 0;
      seqs.insert(p.client->seq());
    }
    settled &= seqs.size() == 1;
  }
  const double settle_s = std::chrono::duration<double>(Clock::now() - calm_start).count();
  if (!settled) {
    // Say who did not come back and why (a join that cannot succeed must never pass unexplained).
    std::map<std::string, int> why;
    for (Person& p : people) {
      const auto status = p.client->status();
      if (status.state == net::ConnectionState::Connected && status.unsent == 0) continue;
      ++why[std::string(net::name_of(status.state)) + ", " + std::to_string(status.unsent) + " unsent" +
            (status.last_error.empty() ? "" : ": " + status.last_error)];
    }
    for (const auto& [what, n] : why) std::printf("not settled: %d client(s) %s\n", n, what.c_str());
  }
  std::this_thread::sleep_for(seconds(1));  // the last broadcasts
  std::vector<std::pair<std::string, std::string>> replica_hashes;  // participant, hash of confirmed
  for (Person& p : people) replica_hashes.emplace_back(p.client->participant_id(), state_hash_hex(p.client->confirmed()));
  for (Person& p : people) p.client->disconnect();
  // Everyone has gone: the host's descriptors and threads come back to where they
  // were before anyone joined. A connection whose peer vanished without a close
  // (a cut, a paused tablet) ends at the host's idle timeout (3 s), so wait up to 20 s.
  const auto gone = Clock::now();
  long end_fds = 0, end_threads = 0;
  do {
    std::this_thread::sleep_for(milliseconds(250));
    end_fds = open_fds(host->pid());
    end_threads = status_field(host->pid(), "Threads");
  } while ((end_fds > baseline_fds || end_threads > baseline_threads) && Clock::now() - gone < seconds(20));
  const double back_s = std::chrono::duration<double>(Clock::now() - gone).count();
  const auto end_kinds = fd_kinds(host->pid());
  if (end_fds > baseline_fds)
    for (const auto& [what, n] : end_kinds) std::printf("host fd at the end: %d x %s\n", n, what.c_str());
  const std::string printed = host->stop();

  // [SECTION] checks and the report
  std::unique_ptr<store::Store> s;
  std::vector<store::MeetingInfo> meetings;
  store::LoadedMeeting loaded;
  std::vector<store::JournaledOp> journal;
  if (auto e = store::open_private_store(store::data_directory(data.string()), "", s)) return std::fprintf(stderr, "soak: %s\n", e->message.c_str()), 1;
  if (s->list_meetings("", meetings) || meetings.empty()) return std::fprintf(stderr, "soak: no meeting stored\n"), 1;
  s->load_meeting(meetings.back().id, loaded);
  s->ops_since(meetings.back().id, 0, journal);
  std::map<std::string, int> in_journal;
  for (const auto& j : journal) ++in_journal[j.op.id];
  std::size_t acked = 0, lost = 0, twice = 0, rejected = 0, refused = 0;
  for (const Person& p : people) {
    refused += p.refused_locally;
    for (const std::string& id : p.submitted) {
      if (p.rejected.count(id)) {
        ++rejected;
        continue;
      }
      ++acked;
      if (!in_journal.count(id)) ++lost;
    }
  }
  for (const auto& [id, n] : in_journal) twice += n > 1;
  const std::string host_hash = state_hash_hex(loaded.board);
  const bool host_printed_it = printed.find(host_hash) != std::string::npos;
  std::size_t equal = 0;
  for (const auto& [pid, hash] : replica_hashes)
    equal += hash == state_hash_hex(view_for(loaded.board, Audience::Professional, pid));

  std::printf("soak: %d clients, %d s, %d host kills (SIGKILL), seed %llu; settled in %.1f s\n", o.clients, o.seconds,
              faults.kills, static_cast<unsigned long long>(o.seed), settle_s);
  std::printf("faults: %d drops, %d mid-frame cuts, %d pauses of %d s, %d delay spells, %d leaves and rejoins\n",
              faults.drops, faults.mid_frame_cuts, faults.pauses, o.pause_seconds, faults.delay_spells, faults.leaves);
  std::printf("\n| check | result |\n|---|---|\n");
  std::printf("| ops submitted / acknowledged / rejected by the host / refused locally | %zu / %zu / %zu / %zu |\n",
              acked + rejected, acked, rejected, refused);
  std::printf("| acknowledged ops missing from the journal | %zu |\n", lost);
  std::printf("| ops journaled twice | %zu (journal: %zu ops, seq %llu) |\n", twice, journal.size(),
              static_cast<unsigned long long>(loaded.last_seq));
  std::printf("| replicas whose hash equals the host's view | %zu of %zu |\n", equal, replica_hashes.size());
  std::size_t deleted_cards = 0;
  for (const auto& [id, card] : loaded.board.cards) deleted_cards += card.deleted;
  std::printf("| the board at the end | %zu cards (%zu deleted), %zu participants |\n", loaded.board.cards.size(),
              deleted_cards, loaded.board.participants.size());
  std::printf("| stored board hash = the hash the host printed at exit | %s (%s) |\n", host_printed_it ? "yes" : "no",
              host_hash.c_str());
  std::printf("| host fds / threads: before anyone joined -> after everyone left | %ld -> %ld / %ld -> %ld (after %.2f s) |\n",
              baseline_fds, end_fds, baseline_threads, end_threads, back_s);
  std::printf("| host RSS before anyone joined -> with everyone joined | %.1f MB -> %.1f MB (%.0f KB a client) |\n",
              baseline_rss / 1024.0, joined_rss / 1024.0,
              static_cast<double>(joined_rss - baseline_rss) / std::max(1, o.clients));
  bool rss_ok = true;
  std::printf("\n| host run | seconds | RSS start | after warm-up | peak | end | growth after warm-up |\n|---|---|---|---|---|---|---|\n");
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& v = runs[r].rss_kb;
    if (v.empty()) continue;
    const std::size_t warm = std::min(v.size() - 1, v.size() / 4);  // the first quarter of each run is warm-up
    const long peak = *std::max_element(v.begin(), v.end());
    const double growth = 100.0 * static_cast<double>(v.back() - v[warm]) / static_cast<double>(v[warm]);
    rss_ok &= growth < 10.0;
    std::printf("| %zu | %zu | %.1f MB | %.1f MB | %.1f MB | %.1f MB | %+.1f %% |\n", r + 1, v.size(), v.front() / 1024.0,
                v[warm] / 1024.0, peak / 1024.0, v.back() / 1024.0, growth);
  }
  std::printf("\n| minute | ops answered | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
  for (const auto& [minute, v] : latency_by_minute)
    if (!v.empty())
      std::printf("| %d | %zu | %.1f | %.1f | %.1f |\n", minute + 1, v.size(), percentile(v, 0.5), percentile(v, 0.99),
                  percentile(v, 1.0));
  std::printf("(answer latency: from submit until the host's ack or reject reached the client, polled every 20 ms;\n"
              " it includes relay delays, pauses, host restarts and reconnect backoff)\n");
  const bool ok = settled && lost == 0 && twice == 0 && equal == replica_hashes.size() && host_printed_it &&
                  end_fds <= baseline_fds && end_threads <= baseline_threads && rss_ok;
  std::printf("\nsoak: %s\n", ok ? "PASS" : "FAIL");
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
  return ok ? 0 : 1;
}
