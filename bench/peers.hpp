// Peer kernels that live in their own translation units, each compiled with what it needs:
// libmvec (-ffast-math, kept away from quake and xsimd), SLEEF, XNNPACK. Each is declared only
// when CMake found the library (QUAKE_BENCH_HAVE_*); the benchmarks and the accuracy program call
// them through these declarations.
#pragma once

#include <cstddef>
#include <functional>

namespace quake_bench {

#if QUAKE_BENCH_HAVE_LIBMVEC
/// out[i] = expf(in[i]) through glibc's vector expf (_ZGV*_expf), via `#pragma omp simd` in a
/// translation unit built with -O3 -ffast-math -fopenmp-simd (peer_libmvec.cpp).
void libmvec_exp(const float* in, float* out, std::size_t n);
#endif

#if QUAKE_BENCH_HAVE_SLEEF
/// out[i] = Sleef_expf{16,8}_u10 (1.0-ULP) of in[i], the widest variant of the build.
void sleef_exp_u10(const float* in, float* out, std::size_t n);
/// Which SLEEF entry point sleef_exp_u10 calls, e.g. "Sleef_expf16_u10avx512f".
const char* sleef_exp_u10_name();
#endif

#if QUAKE_BENCH_HAVE_XNNPACK
namespace xnnpack {
/// A created and set-up XNNPACK operator bound to (in, out); calling it runs the operator once
/// on the calling thread. Create it outside any timed loop.
using Runner = std::function<void()>;
/// xnn_create_sigmoid_nc_f32 over n contiguous floats.
Runner sigmoid(const float* in, float* out, std::size_t n);
/// xnn_create_softmax_nc_f32 over rows contiguous rows of cols floats.
Runner softmax(const float* in, float* out, std::size_t rows, std::size_t cols);
}  // namespace xnnpack
#endif

}  // namespace quake_bench
