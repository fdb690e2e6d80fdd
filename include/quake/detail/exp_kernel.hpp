// The exp ladder's kernels, written once for scalars and xsimd batches (see simd_ops.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <quake/detail/exp_coefficients.hpp>
#include <quake/detail/simd_ops.hpp>
#include <utility>

namespace quake::detail {

/// Range constants of the split form, per element type.
template <class T>
struct exp_range;

template <>
struct exp_range<float> {
  /// Largest float whose exp is finite: 0x1.62e42ep+6 = 88.72283172607421875 < ln(FLT_MAX).
  /// The next float, 88.72283935546875, is above 128*ln2, so its exp overflows.
  static constexpr float overflow = 0x1.62e42ep+6f;
  /// Smallest float whose exp is a normal number: -87.33654022216796875 >= ln(FLT_MIN).
  static constexpr float normal_min = -0x1.5d589ep+6f;
  static constexpr float log2e = 0x1.715476p+0f;  // log2(e) rounded to float
  // Cody-Waite split of ln 2: hi has 15 significant bits, so n*hi is exact for |n| <= 2^9.
  static constexpr float ln2_hi = 0x1.62e400p-1f;
  static constexpr float ln2_lo = 0x1.7f7d1cp-20f;
  /// 1.5*2^23 + 127: adding it to z = x*log2e - 0.5 rounds to the integer n in the low mantissa
  /// bits, offset by the exponent bias, so (bits << 23) is the bit pattern of 2^n.
  static constexpr float magic = 0x1.8000fep+23f;
  static constexpr int mantissa_bits = 23;
  /// z = x*log2e + round_offset; n = round(z). See exp_split.
  static constexpr float round_offset = -0.5f;
  /// Clamp bounds of the split form: -88 gives n = -127 (exponent field 0, so 2^n reads as +0);
  /// 89 gives n = 128 (field 255, so 2^n reads as +inf). Both are beyond the finite range.
  static constexpr float clamp_lo = -88.0f;
  static constexpr float clamp_hi = 89.0f;
};

template <>
struct exp_range<double> {
  /// Largest double whose exp is finite: 0x1.62e42fefa39efp+9 = 709.782712893384 < ln(DBL_MAX).
  static constexpr double overflow = 0x1.62e42fefa39efp+9;
  /// Smallest double whose exp is a normal number (>= ln(DBL_MIN)).
  static constexpr double normal_min = -0x1.6232bdd7abcd2p+9;
  static constexpr double log2e = 0x1.71547652b82fep+0;
  // fdlibm's Cody-Waite split of ln 2: hi has 32 significant bits.
  static constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  static constexpr double magic = 0x1.80000000003ffp+52;  // 1.5*2^52 + 1023
  static constexpr int mantissa_bits = 52;
  /// -0.5 + 2^-44. The two boundary inputs of double land within 1e-13 of a tie: the largest
  /// finite input at z = 1023.5 (the tie goes to n = 1023, as it must) and normal_min at
  /// z = -1022.5 (where n must be -1022, not -1023). The 2^-44 pushes the latter past the tie
  /// without moving the former, and keeps exp(0) at n = 0. It also means n steps up slightly
  /// before x*log2e reaches the integer, so the reduced argument can be a hair below 0; it is
  /// clamped to 0 (an error of at most 2^-44 ln2), which keeps the result monotone.
  static constexpr double round_offset = -0x1.ffffffffffc00p-2;
  /// Without FMA, x*log2e is rounded before the offset is added, and both boundary inputs land
  /// exactly on integers (1024 and -1022). -0.5 + 2^-43 then gives normal_min n = -1022, and the
  /// largest finite input (which now gets n = 1024) is caught by a final clamp to DBL_MAX.
  static constexpr double round_offset_unfused = -0x1.ffffffffff800p-2;
  static constexpr double clamp_lo = -709.0;  // n = -1023: exponent field 0 -> +0
  static constexpr double clamp_hi = 710.0;   // n = 1024: exponent field 2047 -> +inf
};

/// What a caller knows of exp's argument. nonpositive: every argument is <= 0 or NaN (softmax's
/// t - max, tanh's -2|x|), so the kernels of orders 2-5 skip their upper clamp, one operation of
/// about twelve, and give the same bits as for `any`. A positive argument beyond the clamp would
/// then give a wrong finite value, not +inf. Order 1 for float has no clamp to skip: its blend is
/// also what carries a NaN, so it is the same kernel in both domains.
enum class exp_domain { any, nonpositive };

/// Horner's steps acc = acc * x + c[k] for k = n-1 down to 0 (n = sizeof...(K)), fused where the
/// target fuses, each coefficient converted to the element type. The steps are unrolled at
/// compile time, so the scalar form is straight-line code at every optimisation level, as the
/// SIMD form is.
template <class V, class C, std::size_t... K>
inline V horner_steps(V acc, const V& x, const C* c, std::index_sequence<K...>) noexcept {
  using T = value_type_t<V>;
  ((acc = mul_add(acc, x, splat<V>(T(c[sizeof...(K) - 1 - K])))), ...);
  return acc;
}

/// Horner evaluation of 1 + c[0]*x + c[1]*x^2 + ... + c[D-1]*x^D.
template <std::size_t D, class V, class T>
inline V poly_one_plus(const V& x, const T (&c)[D]) noexcept {
  const V acc = horner_steps(splat<V>(c[D - 1]), x, c, std::make_index_sequence<D - 1>{});
  return mul_add(acc, x, splat<V>(T(1)));
}

/// c[k] * Times^(k+1), exactly (Times a power of two): the coefficients of poly_one_plus in h
/// that give, step by step, the bits of poly_one_plus(Times * h, c). Horner's k-th accumulator
/// in h is Times^(k+1) times the one in r = Times * h, and a product by a power of two commutes
/// with each rounding while the values stay normal (they are each at least c[k]).
template <int Times, class T, std::size_t D>
struct times_scaled {
  T c[D];
  constexpr explicit times_scaled(const T (&from)[D]) noexcept : c{} {
    T power = T(Times);
    for (std::size_t k = 0; k < D; ++k, power *= T(Times)) c[k] = from[k] * power;
  }
};

/// Order 1 for float: the QuAKE / Schraudolph trick. as_float(int(c0*x + c1)) with
/// c1 = 127*2^23 reads back as 2^n * (1 + f), which overestimates 2^(n+f) by up to 6.1%; the
/// multiplication by `order1_a` centres that error (+-2.98%). Scaling after the trick, instead of
/// subtracting an offset inside it as Schraudolph does, keeps every result whose true value is
/// normal out of the subnormal range, where the trick's missing implicit bit would add 4% error.
/// Cost: fma, max, convert, mul, compare, add, blend.
/// Unit = true skips the centring multiplication: the result is then 2^n * (1 + f), which is
/// exactly 1 at x = 0 and overestimates e^x by a factor in [1, 1.0613] (see exp_kernel_unit).
template <bool Unit = false, class V>
inline V exp_order1_trick(const V& x) noexcept {
  using K = exp_coefficients<float>;
  using R = exp_range<float>;
  const V inf = splat<V>(std::numeric_limits<float>::infinity());
  if constexpr (std::is_floating_point<V>::value) {
    // Scalar: overflow and NaN leave first, so the conversion below only ever sees t in
    // [0, 2^31), where it is defined. (Builds whose SIMD flushes subnormals run scalar floats
    // through the SIMD branch: detail::apply_one.)
    if (!(x <= R::overflow)) return x + inf;
    const float t = max_b(mul_add(x, K::order1_c0, K::order1_c1), 0.0f);
    const auto i = static_cast<std::uint32_t>(static_cast<std::int32_t>(t));
    const float trick = from_bits<float>(i);
    return Unit ? trick : product(trick, K::order1_a);
  } else {
    // SIMD: out-of-range lanes convert to whatever the ISA gives; the blend replaces them.
    const V t = max_b(mul_add(x, splat<V>(K::order1_c0), splat<V>(K::order1_c1)), splat<V>(0.0f));
    const V trick = compat::bitcast<float>(compat::to_int32(t));
    V r;
    if constexpr (Unit) {
      r = trick;
    } else {
      r = product(trick, splat<V>(K::order1_a));
    }
    if constexpr (simd_flushes_subnormals<float>) {
      // Where SIMD flushes subnormals (32-bit NEON), results for x just above normal_min would
      // flush to 0 (relative error 1); they are raised to FLT_MIN, which is nearer the true value
      // (>= FLT_MIN there), and everything below normal_min gives +0. Three more instructions.
      constexpr float min_normal = std::numeric_limits<float>::min();
      r = if_else(x >= splat<V>(R::normal_min), max_b(r, splat<V>(min_normal)), splat<V>(0.0f));
    }
    return if_else(x <= splat<V>(R::overflow), r, x + inf);
  }
}

/// Times * a, exactly. Times = -1 is 0 - a (+0 for a = 0), which keeps a NaN's sign on every path:
/// unary minus flips it in scalar code but not in xsimd 8's batches, and GCC folds a * -1 into
/// unary minus.
template <int Times, class V>
inline V times(const V& a) noexcept {
  using T = value_type_t<V>;
  if constexpr (Times == 1) {
    return a;
  } else if constexpr (Times == -1) {
    return splat<V>(T(0)) - a;
  } else {
    return a * splat<V>(T(Times));
  }
}

/// Orders 1 (double) to 5: split x*log2(e) = n + f explicitly, 2^n from the bits of the
/// "magic" sum, 2^f (or e^r, r = f*ln2) from the order's polynomial.
///
/// n = round(z), z = x*log2e - 0.5, i.e. floor(x*log2e); at a tie (z half-integer) n is odd,
/// which gives f = 1 instead of f = 0 -- the same value, as p(1) = 2 p(0) exactly.
/// Edges need no branch: x is clamped to [clamp_lo, clamp_hi], where the exponent field of 2^n
/// reaches 0 (result +0) and all ones (+inf); the largest finite input keeps n and f below the
/// overflow, the next one reaches it. NaN propagates through the clamp (it is the operand that
/// x86 min/max return and NEON propagates) and the arithmetic.
///
/// For orders <= 3, f = (z - n) + 0.5 is derived from the same rounded z as n. This is
/// what makes the result monotone: f is exact in [0, 1], non-decreasing in x between exponent
/// steps, and Horner's rule with positive coefficients and fused multiply-adds is monotone in
/// f >= 0; at an exponent step the left side stays <= 2^n p(1) = 2^(n+1) p(0).
/// Unit = true (order 1 only) drops the centring factor a: p = 1 + f (see exp_kernel_unit).
/// Domain nonpositive drops the upper clamp (see exp_domain).
/// Times != 1 (a negative power of two, see exp_kernel_times): the argument is Times * xin.
template <int Order, bool Unit = false, exp_domain Domain = exp_domain::any, int Times = 1, class V>
inline V exp_split(const V& xin) noexcept {
  using T = value_type_t<V>;
  using R = exp_range<T>;
  using K = exp_coefficients<T>;
  constexpr bool unfused_double = !fuses<V>::value && std::is_same<T, double>::value;
  constexpr T offset = [] {
    if constexpr (unfused_double) {
      return R::round_offset_unfused;
    } else {
      return R::round_offset;
    }
  }();
  V x, z;  // x: the clamped argument, which orders 4-5 read again
  if constexpr (Times == 1) {
    x = max_b(splat<V>(R::clamp_lo), xin);  // NaN passes (second operand)
    if constexpr (Domain == exp_domain::any) x = min_b(splat<V>(R::clamp_hi), x);
    z = mul_add(x, splat<V>(R::log2e), splat<V>(offset));
  } else {
    static_assert(Times < 0 && (-Times & (-Times - 1)) == 0, "Times: a negative power of two");
    // Times * a <= clamp_lo exactly where a >= clamp_lo / Times (and >= clamp_hi where
    // a <= clamp_hi / Times; all exact), and the fma multiplies by the exact Times * log2e: the
    // same real product as (Times * a) * log2e, so the same z. The clamps pass NaN, as above.
    V a = min_b(splat<V>(R::clamp_lo / T(Times)), xin);
    if constexpr (Domain == exp_domain::any) a = max_b(splat<V>(R::clamp_hi / T(Times)), a);
    z = mul_add(a, splat<V>(R::log2e * T(Times)), splat<V>(offset));
    x = a;  // orders 4-5 reduce h = r / Times from a (below)
  }
  const V s = z + splat<V>(R::magic);
  const V n = s - splat<V>(R::magic);
  const V scale = from_bits<V>(shift_left<R::mantissa_bits>(to_bits(s)));
  V p;
  constexpr bool clamp_reduced = offset != T(-0.5);
  if constexpr (Order <= 3) {
    V f = (z - n) - splat<V>(offset);  // exact
    if constexpr (clamp_reduced) f = max_b(splat<V>(T(0)), f);
    if constexpr (Order == 1 && Unit) {
      p = f + splat<V>(T(1));
    } else if constexpr (Order == 1) {
      p = mul_add(f, splat<V>(K::order1_a), splat<V>(K::order1_a));
    } else if constexpr (Order == 2) {
      p = poly_one_plus(f, K::order2);
    } else {
      p = poly_one_plus(f, K::order3);
    }
  } else if constexpr (Times == 1) {
    V r = mul_add(n, splat<V>(-R::ln2_hi), x);  // r = x - n*ln2 in [0, ln2], Cody-Waite
    r = mul_add(n, splat<V>(-R::ln2_lo), r);
    if constexpr (clamp_reduced) r = max_b(splat<V>(T(0)), r);
    if constexpr (Order == 4) {
      p = poly_one_plus(r, K::order4);
    } else {
      p = poly_one_plus(r, K::order5);
    }
  } else {
    // The same reduction of Times * a without forming it: h = a - n*ln2/Times, so r = Times * h
    // at every step (the constants and each rounding scale exactly by the power of two: a nonzero
    // r is at least 2^-43 here, never subnormal), and the polynomial in h with coefficients
    // c[k] * Times^(k+1) has the bits of the polynomial in r (times_scaled). Saves the product.
    V h = mul_add(n, splat<V>(-R::ln2_hi / T(Times)), x);
    h = mul_add(n, splat<V>(-R::ln2_lo / T(Times)), h);
    if constexpr (clamp_reduced) h = min_b(splat<V>(T(0)), h);  // r >= 0 is h <= 0; NaN passes
    if constexpr (Order == 4) {
      static constexpr times_scaled<Times, T, std::size(K::order4)> c(K::order4);
      p = poly_one_plus(h, c.c);
    } else {
      static constexpr times_scaled<Times, T, std::size(K::order5)> c(K::order5);
      p = poly_one_plus(h, c.c);
    }
  }
  // The last product goes through detail::product (an fma with +0), so that a caller's
  // `1 + exp(x)` or `sum += exp(x)` cannot be contracted into it.
  const V e = product(p, scale);
  if constexpr (unfused_double) {
    const V r = min_b(splat<V>(std::numeric_limits<T>::max()), e);
    const V arg = times<Times>(xin);
    return if_else(arg <= splat<V>(R::overflow), r,
                   arg + splat<V>(std::numeric_limits<T>::infinity()));
  } else {
    return e;
  }
}

template <int Order, exp_domain Domain = exp_domain::any, class V>
inline V exp_kernel(const V& x) noexcept {
  check_order<Order>();
  if constexpr (Order == 1 && std::is_same<value_type_t<V>, float>::value) {
    return exp_order1_trick(x);
  } else {
    return exp_split<Order, false, Domain>(x);
  }
}

/// exp_kernel<Order, Domain>(times<Times>(a)) for a negative power of two Times (sigmoid's e^-x,
/// tanh's e^-2|x|), with the same bits: where exp splits its argument (orders 2-5, and order 1
/// for double), the multiply goes into exp's first fma and the clamps onto a, and at orders 4-5
/// into the reduction's constants and the polynomial's coefficients: one operation fewer.
template <int Order, int Times, exp_domain Domain = exp_domain::any, class V>
inline V exp_kernel_times(const V& a) noexcept {
  check_order<Order>();
  if constexpr (Order == 1 && std::is_same<value_type_t<V>, float>::value) {
    return exp_order1_trick(times<Times>(a));
  } else {
    return exp_split<Order, false, Domain, Times>(a);
  }
}

/// c_N * e^x, with c_N = 1 for orders 2..5 (the same bits as exp_kernel) and c_1 = 1/a for
/// order 1 (the uncentred bit trick, 2^n * (1 + f), in [1, 1.0613] * e^x). Exactly 1 at x = 0 for
/// every order. For callers that only need e^x up to a common factor, e.g. softmax's ratios,
/// where it saves order 1's multiplication and keeps exp(0) exact.
template <int Order, exp_domain Domain = exp_domain::any, class V>
inline V exp_kernel_unit(const V& x) noexcept {
  check_order<Order>();
  if constexpr (Order == 1 && std::is_same<value_type_t<V>, float>::value) {
    return exp_order1_trick<true>(x);
  } else {
    return exp_split<Order, true, Domain>(x);
  }
}

}  // namespace quake::detail
