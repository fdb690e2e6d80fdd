// XNNPACK's f32 sigmoid and softmax operators (Debian libxnnpack-dev), run on the calling thread
// (no pthreadpool), created and set up once per (in, out, shape).
#include <xnnpack.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "peers.hpp"

namespace quake_bench {
namespace xnnpack {
namespace {

void check(xnn_status s, const char* what) {
  if (s != xnn_status_success) {
    std::fprintf(stderr, "XNNPACK: %s failed (status %d)\n", what, static_cast<int>(s));
    std::abort();
  }
}

void initialize_once() {
  static const bool done = [] {
    check(xnn_initialize(nullptr), "xnn_initialize");
    return true;
  }();
  (void)done;
}

Runner runner(xnn_operator_t op) {
  std::shared_ptr<xnn_operator> owned(op, [](xnn_operator_t o) { xnn_delete_operator(o); });
  return [owned] { check(xnn_run_operator(owned.get(), nullptr), "xnn_run_operator"); };
}

}  // namespace

Runner sigmoid(const float* in, float* out, std::size_t n) {
  initialize_once();
  xnn_operator_t op = nullptr;
  check(xnn_create_sigmoid_nc_f32(n, n, n, 0, &op), "xnn_create_sigmoid_nc_f32");
  check(xnn_setup_sigmoid_nc_f32(op, 1, in, out, nullptr), "xnn_setup_sigmoid_nc_f32");
  return runner(op);
}

Runner softmax(const float* in, float* out, std::size_t rows, std::size_t cols) {
  initialize_once();
  xnn_operator_t op = nullptr;
  check(xnn_create_softmax_nc_f32(cols, cols, cols, 0, &op), "xnn_create_softmax_nc_f32");
  check(xnn_setup_softmax_nc_f32(op, rows, in, out, nullptr), "xnn_setup_softmax_nc_f32");
  return runner(op);
}

}  // namespace xnnpack
}  // namespace quake_bench
