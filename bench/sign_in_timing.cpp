// issue 18: does a refused sign-in's time tell whether the name is an account's?
// (docs/server.md, "Accounts"). Times Store::verify_facilitator for a wrong password
// of a real account and for a name that is none, in turns (so other work on the
// machine slows both alike), and prints one JSON line: the median, the spread
// (first and third quartile) and the fastest of each, and the median difference.
// The Argon2id check (about 100 ms of CPU, and its jitter under load) hides a few
// milliseconds of waiting for the disk in the wall time, so each attempt's time off
// the CPU (wall time minus this thread's CPU time: waiting for fsync, for PostgreSQL,
// or for a core) is given the same way: that is where a write that only one kind of
// refusal makes shows.
//
// Usage: sign_in_timing [N] [--db postgresql://...] [--data DIR]
//   N attempts each way (default 30). Without --db, an encrypted SQLite store in
//   DIR (default: a new temporary directory, removed afterwards), synchronous=FULL
//   as `tavle server --data` has it; with --db, that PostgreSQL database (it gets an
//   account "timing-pia", or a new password for it).
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "store_pg/pg_store.hpp"

namespace {

using namespace tavle;
constexpr Millis kNow = 1795593600000;
constexpr Millis kHour = 3600 * 1000;

struct Figures {
  double median, q1, q3, fastest;
};

Figures figures(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() / 4], v[(3 * v.size()) / 4], v.front()};
}

double thread_cpu_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// The wall time of one sign-in; `off_cpu` gets the part this thread was not running.
double time_ms(store::Store& s, const std::string& name, const std::string& password, Millis now,
               store::SignInRefusal expected, std::vector<double>& off_cpu) {
  store::SignInResult r;
  const double cpu = thread_cpu_ms();
  const auto start = std::chrono::steady_clock::now();
  auto e = s.verify_facilitator(name, password, now, r);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  off_cpu.push_back(ms - (thread_cpu_ms() - cpu));
  if (e || r.refusal != expected) {
    std::fprintf(stderr, "sign_in_timing: unexpected answer for %s: %s\n", name.c_str(),
                 e ? e->message.c_str() : store::refusal_name(r.refusal));
    std::exit(1);
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  std::string db_url, data_dir;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--db") && i + 1 < argc) db_url = argv[++i];
    else if (!std::strcmp(argv[i], "--data") && i + 1 < argc) data_dir = argv[++i];
    else runs = std::max(1, std::atoi(argv[i]));
  }
  const bool temporary = db_url.empty() && data_dir.empty();
  if (temporary) data_dir = (std::filesystem::temp_directory_path() / ("tavle-sign-in-" + std::to_string(::getpid()))).string();

  std::unique_ptr<store::Store> s;
  std::optional<Error> e;
  if (db_url.empty()) {
    store::OpenOptions options;
    options.key_hex = std::string(64, 'a');  // a fixed key: the cost of encryption is the same as with any
    e = store::Store::open(data_dir, s, options);
  } else {
    e = store_pg::open_store(db_url, s);
  }
  if (e) return std::fprintf(stderr, "sign_in_timing: %s\n", e->message.c_str()), 1;
  const std::string name = "timing-pia";
  bool exists = false;
  if (auto x = s->account_exists(name, exists)) return std::fprintf(stderr, "%s\n", x->message.c_str()), 1;
  // A new password also ends the wait an earlier run's wrong ones left.
  if (auto x = exists ? s->set_facilitator_password(name, "correct horse battery", kNow, "sign_in_timing")
                      : s->add_facilitator(name, "correct horse battery", kNow, "sign_in_timing"))
    return std::fprintf(stderr, "sign_in_timing: %s\n", x->message.c_str()), 1;

  std::vector<double> wrong, unknown, wrong_off, unknown_off;
  for (int i = 0; i < runs; ++i) {
    // A day apart, so that the wrong password is always looked at (never inside a wait).
    const Millis now = kNow + (i + 1) * 24 * kHour;
    wrong.push_back(time_ms(*s, name, "wrong password!", now, store::SignInRefusal::WrongPassword, wrong_off));
    unknown.push_back(time_ms(*s, "nobody-" + std::to_string(i), "wrong password!", now, store::SignInRefusal::NoSuchAccount,
                              unknown_off));
  }
  s.reset();
  if (temporary) std::filesystem::remove_all(data_dir);
  const Figures w = figures(wrong), u = figures(unknown), wo = figures(wrong_off), uo = figures(unknown_off);
  auto json = [](const char* key, const Figures& f) {
    char line[200];
    std::snprintf(line, sizeof line, "\"%s\":{\"median\":%.2f,\"q1\":%.2f,\"q3\":%.2f,\"fastest\":%.2f}", key, f.median,
                  f.q1, f.q3, f.fastest);
    return std::string(line);
  };
  std::printf("{\"backend\":\"%s\",\"runs\":%d,%s,%s,\"median_difference_ms\":%.2f,%s,%s,"
              "\"off_cpu_median_difference_ms\":%.2f}\n",
              db_url.empty() ? "sqlite" : "postgresql", runs, json("wrong_password_ms", w).c_str(),
              json("unknown_name_ms", u).c_str(), w.median - u.median, json("wrong_password_off_cpu_ms", wo).c_str(),
              json("unknown_name_off_cpu_ms", uo).c_str(), wo.median - uo.median);
  return 0;
}
