// quake::bfloat16 and quake::float16 -- 16-bit storage types for quake's array functions, which
// load each element as a float, compute in float and round the result once to the type.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

// QUAKE_DETAIL_HALF_DECLARATIONS_ONLY (internal, for the dispatch library's kernel sets, which
// compile quake's code under their own namespaces but share these two types): the classes with
// their conversions declared, not defined, and no conversion code included.
#if !defined(QUAKE_DETAIL_HALF_DECLARATIONS_ONLY)
#include <quake/detail/half_convert.hpp>
#endif

#if defined(__STDCPP_FLOAT16_T__) || defined(__STDCPP_BFLOAT16_T__)
#include <stdfloat>
#endif

// _Float16 where C++ code can use it: clang defines __FLT16_MANT_DIG__ only on such targets; GCC
// defines it for C on more targets than its C++ front end takes the type (x86 from GCC 12, every
// target from GCC 13).
#if defined(__FLT16_MANT_DIG__) && \
    (defined(__clang__) || __GNUC__ >= 13 || defined(__x86_64__) || defined(__i386__))
#define QUAKE_HAS_FLOAT16_TYPE 1
#else
#define QUAKE_HAS_FLOAT16_TYPE 0
#endif

namespace quake {

// A compiler's own 16-bit type converts to and from the class bit for bit, both ways explicit.
#define QUAKE_DETAIL_BIT_CONVERSIONS(Class, Native)                 \
  explicit Class(Native x) noexcept { std::memcpy(&bits_, &x, 2); } \
  explicit operator Native() const noexcept {                       \
    Native x;                                                       \
    std::memcpy(&x, &bits_, 2);                                     \
    return x;                                                       \
  }

/// bfloat16: the upper 16 bits of an IEEE binary32 (1 sign, 8 exponent, 7 mantissa bits): float's
/// range with 8 bits of precision (unit roundoff 2^-8 = 3.9e-3).
///
/// Two bytes, trivially copyable, standard layout, holding exactly the bit pattern (bits(),
/// from_bits()). From float or double: explicit, round to nearest even, once (a double is not
/// rounded to float first); overflow gives +-inf; NaN stays NaN, quieted (the quiet bit set, the
/// sign and the upper payload bits kept); subnormals are kept. To float: exact, implicit (the
/// bits shifted left by 16; a signalling NaN stays signalling). The same bits as AVX512-BF16's
/// conversion where that one's inputs are not subnormal (it flushes those); quake's array forms
/// use it for batches without a subnormal lane where the target has it. Where the compiler has
/// __bf16 or std::bfloat16_t, they convert to and from bfloat16 bit for bit (explicitly).
class bfloat16 {
 public:
  bfloat16() = default;
  explicit bfloat16(float x) noexcept;
  explicit bfloat16(double x) noexcept;
  operator float() const noexcept;

  static constexpr bfloat16 from_bits(std::uint16_t b) noexcept { return bfloat16(b, raw{}); }
  constexpr std::uint16_t bits() const noexcept { return bits_; }

#if defined(__BFLT16_MANT_DIG__)
  QUAKE_DETAIL_BIT_CONVERSIONS(bfloat16, __bf16)
#endif
#if defined(__STDCPP_BFLOAT16_T__)
  QUAKE_DETAIL_BIT_CONVERSIONS(bfloat16, std::bfloat16_t)
#endif

 private:
  struct raw {};
  constexpr bfloat16(std::uint16_t b, raw) noexcept : bits_(b) {}
  std::uint16_t bits_;
};

/// float16: IEEE binary16 (1 sign, 5 exponent, 10 mantissa bits): largest finite 65504, smallest
/// normal 2^-14, subnormals down to 2^-24, unit roundoff 2^-11 = 4.9e-4.
///
/// Two bytes, trivially copyable, standard layout, holding exactly the bit pattern. From float or
/// double: explicit, round to nearest even, once; magnitudes from 65520 up give +-inf; NaN stays
/// NaN, quieted (sign and upper payload bits kept); subnormal results are kept. To float: exact,
/// implicit; a NaN comes out quieted. The same bits as x86's F16C instructions (vcvtps2ph with
/// round to nearest even, vcvtph2ps), which quake uses where the target has them, and as
/// _Float16 and std::float16_t conversions, to and from which it converts bit for bit
/// (explicitly) where the compiler has them.
class float16 {
 public:
  float16() = default;
  explicit float16(float x) noexcept;
  explicit float16(double x) noexcept;
  operator float() const noexcept;

  static constexpr float16 from_bits(std::uint16_t b) noexcept { return float16(b, raw{}); }
  constexpr std::uint16_t bits() const noexcept { return bits_; }

#if QUAKE_HAS_FLOAT16_TYPE
  QUAKE_DETAIL_BIT_CONVERSIONS(float16, _Float16)
#endif
#if defined(__STDCPP_FLOAT16_T__)
  QUAKE_DETAIL_BIT_CONVERSIONS(float16, std::float16_t)
#endif

 private:
  struct raw {};
  constexpr float16(std::uint16_t b, raw) noexcept : bits_(b) {}
  std::uint16_t bits_;
};

#undef QUAKE_DETAIL_BIT_CONVERSIONS

static_assert(sizeof(bfloat16) == 2 && sizeof(float16) == 2, "two bytes");
static_assert(std::is_trivially_copyable<bfloat16>::value &&
                  std::is_trivially_copyable<float16>::value,
              "trivially copyable");
static_assert(std::is_standard_layout<bfloat16>::value && std::is_standard_layout<float16>::value,
              "standard layout");

#if !defined(QUAKE_DETAIL_HALF_DECLARATIONS_ONLY)
inline bfloat16::bfloat16(float x) noexcept : bits_(detail::bf16_from_float(x)) {}
inline bfloat16::bfloat16(double x) noexcept : bits_(detail::bf16_from_double(x)) {}
inline bfloat16::operator float() const noexcept { return detail::float_from_bf16(bits_); }
inline float16::float16(float x) noexcept : bits_(detail::f16_from_float(x)) {}
inline float16::float16(double x) noexcept : bits_(detail::f16_from_double(x)) {}
inline float16::operator float() const noexcept { return detail::float_from_f16(bits_); }
#endif

}  // namespace quake
