// The plain references a user would write with <cmath>: the baseline of quake's speedups (in
// float) and, in double, what the accuracy program measures the row functions against.
#pragma once

#include <cmath>
#include <cstddef>

namespace quake_bench {
namespace ref {

/// sqrt(2/pi), the GELU tanh form's constant (GPT-2, BERT).
constexpr double kGeluC = 0.7978845608028654;
constexpr double kGeluA = 0.044715;

inline float exp(float x) { return std::exp(x); }
inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
inline float tanh(float x) { return std::tanh(x); }
inline float silu(float x) { return x / (1.0f + std::exp(-x)); }
inline float gelu(float x) {
  return 0.5f * x *
         (1.0f +
          std::tanh(static_cast<float>(kGeluC) * (x + static_cast<float>(kGeluA) * x * x * x)));
}
inline float gelu_sigmoid(float x) { return x / (1.0f + std::exp(-1.702f * x)); }
inline float gelu_erf(float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678f)); }

/// Three passes per row: the maximum, exp(x - max) stored and summed, then the scaling.
template <class T>
void softmax_row(const T* in, T* out, std::size_t n) {
  T m = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) m = in[i] > m ? in[i] : m;
  T sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = std::exp(in[i] - m);
    sum += out[i];
  }
  const T inv = T(1) / sum;
  for (std::size_t i = 0; i < n; ++i) out[i] *= inv;
}

/// x - max - log(sum exp(x - max)), three passes.
template <class T>
void log_softmax_row(const T* in, T* out, std::size_t n) {
  T m = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) m = in[i] > m ? in[i] : m;
  T sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::exp(in[i] - m);
  const T shift = m + std::log(sum);
  for (std::size_t i = 0; i < n; ++i) out[i] = in[i] - shift;
}

}  // namespace ref
}  // namespace quake_bench
