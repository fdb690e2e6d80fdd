// The accuracy figures `quake_models eval` reports for an encoder, NaN wherever an input holds a
// NaN: a figure a NaN embedding could improve (std::min skips a NaN; std::partial_sort's order
// breaks on one) would let a broken backend pass its limits.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace quake_models {

/// The dot product of two equally long vectors, in double.
inline double dot(const std::vector<float>& x, const std::vector<float>& y) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += static_cast<double>(x[i]) * y[i];
  return s;
}

/// True when no element of any vector is NaN or infinite.
inline bool all_finite(const std::vector<std::vector<float>>& vs) {
  for (const auto& v : vs)
    for (float x : v)
      if (!std::isfinite(x)) return false;
  return true;
}

/// The minimum and the mean over i of the cosine of got[i] and ref[i]; both NaN when any cosine
/// is NaN.
inline std::pair<double, double> cosine_min_mean(const std::vector<std::vector<float>>& got,
                                                 const std::vector<std::vector<float>>& ref) {
  double cmin = std::numeric_limits<double>::infinity(), sum = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double c = dot(got[i], ref[i]) / std::sqrt(dot(got[i], got[i]) * dot(ref[i], ref[i]));
    if (!(c >= cmin)) cmin = c;  // a NaN replaces the minimum and stays
    sum += c;
  }
  if (std::isnan(sum)) cmin = sum;
  return {cmin, sum / static_cast<double>(got.size())};
}

}  // namespace quake_models
