#include "nonlinear.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <quake/quake.hpp>
#include <xsimd/xsimd.hpp>

#include "weights.hpp"

namespace quake_models {

namespace {

using clock_type = std::chrono::steady_clock;

struct Timed {
  explicit Timed(double& acc) : acc_(acc), start_(clock_type::now()) {}
  ~Timed() { acc_ += std::chrono::duration<double>(clock_type::now() - start_).count(); }
  double& acc_;
  clock_type::time_point start_;
};

// ---- exact: the std:: functions in float, sums in double (the reference) ---------------------

void exact_softmax(float* x, std::size_t n, float scale) {
  for (std::size_t i = 0; i < n; ++i) x[i] *= scale;
  quake::fn::softmax::reference<float, double>(x, x, n);
}
void exact_log_softmax(float* x, std::size_t n) {
  quake::fn::log_softmax::reference<float, double>(x, x, n);
}
void exact_gelu(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * 0.70710678f));
}
void exact_silu(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = x[i] / (1.0f + std::exp(-x[i]));
}

// ---- simd: xsimd's exp and erf (about 1 ulp), whole batches, the tail with std:: ---------------

using batch = xsimd::batch<float>;
constexpr std::size_t W = batch::size;

float row_max(const float* x, std::size_t n, float scale) {
  float m = -std::numeric_limits<float>::infinity();
  std::size_t i = 0;
  if (n >= W) {
    batch bm(m);
    for (; i + W <= n; i += W) bm = xsimd::max(bm, batch::load_unaligned(x + i) * scale);
    alignas(64) float lanes[W];
    bm.store_aligned(lanes);
    m = *std::max_element(lanes, lanes + W);
  }
  for (; i < n; ++i) m = std::max(m, scale * x[i]);
  return m;
}

void simd_softmax(float* x, std::size_t n, float scale) {
  const float m = row_max(x, n, scale);
  batch bs(0.0f);
  std::size_t i = 0;
  for (; i + W <= n; i += W) {
    const batch e = xsimd::exp(xsimd::fms(batch::load_unaligned(x + i), batch(scale), batch(m)));
    e.store_unaligned(x + i);
    bs += e;
  }
  float sum = xsimd::hadd(bs);
  for (; i < n; ++i) sum += (x[i] = std::exp(scale * x[i] - m));
  const float r = 1.0f / sum;
  for (i = 0; i + W <= n; i += W) (batch::load_unaligned(x + i) * r).store_unaligned(x + i);
  for (; i < n; ++i) x[i] *= r;
}
void simd_log_softmax(float* x, std::size_t n) {
  const float m = row_max(x, n, 1.0f);
  batch bs(0.0f);
  std::size_t i = 0;
  for (; i + W <= n; i += W) bs += xsimd::exp(batch::load_unaligned(x + i) - m);
  float sum = xsimd::hadd(bs);
  for (; i < n; ++i) sum += std::exp(x[i] - m);
  const float l = m + std::log(sum);
  for (i = 0; i + W <= n; i += W) (batch::load_unaligned(x + i) - l).store_unaligned(x + i);
  for (; i < n; ++i) x[i] -= l;
}
void simd_gelu(float* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + W <= n; i += W) {
    const batch v = batch::load_unaligned(x + i);
    (0.5f * v * (1.0f + xsimd::erf(v * 0.70710678f))).store_unaligned(x + i);
  }
  exact_gelu(x + i, n - i);
}
void simd_silu(float* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + W <= n; i += W) {
    const batch v = batch::load_unaligned(x + i);
    (v / (1.0f + xsimd::exp(-v))).store_unaligned(x + i);
  }
  exact_silu(x + i, n - i);
}

}  // namespace

/// One backend: softmax of a row (scaled), log-softmax of a row, and the element-wise GELU and
/// SiLU, all in place.
struct Nonlinear::Kernels {
  void (*softmax)(float*, std::size_t, float);
  void (*log_softmax)(float*, std::size_t);
  void (*gelu)(float*, std::size_t);
  void (*silu)(float*, std::size_t);
};

namespace {

// ---- quake: the ladder, orders 1..5 ------------------------------------------------------------

template <int N>
constexpr Nonlinear::Kernels quake_kernels() {
  return {[](float* x, std::size_t n, float scale) {
            if (scale == 1.0f) {
              quake::softmax<N>(x, x, n);  // the same bits as the scaled form with scale 1
            } else {
              quake::softmax<N>(x, x, 1, n, scale);
            }
          },
          [](float* x, std::size_t n) { quake::log_softmax<N>(x, x, n); },
          [](float* x, std::size_t n) { quake::gelu_erf<N>(x, x, n); },
          [](float* x, std::size_t n) { quake::silu<N>(x, x, n); }};
}

/// Every backend, in the order of Nonlinear::all_names().
const Nonlinear::Kernels kBackends[] = {{exact_softmax, exact_log_softmax, exact_gelu, exact_silu},
                                        {simd_softmax, simd_log_softmax, simd_gelu, simd_silu},
                                        quake_kernels<1>(),
                                        quake_kernels<2>(),
                                        quake_kernels<3>(),
                                        quake_kernels<4>(),
                                        quake_kernels<5>()};

}  // namespace

const char* Nonlinear::op_name(int op) {
  static const char* const names[] = {"softmax", "gelu_erf", "silu", "log_softmax"};
  return names[op];
}

const std::vector<std::string>& Nonlinear::all_names() {
  static const std::vector<std::string> names = {"exact",  "simd",   "quake1", "quake2",
                                                 "quake3", "quake4", "quake5"};
  return names;
}

Nonlinear::Nonlinear(const std::string& name) : name_(name) {
  const auto& names = all_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ",") + n;
    throw Error("unknown backend '" + name + "' (known: " + list + ")");
  }
  static_assert(sizeof(kBackends) / sizeof(kBackends[0]) == 7, "one per name of all_names()");
  kernels_ = &kBackends[it - names.begin()];
}

void Nonlinear::softmax(float* s, std::size_t rows, std::size_t cols, float scale, bool causal) {
  Timed t(seconds_[softmax_op]);
  for (std::size_t r = 0; r < rows; ++r) {
    float* row = s + r * cols;
    const std::size_t n = causal ? cols - rows + r + 1 : cols;
    kernels_->softmax(row, n, scale);
    std::fill(row + n, row + cols, 0.0f);
  }
}

void Nonlinear::log_softmax(float* x, std::size_t rows, std::size_t cols) {
  Timed t(seconds_[log_softmax_op]);
  for (std::size_t r = 0; r < rows; ++r) kernels_->log_softmax(x + r * cols, cols);
}

void Nonlinear::gelu_erf(float* x, std::size_t n) {
  Timed t(seconds_[gelu_op]);
  kernels_->gelu(x, n);
}

void Nonlinear::silu(float* x, std::size_t n) {
  Timed t(seconds_[silu_op]);
  kernels_->silu(x, n);
}

}  // namespace quake_models
