// Peer kernels that live in their own translation units, each compiled with what it needs:
// libmvec (-ffast-math, kept away from quake and xsimd), SLEEF, oneDNN, XNNPACK. Each is declared
// only when CMake found the library (QUAKE_BENCH_HAVE_*); the benchmarks and the accuracy program
// call them through these declarations.
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
/// SLEEF's 1.0-ULP vector exp, tanh, erf and log1p (the AVX-512 entry points in AVX-512 builds,
/// else the AVX2 ones), and the activations an engine builds from them: out[i] = f(in[i]).
namespace sleef {
void exp(const float* in, float* out, std::size_t n);
void sigmoid(const float* in, float* out, std::size_t n);
void tanh(const float* in, float* out, std::size_t n);
void silu(const float* in, float* out, std::size_t n);
void gelu(const float* in, float* out, std::size_t n);
void gelu_sigmoid(const float* in, float* out, std::size_t n);
void gelu_erf(const float* in, float* out, std::size_t n);
void mish(const float* in, float* out, std::size_t n);  // x tanh(log1p(exp(x)))
/// Which SLEEF exp entry point the build calls, e.g. "Sleef_expf16_u10avx512f".
const char* exp_name();
}  // namespace sleef
#endif

/// A created and set-up operator bound to (in, out); calling it runs it once on the calling
/// thread. Create it outside any timed loop.
using Runner = std::function<void()>;

#if QUAKE_BENCH_HAVE_ONEDNN
/// oneDNN's eltwise and softmax primitives (f32, forward inference, one thread).
namespace onednn {
Runner sigmoid(const float* in, float* out, std::size_t n);    // eltwise_logistic
Runner tanh(const float* in, float* out, std::size_t n);       // eltwise_tanh
Runner gelu_tanh(const float* in, float* out, std::size_t n);  // eltwise_gelu_tanh
Runner gelu_erf(const float* in, float* out, std::size_t n);   // eltwise_gelu_erf
/// eltwise_swish: x * sigmoid(alpha x) (silu: alpha 1; gelu_sigmoid: alpha 1.702).
Runner swish(float alpha, const float* in, float* out, std::size_t n);
Runner mish(const float* in, float* out, std::size_t n);                          // eltwise_mish
Runner softmax(const float* in, float* out, std::size_t rows, std::size_t cols);  // accurate
Runner log_softmax(const float* in, float* out, std::size_t rows, std::size_t cols);  // log
/// softmax_accurate on bf16 rows (2-byte bfloat16 values in and out); an empty Runner where
/// oneDNN offers no bf16 softmax on this CPU.
Runner softmax_bf16(const void* in, void* out, std::size_t rows, std::size_t cols);
/// The implementation oneDNN picked for an eltwise primitive, e.g. "jit:avx512_core".
const char* implementation();
}  // namespace onednn
#endif

#if QUAKE_BENCH_HAVE_XNNPACK
namespace xnnpack {
/// xnn_create_sigmoid_nc_f32 over n contiguous floats.
Runner sigmoid(const float* in, float* out, std::size_t n);
/// xnn_create_softmax_nc_f32 over rows contiguous rows of cols floats.
Runner softmax(const float* in, float* out, std::size_t rows, std::size_t cols);
}  // namespace xnnpack
#endif

}  // namespace quake_bench
