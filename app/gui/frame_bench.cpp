#include "app/gui/frame_bench.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <ctime>
#include <vector>

#include "board/apply.hpp"
#include "board/ops.hpp"
#include "board/order_key.hpp"
#include "board/sample.hpp"

namespace tavle::gui {
namespace {

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  std::printf("%-34s mean %.3f ms  median %.3f ms  p95 %.3f ms  (%zu frames)\n", what, sum / ms.size(), ms[ms.size() / 2],
              ms[ms.size() * 95 / 100], ms.size());
}

}  // namespace

Board board_with_cards(int cards) {
  Board board = sample_board();
  const char* words = "Mormor henter Emma i skole om tirsdagen, og de spiser aftensmad sammen bagefter.";
  std::string last[3];
  for (Column c : kColumns) {
    auto existing = board.column(c);
    if (!existing.empty()) last[static_cast<int>(c)] = existing.back()->order;
  }
  for (int i = static_cast<int>(board.live_card_count()); i < cards; ++i) {
    const Column column = kColumns[i % 3];
    std::string& after = last[static_cast<int>(column)];
    after = order_key_between(after, "");
    Op op = ops::add_card("c-bench-" + std::to_string(i), column, std::to_string(i) + ". " + words, after);
    op.id = "bench:" + std::to_string(i);
    op.author = "p-pia";
    apply(board, op);
  }
  return board;
}

int run_frame_bench(App& app, GLFWwindow* window, int frames, void (*build)(App&), void (*draw)(App&, GLFWwindow*)) {
  std::vector<double> build_ms, full_ms;
  for (int i = 0; i < frames + 5; ++i) {
    const double t0 = thread_cpu_ms();
    build(app);
    const double t1 = thread_cpu_ms();
    draw(app, window);
    glfwSwapBuffers(window);
    const double t2 = thread_cpu_ms();
    if (i >= 5) build_ms.push_back(t1 - t0), full_ms.push_back(t2 - t0);  // first frames build the font atlas
  }
  std::printf("board with %zu live cards, window %dx%d\n", app.session->board().live_card_count(),
              app.layout.width, app.layout.height);
  report("build frame (UI + draw lists)", build_ms);
  report("whole frame (incl. GL submit)", full_ms);
  return 0;
}

}  // namespace tavle::gui
