// Row softmax and log-softmax: the three-pass std::exp references and XNNPACK's softmax
// operator. quake's kernels register here, one line per function and order.
#include "bench_support.hpp"
#include "peers.hpp"
#include "references.hpp"

namespace quake_bench {

void register_softmax() {
  add_rows("softmax", "std", ref::softmax_rows);
  add_rows("log_softmax", "std", ref::log_softmax_rows);
#if QUAKE_BENCH_HAVE_XNNPACK
  add_rows_prepared("softmax", "xnnpack", xnnpack::softmax);
#endif
}

}  // namespace quake_bench
