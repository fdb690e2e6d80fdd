// The exp-based non-linearities of a transformer, one backend chosen at run time, timed.
//
// Every backend computes the same functions: attention's scaled (and causal) softmax, erf-GELU,
// SiLU and the log-softmax of the logits. Everything else in the runner is the same code for
// every backend, so a difference in a model's output comes from these alone.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace quake_models {

class Nonlinear {
 public:
  /// "exact" (std:: functions in float, row sums in double: the reference), "simd" (xsimd's exp and
  /// erf, ~1 ulp: what a careful engine has) or "quake1" ... "quake5" (quake's ladder); an Error
  /// for anything else.
  explicit Nonlinear(const std::string& name);
  static const std::vector<std::string>& all_names();

  const std::string& name() const { return name_; }

  /// Rows of `cols` scores, in place: softmax(scale * row). Causal: row r of the last `rows`
  /// positions of `cols` sees its first cols - rows + r + 1 entries, the rest are set to 0.
  void softmax(float* s, std::size_t rows, std::size_t cols, float scale, bool causal);
  /// x <- x Phi(x) = x (1 + erf(x / sqrt 2)) / 2, in place.
  void gelu_erf(float* x, std::size_t n);
  /// x <- x / (1 + e^-x), in place.
  void silu(float* x, std::size_t n);
  /// Rows of `cols` logits, in place: log-softmax of each.
  void log_softmax(float* x, std::size_t rows, std::size_t cols);

  /// One backend's four functions (defined in nonlinear.cpp).
  struct Kernels;

  /// The four functions above, for seconds(op).
  enum Op { softmax_op, gelu_op, silu_op, log_softmax_op, op_count };
  static const char* op_name(int op);

  /// Seconds spent in the four functions above (or in one of them) since the last reset().
  double seconds() const { return seconds_[0] + seconds_[1] + seconds_[2] + seconds_[3]; }
  double seconds(int op) const { return seconds_[op]; }
  void reset() { seconds_[0] = seconds_[1] = seconds_[2] = seconds_[3] = 0; }

 private:
  std::string name_;
  const Kernels* kernels_ = nullptr;
  double seconds_[op_count] = {};
};

}  // namespace quake_models
