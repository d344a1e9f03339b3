// tavle move (issue 18, docs/server.md "Moving a family"): a family with all its
// meetings from one store to another, e.g. from a facilitator's laptop to the
// municipality's PostgreSQL server, or back for a meeting without network.
#include <cstdio>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/help.hpp"
#include "board/text.hpp"
#include "session/hosting.hpp"
#include "store/data_dir.hpp"
#include "store/store.hpp"

namespace tavle::cli {
namespace {

int fail(const Error& e) {
  std::fprintf(stderr, "tavle move: %s\n", e.message.c_str());
  return 1;
}

// --from-data DIR | --from-db URL (side "from"), the same for "to".
std::optional<Error> open_side(const Args& args, const std::string& side, std::unique_ptr<store::Store>& out) {
  const auto dir = args.option(side + "-data"), url = args.option(side + "-db"), key = args.option(side + "-key-file");
  if (dir && url) return Error{"usage", "give --" + side + "-data DIR or --" + side + "-db URL, not both"};
  if (!dir && !url) return Error{"usage", "give --" + side + "-data DIR or --" + side + "-db postgresql://..."};
  if (url && key) return Error{"usage", "--" + side + "-key-file is a data directory's key; a PostgreSQL server has its own protection"};
  return session::open_store({dir ? *dir : "", key ? *key : "", url ? *url : ""}, out);
}

}  // namespace

int move_command(Args& args) {
  const CommandHelp& help = *find_command("move");
  if (!args.positional().empty()) return usage_error(help, "unexpected argument \"" + args.positional()[0] + "\"");
  const auto family_id = args.option("family");
  if (!family_id) return usage_error(help, "--family ID names the family to move (tavle inspect lists them)");
  std::unique_ptr<store::Store> from, to;
  if (auto e = open_side(args, "from", from)) return e->code == "usage" ? usage_error(help, e->message) : fail(*e);
  if (auto e = open_side(args, "to", to)) return e->code == "usage" ? usage_error(help, e->message) : fail(*e);
  if (from->path() == to->path()) return usage_error(help, "the two stores are the same: " + from->path());
  const std::string actor = store::system_user() + " (tavle move)";
  store::FamilyCopy copied;
  if (auto e = from->copy_family(*family_id, *to, actor, now_millis(), copied)) return fail(*e);
  std::printf("tavle move: copied the family %s, %zu meetings and %zu ops, to %s; every meeting there gives the same state\n",
              family_id->c_str(), copied.meetings, copied.ops, to->path().c_str());
  if (!args.flag("erase-source")) {
    std::printf("tavle move: the family is still in %s too; erase it there with tavle erase, or move with --erase-source\n",
                from->path().c_str());
    return 0;
  }
  if (!confirmed(args, "Erase the family " + *family_id + " from " + from->path() + " now that it is in " + to->path() +
                           "? This cannot be undone.")) {
    std::printf("tavle move: the family was copied and is kept in %s too\n", from->path().c_str());
    return 0;
  }
  if (auto e = from->delete_family(*family_id, actor, "moved to " + to->path())) return fail(*e);
  std::printf("tavle move: erased the family from %s; the access log there keeps only that it was moved and erased\n",
              from->path().c_str());
  return 0;
}

}  // namespace tavle::cli
