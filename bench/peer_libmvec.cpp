// glibc's vector expf (libmvec). GCC calls _ZGV{b,c,d,e}N*v_expf for this loop only under
// -ffast-math with `#pragma omp simd` (-fopenmp-simd); CMake compiles this file alone with those
// flags and checks that the object calls a _ZGV*_expf symbol. It must not include quake (which
// refuses -ffast-math) or xsimd (whose exp misbehaves under it).
#include <math.h>

#include <cstddef>

#include "peers.hpp"

namespace quake_bench {

void libmvec_exp(const float* in, float* out, std::size_t n) {
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) out[i] = expf(in[i]);
}

}  // namespace quake_bench
