// What the GoogleTest suites (test_support.hpp) and the checkers that do not link GoogleTest
// (exhaustive/, fuzz/) share: bit access and the documented bounds of quake::exp.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace quake_common {

/// The maximum relative error of quake::exp<Order> documented in include/quake/exp.hpp, float
/// and double alike (index 0 unused).
constexpr double exp_bound(int order) {
  constexpr double b[] = {0.0, 2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7};
  return b[order];
}

/// The unsigned integer of T's width, and T's bits through it (std::memcpy: no aliasing UB).
template <class T>
using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T>
T from_bits(bits_t<T> u) {
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class T>
bits_t<T> to_bits(T x) {
  bits_t<T> u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

}  // namespace quake_common
