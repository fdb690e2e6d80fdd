// quake::dispatch's array functions as a program built for baseline x86-64 calls them: this
// translation unit is compiled with -march=x86-64 (bench/CMakeLists.txt), not the benchmarks'
// -march=native, and links the compiled library, which picks its kernel set at run time.
// bench/report.py sets each beside the header-only quake<N> of the -march=native build.
#include <quake/dispatch.hpp>
#include <string>

#include "kernels.hpp"

namespace quake_bench {

void add_dispatched(std::vector<Kernel>& ks) {
  namespace d = quake::dispatch::detail;
  for (int order : {2, 5}) {
    const std::string name = "dispatch<" + std::to_string(order) + ">";
    // Every function of the list, through the library's entry points (orders at run time).
#define QUAKE_ELEMENTWISE(f)                                                             \
  ks.push_back({#f,                                                                      \
                name,                                                                    \
                Role::dispatch,                                                          \
                [order](const float* in, float* out, std::size_t n) {                    \
                  return std::function<void()>(                                          \
                      [=] { d::elementwise(d::elementwise_op::f, order, in, out, n); }); \
                },                                                                       \
                {}});
#define QUAKE_ROWS(f)                                                                \
  ks.push_back({#f,                                                                  \
                name,                                                                \
                Role::dispatch,                                                      \
                {},                                                                  \
                [order](const float* in, float* out, std::size_t r, std::size_t c) { \
                  return std::function<void()>(                                      \
                      [=] { d::rows(d::row_op::f, order, in, out, r, c); });         \
                }});
#include <quake/functions.inc>
  }
}

const char* dispatched_arch() { return quake::dispatch::arch(); }

}  // namespace quake_bench
