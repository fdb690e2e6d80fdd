// The inner loops tools/mca_model.py feeds to llvm-mca: each function streams n floats through
// one kernel with quake's array driver (4 batches per iteration, the widest SIMD of the build);
// softmax<2> is modelled pass by pass.
// Not part of the library or its tests.
#include <cstddef>
#include <quake/quake.hpp>

namespace {
template <class Kernel>
void stream(const float* in, float* out, std::size_t n, Kernel k) {
  quake::detail::apply_elementwise<quake::simd_arch>(k, in, out, n);
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

// softmax<2>'s three passes, one function each: tools/mca_model.py adds their cycles per element.
extern "C" float mca_softmax2_max(const float* in, std::size_t n) {
  return quake::detail::row_max<quake::simd_arch, float>(quake::detail::plain_row<float>{in}, n);
}
extern "C" float mca_softmax2_expsum(const float* in, float* out, std::size_t n, float m) {
  return quake::detail::exp_shifted_sum<quake::simd_arch, true>(
      [](const auto& d) { return quake::detail::exp_kernel_unit<2>(d); },
      quake::detail::plain_row<float>{in}, out, n, m);
}
extern "C" void mca_softmax2_scale(float* out, std::size_t n, float r) {
  quake::detail::scale_row<quake::simd_arch>(out, out, n, r);
}
