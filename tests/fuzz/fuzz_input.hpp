// The fuzzer's contract checks, shared by the libFuzzer target (fuzz_target.cpp) and the
// GoogleTest suite that replays the seed corpus and every input the fuzzer ever failed on
// (fuzz_regression_test.cpp).
//
// Input layout (every byte string is valid; parsing stops where the data ends):
//   byte 0   bit 0: double (else float); bits 1-3: order = value % 5 + 1; bit 4: in place;
//            bits 5-7: the API (value % kApis; see check_input)
//   byte 1   offset of `in` from a 64-byte aligned address, in elements (% 16)
//   byte 2   offset of `out` (% 16)
//   then values, each a tag byte and its payload (tag % 6):
//     0  raw bits (4 or 8 bytes)             1  special value (1 byte: index into specials)
//     2  a threshold moved by -128..127 ulps (1 byte threshold, 1 byte signed ulps)
//     3  moderate: int16 / 128 (2 bytes)     4  subnormal (raw bits, exponent cleared)
//     5  huge (raw bits, exponent forced into the top 16 binades)
//   at most kMaxValues values.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "../exhaustive/functions.hpp"

#if __has_include(<sanitizer/asan_interface.h>)
#include <sanitizer/asan_interface.h>  // ASAN_(UN)POISON_MEMORY_REGION: no-ops without ASan
#else
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

namespace quake_fuzz {

using quake_check::bits_t;
using quake_check::from_bits;
using quake_check::show;
using quake_check::to_bits;

constexpr std::size_t kMaxValues = 2048;
constexpr std::size_t kGuard = 16;  // canary elements on each side of every buffer
#ifdef QUAKE_CHECK_ACTIVATIONS
// 0: exp, 1: sigmoid, 2: tanh, 3: silu, 4: gelu (element-wise), 5: softmax, 6: log_softmax
constexpr unsigned kApis = 7;
#else
constexpr unsigned kApis = 1;  // 0: element-wise exp
#endif

/// Reads the input bytes in order; past the end, every read fails.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
  bool byte(std::uint8_t& b) {
    if (p_ == end_) return false;
    b = *p_++;
    return true;
  }
  template <class U>
  bool raw(U& u) {
    if (static_cast<std::size_t>(end_ - p_) < sizeof(U)) return false;
    std::memcpy(&u, p_, sizeof(U));
    p_ += sizeof(U);
    return true;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

/// x moved by k representable values (through zero and into infinity and NaN patterns).
template <class T>
T step_ulps(T x, int k) {
  using U = bits_t<T>;
  const U sign = U(1) << (8 * sizeof(T) - 1);
  const U u = to_bits(x);
  // Ordinal: a signed position on the number line.
  const std::int64_t o =
      (u & sign) ? -static_cast<std::int64_t>(u & ~sign) : static_cast<std::int64_t>(u);
  const std::int64_t m = o + k;
  return m < 0 ? from_bits<T>(static_cast<U>(-m) | sign) : from_bits<T>(static_cast<U>(m));
}

template <class T>
std::vector<T> specials() {
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

template <class T>
std::vector<T> thresholds() {
  using R = quake::detail::exp_range<T>;
  return {T(0),        R::overflow, -R::overflow,          R::normal_min,
          R::clamp_lo, R::clamp_hi, T(0.6931471805599453), std::numeric_limits<T>::max()};
}

template <class T>
std::vector<T> read_values(Reader& rd) {
  using U = bits_t<T>;
  constexpr int kMantissa = std::numeric_limits<T>::digits - 1;
  constexpr U kExpMask = ((U(1) << (8 * sizeof(T) - 1)) - 1) & ~((U(1) << kMantissa) - 1);
  const std::vector<T> special = specials<T>();
  const std::vector<T> threshold = thresholds<T>();
  std::vector<T> v;
  std::uint8_t tag = 0, b = 0, c = 0;
  U u = 0;
  std::int16_t s = 0;
  while (v.size() < kMaxValues && rd.byte(tag)) {
    switch (tag % 6) {
      case 0:
        if (!rd.raw(u)) return v;
        v.push_back(from_bits<T>(u));
        break;
      case 1:
        if (!rd.byte(b)) return v;
        v.push_back(special[b % special.size()]);
        break;
      case 2:
        if (!rd.byte(b) || !rd.byte(c)) return v;
        v.push_back(step_ulps(threshold[b % threshold.size()], static_cast<std::int8_t>(c)));
        break;
      case 3:
        if (!rd.raw(s)) return v;
        v.push_back(static_cast<T>(s) / T(128));
        break;
      case 4:
        if (!rd.raw(u)) return v;
        v.push_back(from_bits<T>(u & ~kExpMask));
        break;
      default: {
        if (!rd.raw(u)) return v;
        // Exponent field forced into [max - 16, max - 1]: finite, |x| >= 2^(emax - 15).
        const U top = kExpMask - (U(16) << kMantissa);
        const U e = top + ((u >> kMantissa) % 16 << kMantissa);
        v.push_back(from_bits<T>((u & ~kExpMask) | e));
        break;
      }
    }
  }
  return v;
}

/// A buffer of n elements at `offset` elements from a 64-byte boundary, with at least kGuard
/// canaries either side. Under ASan the canaries are also poisoned, so reading them (not only
/// writing them) is reported, to the 8-byte granule.
template <class T>
class Guarded {
 public:
  static T canary() { return from_bits<T>(static_cast<bits_t<T>>(0x7fa5a5a5a5a5a5a5ull)); }

  Guarded(std::size_t n, std::size_t offset) : n_(n) {
    storage_.assign(n + 2 * kGuard + 64 / sizeof(T) + offset, canary());
    const auto addr = reinterpret_cast<std::uintptr_t>(storage_.data() + kGuard);
    begin_ = kGuard + (64 - addr % 64) % 64 / sizeof(T) + offset;
    ASAN_POISON_MEMORY_REGION(storage_.data(), begin_ * sizeof(T));
    ASAN_POISON_MEMORY_REGION(data() + n_, (storage_.size() - begin_ - n_) * sizeof(T));
  }
  ~Guarded() { ASAN_UNPOISON_MEMORY_REGION(storage_.data(), storage_.size() * sizeof(T)); }
  Guarded(const Guarded&) = delete;
  Guarded& operator=(const Guarded&) = delete;

  T* data() { return storage_.data() + begin_; }

  /// "" or where a canary changed (element index relative to data()).
  std::string damage() {
    ASAN_UNPOISON_MEMORY_REGION(storage_.data(), storage_.size() * sizeof(T));
    for (std::size_t i = 0; i < storage_.size(); ++i) {
      if (i >= begin_ && i < begin_ + n_) continue;
      if (to_bits(storage_[i]) != to_bits(canary())) {
        return "wrote outside [0, n), at index " +
               std::to_string(static_cast<long long>(i) - static_cast<long long>(begin_));
      }
    }
    return "";
  }

 private:
  std::vector<T> storage_;
  std::size_t begin_ = 0;
  std::size_t n_;
};

/// The element-wise contract of an array form: each result obeys the rules and the bound, has
/// the scalar form's bits, nothing outside [0, n) is written, the input (when not in place) is
/// unchanged. Returns "" or what broke.
template <template <class> class F, class T, int N>
std::string check_elementwise(const std::vector<T>& values, std::size_t in_off, std::size_t out_off,
                              bool in_place) {
  using Fn = F<T>;
  using W = std::conditional_t<sizeof(T) == 4, double, long double>;
  const std::size_t n = values.size();
  Guarded<T> in(n, in_off), out(n, out_off);
  std::copy(values.begin(), values.end(), in.data());
  T* dst = in_place ? in.data() : out.data();
  Fn::template array<N>(in.data(), dst, n);

  char head[96];
  std::snprintf(head, sizeof head, "%s<%d>(%s, n = %zu, %s): ", Fn::name, N,
                sizeof(T) == 4 ? "float" : "double", n, in_place ? "in place" : "out of place");
  const std::string in_damage = in.damage(), out_damage = out.damage();
  if (!in_damage.empty()) return head + std::string("input buffer: ") + in_damage;
  if (!out_damage.empty()) return head + std::string("output buffer: ") + out_damage;
  if (!in_place) {
    for (std::size_t i = 0; i < n; ++i) {
      if (to_bits(in.data()[i]) != to_bits(values[i]))
        return head + std::string("modified its input");
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const T x = values[i], y = dst[i];
    const T ys = Fn::template scalar<N>(x);
    if (to_bits(ys) != to_bits(y)) {
      return head + show(x) + " gives " + show(y) + ", the scalar form " + show(ys);
    }
    if (Fn::odd && !std::isnan(x)) {
      const T m = Fn::template scalar<N>(-x);
      if (to_bits(y) != (to_bits(m) ^ (bits_t<T>(1) << (8 * sizeof(T) - 1)))) {
        return head + show(x) + " gives " + show(y) + " but -x gives " + show(m) + ": not odd";
      }
    }
    const quake_check::Rule rule = Fn::template rule<N>(x, y);
    if (!rule.ok) return head + show(x) + " gives " + show(y) + ": " + rule.what;
    if (rule.decided) continue;
    const W ref = Fn::reference(static_cast<W>(x));
    const double err = static_cast<double>(Fn::error(static_cast<W>(x), static_cast<W>(y), ref));
    if (!(err <= Fn::template bound<N>())) {
      return head + show(x) + " gives " + show(y) + ", reference " + quake_check::show_ref(ref) +
             ", error " + std::to_string(err) + " above the bound";
    }
  }
  return "";
}

template <template <class> class F, class T>
std::string check_orders(int order, const std::vector<T>& v, std::size_t a, std::size_t b,
                         bool ip) {
  switch (order) {
    case 1:
      return check_elementwise<F, T, 1>(v, a, b, ip);
    case 2:
      return check_elementwise<F, T, 2>(v, a, b, ip);
    case 3:
      return check_elementwise<F, T, 3>(v, a, b, ip);
    case 4:
      return check_elementwise<F, T, 4>(v, a, b, ip);
    default:
      return check_elementwise<F, T, 5>(v, a, b, ip);
  }
}

#ifdef QUAKE_CHECK_ACTIVATIONS
/// Softmax and log-softmax of one row (quake/softmax.hpp): the edge rules of a row (NaN or +inf
/// anywhere, or all -inf: all NaN; -inf entries: exactly 0 / -inf), results in [0, 1], the sum
/// and every element against a long double reference within the documented bound, nothing
/// written outside the row, and the rows form (two rows) equal to the one-row form per row.
template <class T, int N>
std::string check_softmax(bool log, const std::vector<T>& values, std::size_t in_off,
                          std::size_t out_off, bool in_place) {
  using L = long double;
  const std::size_t n = values.size();
  Guarded<T> in(n, in_off), out(n, out_off);
  std::copy(values.begin(), values.end(), in.data());
  T* dst = in_place ? in.data() : out.data();
  if (log) {
    quake::log_softmax<N>(in.data(), dst, n);
  } else {
    quake::softmax<N>(in.data(), dst, n);
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s<%d>(%s, n = %zu, %s): ", log ? "log_softmax" : "softmax", N,
                sizeof(T) == 4 ? "float" : "double", n, in_place ? "in place" : "out of place");
  const std::string head = buf;
  const std::string in_damage = in.damage(), out_damage = out.damage();
  if (!in_damage.empty()) return head + "input buffer: " + in_damage;
  if (!out_damage.empty()) return head + "output buffer: " + out_damage;
  if (n == 0) return "";
  const std::vector<T> y(dst, dst + n);

  // Rows form: the same bits as the one-row form on each half.
  if (n % 2 == 0) {
    std::vector<T> rows(n), half(n);
    if (log) {
      quake::log_softmax<N>(values.data(), rows.data(), 2, n / 2);
      quake::log_softmax<N>(values.data(), half.data(), n / 2);
      quake::log_softmax<N>(values.data() + n / 2, half.data() + n / 2, n / 2);
    } else {
      quake::softmax<N>(values.data(), rows.data(), 2, n / 2);
      quake::softmax<N>(values.data(), half.data(), n / 2);
      quake::softmax<N>(values.data() + n / 2, half.data() + n / 2, n / 2);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (to_bits(rows[i]) != to_bits(half[i])) return head + "rows form differs from one row";
    }
  }

  bool any_nan = false, any_pinf = false, all_minf = true;
  T m = -std::numeric_limits<T>::infinity();
  for (T x : values) {
    any_nan |= std::isnan(x);
    any_pinf |= x == std::numeric_limits<T>::infinity();
    all_minf &= x == -std::numeric_limits<T>::infinity();
    if (x > m) m = x;
  }
  if (any_nan || any_pinf || all_minf) {
    for (T v : y) {
      if (!std::isnan(v)) return head + "a row with NaN, +inf or only -inf must give NaN";
    }
    return "";
  }
  // Reference in long double: e_i = e^(x_i - m), exact for the purpose (x_i - m rounded to L).
  std::vector<L> e(n);
  L sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = std::exp(static_cast<L>(values[i]) - static_cast<L>(m));
    sum += e[i];
  }
  // The documented summation term, L = 32 (float) / 16 (double) partial sums in every build.
  const double partials = sizeof(T) == 4 ? 32 : 16;
  const double eps = std::numeric_limits<T>::epsilon() / 2;  // 2^-p
  const double summation = (static_cast<double>(n) / partials + 1 + std::log2(partials)) * eps;
  const double bound = 2.2 * quake_check::exp_bound(N) + summation;
  L total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const T x = values[i];
    const L ref = e[i] / sum;
    const double diff_rounding = std::fabs(static_cast<double>(x) - static_cast<double>(m)) * eps;
    if (log) {
      if (x == -std::numeric_limits<T>::infinity()) {
        if (y[i] != x) return head + show(x) + " gives " + show(y[i]) + ", not -inf";
        continue;
      }
      // (x - m) - log(sum): no underflow of e^(x - m) in the way.
      const L lref = static_cast<L>(x) - static_cast<L>(m) - std::log(sum);
      if (!(std::fabs(lref) <= static_cast<L>(std::numeric_limits<T>::max()))) {
        // Beyond the range of T: -inf is the correctly rounded value.
        if (!(y[i] == -std::numeric_limits<T>::infinity() ||
              y[i] == std::numeric_limits<T>::lowest())) {
          return head + show(x) + " gives " + show(y[i]) + ", not -inf (beyond the range)";
        }
        continue;
      }
      const L tol = static_cast<L>(bound + diff_rounding) * std::max<L>(1, std::fabs(lref)) +
                    2 * static_cast<L>(eps) * 2 * std::fabs(lref);
      if (!(std::fabs(static_cast<L>(y[i]) - lref) <= tol)) {
        return head + show(x) + " gives " + show(y[i]) + ", reference " +
               quake_check::show_ref(lref) + ": outside the bound";
      }
      continue;
    }
    if (!(y[i] >= 0 && y[i] <= 1))
      return head + show(x) + " gives " + show(y[i]) + ": not in [0, 1]";
    if (x == -std::numeric_limits<T>::infinity() && to_bits(y[i]) != 0) {
      return head + "-inf gives " + show(y[i]) + ", not +0";
    }
    total += y[i];
    if (ref >= L(1e-30) && !(std::fabs(y[i] / ref - 1) <= bound + diff_rounding)) {
      return head + show(x) + " gives " + show(y[i]) + ", reference " + quake_check::show_ref(ref) +
             ": relative error above the bound";
    }
  }
  if (!log && !(std::fabs(total - 1) <= static_cast<L>(bound) + static_cast<L>(n) * eps)) {
    return head + "the row sums to " + quake_check::show_ref(total);
  }
  return "";
}

template <class T>
std::string check_softmax_orders(bool log, int order, const std::vector<T>& v, std::size_t a,
                                 std::size_t b, bool ip) {
  switch (order) {
    case 1:
      return check_softmax<T, 1>(log, v, a, b, ip);
    case 2:
      return check_softmax<T, 2>(log, v, a, b, ip);
    case 3:
      return check_softmax<T, 3>(log, v, a, b, ip);
    case 4:
      return check_softmax<T, 4>(log, v, a, b, ip);
    default:
      return check_softmax<T, 5>(log, v, a, b, ip);
  }
}
#endif

template <class T>
std::string check_typed(unsigned api, int order, Reader& rd, std::size_t a, std::size_t b,
                        bool in_place) {
  const std::vector<T> values = read_values<T>(rd);
  switch (api) {
#ifdef QUAKE_CHECK_ACTIVATIONS
    case 1:
      return check_orders<quake_check::Sigmoid, T>(order, values, a, b, in_place);
    case 2:
      return check_orders<quake_check::Tanh, T>(order, values, a, b, in_place);
    case 3:
      return check_orders<quake_check::Silu, T>(order, values, a, b, in_place);
    case 4:
      return check_orders<quake_check::Gelu, T>(order, values, a, b, in_place);
    case 5:
      return check_softmax_orders<T>(false, order, values, a, b, in_place);
    case 6:
      return check_softmax_orders<T>(true, order, values, a, b, in_place);
#endif
    default:
      return check_orders<quake_check::Exp, T>(order, values, a, b, in_place);
  }
}

/// Runs one fuzzer input; returns "" when every contract holds, else what broke.
inline std::string check_input(const std::uint8_t* data, std::size_t size) {
  Reader rd(data, size);
  std::uint8_t config = 0, a = 0, b = 0;
  if (!rd.byte(config) || !rd.byte(a) || !rd.byte(b)) return "";
  const bool is_double = config & 1;
  const int order = (config >> 1 & 7) % 5 + 1;
  const bool in_place = config >> 4 & 1;
  const unsigned api = static_cast<unsigned>(config >> 5) % kApis;
  const std::size_t in_off = a % 16, out_off = b % 16;
  return is_double ? check_typed<double>(api, order, rd, in_off, out_off, in_place)
                   : check_typed<float>(api, order, rd, in_off, out_off, in_place);
}

}  // namespace quake_fuzz
