// tavle audit, tavle erase, tavle purge (docs/privacy.md): the access log and its
// chain, erasing one family, and erasing the families the retention rule lists.
// Nothing is erased before a person confirms (typing "yes", or --yes).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "board/text.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/store.hpp"

namespace tavle::cli {

std::string utc(Millis at) {
  if (at == 0) return "-";
  const std::time_t t = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

namespace {

int fail(const char* command, const Error& e) {
  std::fprintf(stderr, "tavle %s: %s\n", command, e.message.c_str());
  return 1;
}

// "2026-12-06" -> its midnight UTC in milliseconds; false when it is no date.
bool parse_date(const std::string& text, Millis& out) {
  std::tm tm{};
  if (text.size() != 10 || !strptime(text.c_str(), "%Y-%m-%d", &tm)) return false;
  out = static_cast<Millis>(timegm(&tm)) * 1000;
  return true;
}

std::optional<Error> open_store(const Args& args, bool read_only, std::unique_ptr<store::Store>& out) {
  store::OpenOptions options;
  options.read_only = read_only;
  return store::open_private_store(store::data_directory(args.option("data")), args.option_or("key-file", ""), out,
                                   options);
}


}  // namespace

// A person says yes (commands.hpp): --yes on the command line, or "yes" typed at the question.
bool confirmed(const Args& args, const std::string& question) {
  if (args.flag("yes")) return true;
  std::printf("%s\nType yes to erase, anything else to keep it: ", question.c_str());
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

int audit_command(Args& args) {
  const CommandHelp& help = *find_command("audit");
  if (!args.positional().empty()) return usage_error(help, "unexpected argument \"" + args.positional()[0] + "\"");
  Millis since = 0;
  if (auto text = args.option("since"); text && !parse_date(*text, since))
    return usage_error(help, "--since: expected a date as YYYY-MM-DD, not \"" + *text + "\"");
  std::unique_ptr<store::Store> s;
  if (auto e = open_store(args, true, s)) return fail("audit", *e);
  std::vector<store::AccessEntry> entries;
  if (auto e = s->read_access_log(args.option_or("family", ""), since, entries)) return fail("audit", *e);
  std::printf("%-5s %-19s  %-16s %-16s %-32s %s\n", "entry", "when (UTC)", "family", "action", "who", "what");
  for (const store::AccessEntry& a : entries) {
    if (a.redacted) {
      std::printf("%-5lld %-19s  %s\n", static_cast<long long>(a.seq), "-", "(emptied when its family was erased)");
      continue;
    }
    std::printf("%-5lld %-19s  %-16s %-16s %-32s %s\n", static_cast<long long>(a.seq), utc(a.at).c_str(),
                a.family_id.c_str(), a.action.c_str(), a.actor.c_str(), a.detail.c_str());
  }
  std::vector<store::AccessProblem> problems;
  std::string head;
  std::int64_t count = 0;
  if (auto e = s->verify_access_log(problems, head, count)) return fail("audit", *e);
  if (problems.empty()) {
    std::printf("\nthe chain holds: %lld entries, head %s\n", static_cast<long long>(count), head.c_str());
    return 0;
  }
  std::printf("\nTHE CHAIN IS BROKEN (%zu places): the log was changed outside Tavle\n", problems.size());
  for (const store::AccessProblem& p : problems) std::printf("  %s\n", p.what.c_str());
  return 1;
}

int erase_command(Args& args) {
  const CommandHelp& help = *find_command("erase");
  if (!args.positional().empty()) return usage_error(help, "unexpected argument \"" + args.positional()[0] + "\"");
  const auto family_id = args.option("family");
  if (!family_id) return usage_error(help, "--family ID names the family to erase (tavle inspect lists them)");
  std::unique_ptr<store::Store> s;
  if (auto e = open_store(args, false, s)) return fail("erase", *e);
  std::vector<store::FamilyInfo> families;
  if (auto e = s->list_families(families)) return fail("erase", *e);
  const auto it = std::find_if(families.begin(), families.end(), [&](const auto& f) { return f.id == *family_id; });
  if (it == families.end()) return fail("erase", Error{"not_found", "no family \"" + *family_id + "\" in " + s->path()});
  if (!confirmed(args, "Erase the family \"" + it->label + "\" (" + it->id + ") and its " + std::to_string(it->meetings) +
                           " meetings from " + s->path() + "? This cannot be undone.")) {
    std::printf("tavle erase: nothing was erased\n");
    return 1;
  }
  if (auto e = s->delete_family(it->id, store::system_user() + " (tavle erase)")) return fail("erase", *e);
  std::printf("tavle erase: erased the family %s and its %zu meetings; the access log keeps only that it was erased\n",
              it->id.c_str(), it->meetings);
  return 0;
}

int purge_command(Args& args) {
  const CommandHelp& help = *find_command("purge");
  if (!args.positional().empty()) return usage_error(help, "unexpected argument \"" + args.positional()[0] + "\"");
  long days = store::kDefaultRetainDays;
  if (args.number("retain", 1, 36500, days)) return usage_error(help, "--retain: expected a number of days from 1 to 36500");
  const int retain = static_cast<int>(days);
  std::unique_ptr<store::Store> s;
  if (auto e = open_store(args, false, s)) return fail("purge", *e);
  std::vector<store::FamilyDue> due;
  if (auto e = s->families_due_for_deletion(now_millis(), retain, due)) return fail("purge", *e);
  if (due.empty()) {
    std::printf("tavle purge: no family has gone %d days without a meeting; nothing to erase\n", retain);
    return 0;
  }
  std::printf("Families with no meeting for %d days (the retention rule):\n", retain);
  for (const store::FamilyDue& d : due)
    std::printf("  %s  %-32s %zu meetings, last %s\n", d.family.id.c_str(), d.family.label.c_str(), d.family.meetings,
                utc(d.last_meeting).c_str());
  if (!confirmed(args, "Erase these " + std::to_string(due.size()) + " families? This cannot be undone.")) {
    std::printf("tavle purge: nothing was erased\n");
    return 1;
  }
  for (const store::FamilyDue& d : due)
    if (auto e = s->delete_family(d.family.id, store::system_user() + " (tavle purge)",
                                  "retention:" + std::to_string(retain) + "days"))
      return fail("purge", *e);
  std::printf("tavle purge: erased %zu families\n", due.size());
  return 0;
}

}  // namespace tavle::cli
