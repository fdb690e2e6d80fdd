// The inner loops tools/mca_model.py feeds to llvm-mca: each function streams n floats through
// one kernel with quake's array driver (4 batches per iteration, the widest SIMD of the build).
// Not part of the library or its tests.
#include <cstddef>
#include <quake/quake.hpp>

namespace {
template <class Kernel>
void stream(const float* in, float* out, std::size_t n, Kernel k) {
  quake::detail::apply_elementwise(k, in, out, n);
}
}  // namespace

#define QUAKE_MCA_EXP(N)                                                               \
  extern "C" void mca_exp##N(const float* in, float* out, std::size_t n) {             \
    stream(in, out, n, [](const auto& v) { return quake::detail::exp_kernel<N>(v); }); \
  }
QUAKE_MCA_EXP(1)
QUAKE_MCA_EXP(2)
QUAKE_MCA_EXP(3)
QUAKE_MCA_EXP(4)
QUAKE_MCA_EXP(5)

extern "C" void mca_xsimd_exp(const float* in, float* out, std::size_t n) {
  stream(in, out, n, [](const auto& v) { return xsimd::exp(v); });
}

// Hook for the row-wise kernels (issue 3): softmax<2>'s exp-and-sum pass, once it exists.
#if __has_include(<quake/softmax.hpp>)
#include <quake/softmax.hpp>
extern "C" void mca_softmax2(const float* in, float* out, std::size_t n) {
  quake::softmax<2>(in, out, n);
}
#endif
