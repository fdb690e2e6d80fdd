// A registry function's contract, as every checker applies it (the GoogleTest suites, the
// exhaustive float check, the double sweep, the fuzzer): the edge rules, the result range, and
// the bound against a reference in a wider type, all read from include/quake/registry.hpp.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <quake/quake.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "common.hpp"

namespace quake_check {

using quake_common::bits_t;
using quake_common::from_bits;
using quake_common::order_key;
using quake_common::show;
using quake_common::show_ref;
using quake_common::to_bits;

/// The bits of a value of any of quake's storage types (float, double, bfloat16, float16).
template <class T>
auto bits_of(T x) {
  if constexpr (quake::detail::is_half<T>) {
    return x.bits();
  } else {
    return to_bits(x);
  }
}

/// The reference type for T: double for float, long double for double (on 32-bit ARM long
/// double is double; every bound there is still far above double's rounding).
template <class T>
using wide_t = std::conditional_t<sizeof(T) == 4, double, long double>;

/// True where T's SIMD arithmetic flushes subnormals to zero (32-bit NEON float;
/// docs/platforms.md).
template <class T>
constexpr bool flushes = quake::detail::simd_flushes_subnormals<T>;

/// x as the build's SIMD arithmetic reads it: a subnormal is a zero of its sign in flushing builds.
template <class T>
T as_read(T x) {
  if (flushes<T> && std::fabs(x) < std::numeric_limits<T>::min()) return std::copysign(T(0), x);
  return x;
}

/// The absolute slack of F's bound for T: the registry's, raised to the smallest normal where
/// SIMD flushes subnormals (a result whose exact value is below it may come out as a zero there).
template <class F, class T>
constexpr double slack() {
  const double s = F::template slack<T>;
  const double flush = flushes<T> ? static_cast<double>(std::numeric_limits<T>::min()) : 0.0;
  return s > flush ? s : flush;
}

/// What a function's rules say about one input (before any reference is computed).
struct Rule {
  bool decided;      // the rule alone fixes the result: no reference needed
  bool ok;           // the result obeys the rule(s) that apply
  const char* what;  // the rule broken, when !ok, or the rule that decided
};
inline Rule measure() { return {false, true, nullptr}; }
inline Rule decided(bool ok, const char* what) { return {true, ok, what}; }

/// Whether y obeys edge rule e for input x.
template <class T>
bool obeys(const quake::edge<T>& e, T x, T y) {
  switch (e.kind) {
    case quake::edge<T>::exactly:
      return to_bits(y) == to_bits(e.a);
    case quake::edge<T>::between:
      return order_key(e.a) <= order_key(y) && order_key(y) <= order_key(e.b) && !std::isnan(y);
    case quake::edge<T>::identity:
      return to_bits(y) == to_bits(as_read(x));
  }
  return false;
}

/// The rules of F at Order for input x and result y: NaN -> NaN; the first edge rule whose
/// interval holds x; otherwise the result must lie in F's range and is measured.
template <class F, int Order, class T>
Rule rule(T x, T y) {
  if (std::isnan(x)) return decided(std::isnan(y), "NaN -> NaN");
  constexpr auto edges = F::template edge_rules<Order, T>();
  for (const auto& e : edges) {
    if (e.contains(x)) return decided(obeys(e, x, y), e.rule);
  }
  if (!F::template range<T>.contains(y)) {
    return {false, false, "result within the function's range"};
  }
  return measure();
}

/// What the rules say about every input of an interval [lo, hi] of non-NaN values (the
/// exhaustive checker asks this for each block of consecutive floats, so it can check the block
/// in tight loops):
/// - measure: no edge rule applies, every result is measured against the bound;
/// - bits: every result's bit pattern lies in [lo, hi] (unsigned), e.g. exactly +0 is [0, 0];
/// - identity: every result is its input, bit for bit;
/// - mixed: anything else; each input then goes through rule() one by one.
template <class T>
struct Region {
  enum Kind { measure, bits, identity, mixed } kind;
  bits_t<T> lo, hi;
};

template <class F, int Order, class T>
Region<T> region(T lo, T hi) {
  constexpr auto edges = F::template edge_rules<Order, T>();
  bool touches = false;
  for (const auto& e : edges) {
    if (e.contains(lo) && e.contains(hi)) {
      switch (e.kind) {
        case quake::edge<T>::exactly:
          return {Region<T>::bits, to_bits(e.a), to_bits(e.a)};
        case quake::edge<T>::between:
          if (!std::signbit(e.a) && !std::signbit(e.b)) {
            return {Region<T>::bits, to_bits(e.a), to_bits(e.b)};
          }
          return {Region<T>::mixed, 0, 0};
        case quake::edge<T>::identity:
          return {flushes<T> ? Region<T>::mixed : Region<T>::identity, 0, 0};
      }
    }
    touches |= e.lo <= hi && lo <= e.hi;
  }
  return {touches ? Region<T>::mixed : Region<T>::measure, 0, 0};
}

/// The error of y against the reference r in F's measure, after the bound's absolute slack:
/// max(0, |y - r| - slack) / scale, scale = |r| (relative) or |x| (per |x|). Compare it with
/// quake::bound<F, Order, T>. NaN y gives NaN.
template <class F, class T, class W>
W error(W x, W y, W r) {
  const W scale = F::error == quake::measure::relative ? std::fabs(r) : std::fabs(x);
  const W d = std::fabs(y - r) - static_cast<W>(slack<F, T>());
  const W excess = d > 0 ? d : (d == d ? W(0) : d);  // NaN stays NaN
  return scale > 0 ? excess / scale : (excess > 0 ? std::numeric_limits<W>::infinity() : excess);
}

template <class F, int Order, class T>
std::pair<T, T> measured_domain() {
  return quake::registry::measured_domain<F, Order, T>();
}

/// Inputs every kernel must handle: zeros, infinities, NaNs (with payloads and signs), the ends
/// of the range, the smallest normals and subnormals, exp's thresholds, and a few switch points.
/// The fuzzer indexes this list: it only ever grows at its end.
template <class T>
std::vector<T> special_values() {
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  return {T(0),
          -T(0),
          L::infinity(),
          -L::infinity(),
          L::quiet_NaN(),
          -L::quiet_NaN(),
          L::signaling_NaN(),
          from_bits<T>(to_bits(L::quiet_NaN()) | 0x2a),
          L::max(),
          L::lowest(),
          L::min(),
          -L::min(),
          L::denorm_min(),
          -L::denorm_min(),
          T(1),
          T(-1),
          R::overflow,
          -R::overflow,
          R::normal_min,
          R::clamp_lo,
          R::clamp_hi,
          T(0.5),
          T(0.6931471805599453),
          T(-0.6931471805599453),
          T(20),
          T(-20),
          T(100),
          T(-100)};
}

/// Every finite end of F's edge intervals: where the rules change, the places to look hardest.
template <class F, int Order, class T>
std::vector<T> edge_points() {
  std::vector<T> v;
  for (const auto& e : F::template edge_rules<Order, T>()) {
    if (std::isfinite(e.lo)) v.push_back(e.lo);
    if (std::isfinite(e.hi)) v.push_back(e.hi);
  }
  return v;
}

}  // namespace quake_check
