// tavle: one executable, one subcommand per job. Commands that need a window
// (none yet) are handed to tavle-gui so that host, export and validate never
// link ImGui or GL.
#include <cstdio>
#include <cstring>
#include <string>

#include "app/cli/commands.hpp"

namespace {

struct Command {
  const char* name;
  const char* usage;
  int (*run)(int, char**);
};

constexpr Command kCommands[] = {
    {"validate", "validate FILE           check a meeting file; prints a one-line summary", tavle::cli::validate_command},
    {"sample", "sample -o FILE          write the demo meeting (in Danish)", tavle::cli::sample_command},
    {"host", "host [--port P] [--code CODE] [--web-root DIR] [--file F] [--data DIR [--meeting ID | --family ID]]   host a meeting headless until Ctrl-C (durable with --data)", tavle::cli::host_command},
    {"bench", "bench [--clients N] [--ops U] [--mode paced|burst] [--connect HOST:PORT --code C]   measure op fan-out; prints JSON", tavle::cli::bench_command},
    {"export", "export FILE -o OUT      the family plan or minutes as pdf|html|md|json [--format F] [--lang da|en] [--kind plan|minutes] [--previous PREVFILE]", tavle::cli::export_command},
    {"inspect", "inspect [--data DIR]    list stored families and meetings; --meeting ID prints its JSON summary [-o FILE saves it]", tavle::cli::inspect_command},
    {"demo", "demo                    open the app on the demo meeting, hosted here", tavle::cli::demo_command},
    {"join", "join HOST:PORT --code C --name N --role R   join a meeting in the app", tavle::cli::join_command},
    {"render", "render FILE -o OUT.png  draw a meeting to a PNG [--width W --height H --lang da|en --mode board|projection|family]", tavle::cli::render_command},
};

void print_usage() {
  std::printf("Tavle: the Signs of Safety meeting board\n\nusage: tavle COMMAND [ARGS]\n\n");
  for (const Command& c : kCommands) std::printf("  tavle %s\n", c.usage);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 && tavle::cli::gui_available()) return tavle::cli::exec_gui(nullptr, 0, nullptr);  // the home screen
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "help")) {
    print_usage();
    return argc < 2 ? 2 : 0;
  }
  for (const Command& c : kCommands)
    if (std::string(argv[1]) == c.name) return c.run(argc - 2, argv + 2);
  std::fprintf(stderr, "tavle: unknown command \"%s\" (tavle --help lists them)\n", argv[1]);
  return 2;
}
