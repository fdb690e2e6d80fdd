// Row softmax and log-softmax: the three-pass std::exp references and XNNPACK's softmax
// operator. quake's kernels register here, one line per function and order.
#include <quake/quake.hpp>

#include "bench_support.hpp"
#include "peers.hpp"
#include "references.hpp"

namespace quake_bench {
namespace {

template <int N>
void add_quake_order() {
  const std::string k = "quake<" + std::to_string(N) + ">";
  add_rows("softmax", k, [](const float* in, float* out, std::size_t r, std::size_t c) {
    quake::softmax<N>(in, out, r, c);
  });
  add_rows("log_softmax", k, [](const float* in, float* out, std::size_t r, std::size_t c) {
    quake::log_softmax<N>(in, out, r, c);
  });
}

}  // namespace

void register_softmax() {
  add_quake_order<1>();
  add_quake_order<2>();
  add_quake_order<3>();
  add_rows("softmax", "std", ref::softmax_rows);
  add_rows("log_softmax", "std", ref::log_softmax_rows);
#if QUAKE_BENCH_HAVE_XNNPACK
  add_rows_prepared("softmax", "xnnpack", xnnpack::softmax);
#endif
}

}  // namespace quake_bench
