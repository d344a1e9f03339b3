// issue 18: what a facilitator's password costs (docs/server.md, "Accounts"): the
// Argon2id hash Tavle stores (store/password.hpp's parameters) and the check at
// each sign-in, in milliseconds of one core, and the memory one check takes.
// Prints one JSON line. Usage: password_cost [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "store/password.hpp"

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tavle::store;
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  const long rss_before = max_rss_kib();
  std::vector<double> hash_ms, check_ms, cpu_ms;
  std::string encoded;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (auto e = hash_password("correct horse battery", encoded)) return std::fprintf(stderr, "%s\n", e->message.c_str()), 1;
    hash_ms.push_back(ms_since(start));
    const std::clock_t cpu = std::clock();
    start = std::chrono::steady_clock::now();
    if (check_password(encoded, "correct horse battery") != PasswordCheck::Match) return 1;
    check_ms.push_back(ms_since(start));
    cpu_ms.push_back(1000.0 * static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
  }
  std::printf("{\"parameters\":\"argon2id m=%u KiB t=%u p=%u\",\"runs\":%d,\"hash_ms_median\":%.1f,\"hash_ms_min\":%.1f,"
              "\"check_ms_median\":%.1f,\"check_ms_min\":%.1f,\"check_cpu_ms_median\":%.1f,\"max_rss_growth_kib\":%ld}\n",
              kArgon2MemoryKiB, kArgon2Passes, kArgon2Lanes, runs, median(hash_ms),
              *std::min_element(hash_ms.begin(), hash_ms.end()), median(check_ms),
              *std::min_element(check_ms.begin(), check_ms.end()), median(cpu_ms), max_rss_kib() - rss_before);
  return 0;
}
