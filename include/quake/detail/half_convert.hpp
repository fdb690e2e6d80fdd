// The scalar conversions of quake::bfloat16 and quake::float16 (half.hpp), in integer arithmetic
// on the bit patterns: round to nearest even, NaN quieted, subnormals kept. They define the
// bits; the SIMD conversions of half_storage.hpp, in software or hardware, must match them (the
// unit suite compares every float16 and bfloat16, and samples of the floats).
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace quake::detail {

inline std::uint32_t bits_of(float x) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline float float_of(std::uint32_t u) noexcept {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
inline std::uint64_t bits_of(double x) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

/// A binary format with E exponent bits and M stored mantissa bits (bfloat16: 8, 7; binary16: 5,
/// 10), from the bits of a double, rounded to nearest even once. NaN: the sign, the quiet bit
/// and the upper M - 1 payload bits of the double's; overflow: +-inf; subnormal results kept.
template <int E, int M>
constexpr std::uint16_t narrow_from_double_bits(std::uint64_t d) noexcept {
  const auto sign = static_cast<std::uint16_t>((d >> 48) & 0x8000u);
  const std::uint64_t a = d & 0x7fffffffffffffffULL;
  constexpr std::uint16_t inf = static_cast<std::uint16_t>(((1u << E) - 1) << M);
  constexpr int bias = (1 << (E - 1)) - 1;
  if (a > 0x7ff0000000000000ULL) {  // NaN: quiet bit plus the upper payload bits
    const auto payload = static_cast<std::uint16_t>((a >> (52 - M)) & ((1u << M) - 1));
    return static_cast<std::uint16_t>(sign | inf | (1u << (M - 1)) | payload);
  }
  if (a == 0x7ff0000000000000ULL) return static_cast<std::uint16_t>(sign | inf);
  const int e = static_cast<int>(a >> 52) - 1023;  // unbiased; -1023 for zero and subnormals
  // The significand with its implicit bit (53 bits), and the shift that leaves M bits after the
  // target's leading bit: normal targets keep M + 1 bits, subnormal ones fewer.
  const std::uint64_t sig = (a & 0x000fffffffffffffULL) | (e > -1023 ? 0x0010000000000000ULL : 0);
  const int min_exp = 1 - bias;  // the target's smallest normal exponent
  const int shift = 52 - M + (e < min_exp ? min_exp - e : 0);
  if (shift > 62) return sign;  // far below half the smallest subnormal: +-0
  std::uint64_t q = sig >> shift;
  const std::uint64_t rest = sig & ((std::uint64_t{1} << shift) - 1);
  const std::uint64_t half = std::uint64_t{1} << (shift - 1);
  if (rest > half || (rest == half && (q & 1) != 0)) ++q;  // may carry into the exponent: right
  // q holds the target's significand (implicit bit included where normal); add the exponent.
  const int biased = e < min_exp ? 0 : e + bias - 1;  // minus one: q's implicit bit adds it back
  const std::uint64_t r = (static_cast<std::uint64_t>(biased) << M) + q;
  if (r >= inf) return static_cast<std::uint16_t>(sign | inf);
  return static_cast<std::uint16_t>(sign | r);
}

/// bfloat16 from float: nearest even (x + 0x7fff + the kept lowest bit, upper half), NaN quieted.
inline std::uint16_t bf16_from_float(float x) noexcept {
  const std::uint32_t u = bits_of(x);
  if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<std::uint16_t>((u >> 16) | 0x40u);
  return static_cast<std::uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}
inline std::uint16_t bf16_from_double(double x) noexcept {
  return narrow_from_double_bits<8, 7>(bits_of(x));
}
inline float float_from_bf16(std::uint16_t b) noexcept {
  return float_of(static_cast<std::uint32_t>(b) << 16);
}

/// binary16 from float: the double path (a float converts to double exactly).
inline std::uint16_t f16_from_float(float x) noexcept {
  return narrow_from_double_bits<5, 10>(bits_of(static_cast<double>(x)));
}
inline std::uint16_t f16_from_double(double x) noexcept {
  return narrow_from_double_bits<5, 10>(bits_of(x));
}
/// float from binary16: exact; subnormals scaled exactly, NaN quieted.
inline float float_from_f16(std::uint16_t h) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t e = h & 0x7c00u, m = h & 0x3ffu;
  if (e == 0x7c00u) return float_of(sign | 0x7f800000u | (m << 13) | (m != 0 ? 0x400000u : 0u));
  if (e != 0)
    return float_of(sign | ((static_cast<std::uint32_t>(h & 0x7fffu) << 13) + (112u << 23)));
  const float magnitude = static_cast<float>(m) * 0x1p-24f;  // exact: m < 2^10
  return float_of(sign | bits_of(magnitude));
}

}  // namespace quake::detail
