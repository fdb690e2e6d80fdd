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
    for (std::size_t i = 0; i < sizeof(d::elementwise_names) / sizeof(const char*); ++i) {
      const auto op = static_cast<d::elementwise_op>(i);
      ks.push_back({d::elementwise_names[i],
                    name,
                    Role::dispatch,
                    [op, order](const float* in, float* out, std::size_t n) {
                      return std::function<void()>([=] { d::elementwise(op, order, in, out, n); });
                    },
                    {}});
    }
    for (std::size_t i = 0; i < sizeof(d::row_names) / sizeof(const char*); ++i) {
      const auto op = static_cast<d::row_op>(i);
      ks.push_back({d::row_names[i],
                    name,
                    Role::dispatch,
                    {},
                    [op, order](const float* in, float* out, std::size_t r, std::size_t c) {
                      return std::function<void()>([=] { d::rows(op, order, in, out, r, c); });
                    }});
    }
  }
}

const char* dispatched_arch() { return quake::dispatch::arch(); }

}  // namespace quake_bench
