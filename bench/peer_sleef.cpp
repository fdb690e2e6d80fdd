// SLEEF's 1.0-ULP vector expf: the AVX-512 entry point when the build targets AVX-512F, else the
// AVX2 one. The tail goes through a padded buffer with the same vector function.
#include <immintrin.h>
#include <sleef.h>

#include <cstring>

#include "peers.hpp"

namespace quake_bench {

#if defined(__AVX512F__)
namespace {
constexpr std::size_t kW = 16;
inline void step(const float* in, float* out) {
  _mm512_storeu_ps(out, Sleef_expf16_u10avx512f(_mm512_loadu_ps(in)));
}
}  // namespace
const char* sleef_exp_u10_name() { return "Sleef_expf16_u10avx512f"; }
#elif defined(__AVX2__) && defined(__FMA__)
namespace {
constexpr std::size_t kW = 8;
inline void step(const float* in, float* out) {
  _mm256_storeu_ps(out, Sleef_expf8_u10avx2(_mm256_loadu_ps(in)));
}
}  // namespace
const char* sleef_exp_u10_name() { return "Sleef_expf8_u10avx2"; }
#else
#error "peer_sleef.cpp needs AVX2+FMA or AVX-512F (CMake only builds it for such targets)"
#endif

void sleef_exp_u10(const float* in, float* out, std::size_t n) {
  std::size_t i = 0;
  for (; i + kW <= n; i += kW) step(in + i, out + i);
  if (i < n) {
    float buf[kW] = {};
    std::memcpy(buf, in + i, (n - i) * sizeof(float));
    step(buf, buf);
    std::memcpy(out + i, buf, (n - i) * sizeof(float));
  }
}

}  // namespace quake_bench
