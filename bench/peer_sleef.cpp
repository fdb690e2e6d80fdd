// SLEEF's 1.0-ULP vector functions and the activations built from them as an engine would
// (u10: within 1 ulp each): the AVX-512 entry points when the build targets AVX-512F, else the
// AVX2 ones. Each array loop runs whole vectors, then the tail through a padded buffer.
#include <immintrin.h>
#include <sleef.h>

#include <cstring>
#include <string>

#include "peers.hpp"

namespace quake_bench {
namespace sleef {
namespace {

// One vector width's operations: __m<bits>, <lanes> floats, SLEEF's <isa> entry points.
#define QUAKE_SLEEF_VECTOR(bits, lanes, isa)                              \
  using V = __m##bits;                                                    \
  constexpr std::size_t kW = lanes;                                       \
  inline V load(const float* p) { return _mm##bits##_loadu_ps(p); }       \
  inline void store(float* p, V v) { _mm##bits##_storeu_ps(p, v); }       \
  inline V splat(float c) { return _mm##bits##_set1_ps(c); }              \
  inline V add(V a, V b) { return _mm##bits##_add_ps(a, b); }             \
  inline V mul(V a, V b) { return _mm##bits##_mul_ps(a, b); }             \
  inline V div(V a, V b) { return _mm##bits##_div_ps(a, b); }             \
  inline V fmadd(V a, V b, V c) { return _mm##bits##_fmadd_ps(a, b, c); } \
  inline V vexp(V x) { return Sleef_expf##lanes##_u10##isa(x); }          \
  inline V vtanh(V x) { return Sleef_tanhf##lanes##_u10##isa(x); }        \
  inline V verf(V x) { return Sleef_erff##lanes##_u10##isa(x); }          \
  inline V vlog1p(V x) { return Sleef_log1pf##lanes##_u10##isa(x); }      \
  constexpr const char* kIsa = #isa;

#if defined(__AVX512F__)
QUAKE_SLEEF_VECTOR(512, 16, avx512f)
#elif defined(__AVX2__) && defined(__FMA__)
QUAKE_SLEEF_VECTOR(256, 8, avx2)
#else
#error "peer_sleef.cpp needs AVX2+FMA or AVX-512F (CMake only builds it for such targets)"
#endif

template <class F>
void map(const float* in, float* out, std::size_t n, F f) {
  std::size_t i = 0;
  for (; i + kW <= n; i += kW) store(out + i, f(load(in + i)));
  if (i < n) {
    alignas(64) float buf[kW] = {};
    std::memcpy(buf, in + i, (n - i) * sizeof(float));
    store(buf, f(load(buf)));
    std::memcpy(out + i, buf, (n - i) * sizeof(float));
  }
}

/// x / (1 + e^(-k x)): sigmoid (k = 1, without the x), silu, gelu_sigmoid.
inline V x_sigmoid(V x, float k) { return div(x, add(splat(1.0f), vexp(mul(x, splat(-k))))); }

}  // namespace

const char* exp_name() {
  static const std::string name = std::string("Sleef_expf") + std::to_string(kW) + "_u10" + kIsa;
  return name.c_str();
}

void exp(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) { return vexp(x); });
}
void sigmoid(const float* in, float* out, std::size_t n) {
  map(in, out, n,
      [](V x) { return div(splat(1.0f), add(splat(1.0f), vexp(mul(x, splat(-1.0f))))); });
}
void tanh(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) { return vtanh(x); });
}
void silu(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) { return x_sigmoid(x, 1.0f); });
}
void gelu_sigmoid(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) { return x_sigmoid(x, 1.702f); });
}
/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
void gelu(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) {
    const V x2 = mul(x, x);
    const V u = mul(mul(x, splat(0.7978845608f)), fmadd(x2, splat(0.044715f), splat(1.0f)));
    const V half_x = mul(x, splat(0.5f));
    return fmadd(half_x, vtanh(u), half_x);
  });
}
/// 0.5 x (1 + erf(x / sqrt 2)).
void gelu_erf(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) {
    const V half_x = mul(x, splat(0.5f));
    return fmadd(half_x, verf(mul(x, splat(0.70710678f))), half_x);
  });
}

/// x tanh(log1p(e^x)): mish as an engine composes it from SLEEF's functions.
void mish(const float* in, float* out, std::size_t n) {
  map(in, out, n, [](V x) { return mul(x, vtanh(vlog1p(vexp(x)))); });
}

}  // namespace sleef
}  // namespace quake_bench
