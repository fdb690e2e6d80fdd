// The plain float references a user would write with <cmath>: what quake's speedups are
// measured against (and, in double, what the accuracy program measures errors against).
#pragma once

#include <cmath>
#include <cstddef>

namespace quake_bench {
namespace ref {

/// sqrt(2/pi), the GELU tanh form's constant (GPT-2, BERT).
constexpr double kGeluC = 0.7978845608028654;
constexpr double kGeluA = 0.044715;

template <class T>
T sigmoid_t(T x) {
  return T(1) / (T(1) + std::exp(-x));
}
template <class T>
T gelu_t(T x) {
  return T(0.5) * x * (T(1) + std::tanh(T(kGeluC) * (x + T(kGeluA) * x * x * x)));
}
template <class T>
T silu_t(T x) {
  return x / (T(1) + std::exp(-x));
}

inline float sigmoid(float x) { return sigmoid_t(x); }
inline float tanh(float x) { return std::tanh(x); }
inline float gelu(float x) { return gelu_t(x); }
inline float silu(float x) { return silu_t(x); }

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

inline void softmax_rows(const float* in, float* out, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) softmax_row(in + r * cols, out + r * cols, cols);
}
inline void log_softmax_rows(const float* in, float* out, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) log_softmax_row(in + r * cols, out + r * cols, cols);
}

}  // namespace ref
}  // namespace quake_bench
