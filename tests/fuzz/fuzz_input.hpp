// The fuzzer's contract checks, shared by the libFuzzer target (fuzz_target.cpp) and the
// GoogleTest suite that replays the seed corpus and every input the fuzzer ever failed on
// (fuzz_regression_test.cpp). What is checked comes from the registry
// (include/quake/registry.hpp) through tests/contract.hpp.
//
// Input layout (every byte string is valid; parsing stops where the data ends):
//   byte 0   bit 0: double (else float); bits 1-3: order = value % 5 + 1; bit 4: in place;
//            bits 5-7: the function, by its registry fuzz_id; 7 means "byte 3 gives the id,
//            7 + its value". The mapping only grows: a corpus file keeps its meaning when
//            functions are added, and an id no function has is a valid input that checks nothing.
//            Ids from 64 are the function with fuzz_id id - 64 on 16-bit storage: bit 0 then
//            picks float16 (else bfloat16), and every value is 2 raw bytes (no tags).
//   byte 1   offset of `in` from a 64-byte aligned address, in elements (% 16)
//   byte 2   offset of `out` (% 16)
//   (byte 3  the rest of the id, where bits 5-7 of byte 0 are 7)
//   (one byte: the scale, for the scaled and masked row forms (fuzz_id_scaled); their values
//   are the scores, then as many mask values. The online softmax step (fuzz_id_online): one byte,
//   scale and slope; values: the max and the sum before the step, scores, as many mask values)
//   then values, each a tag byte and its payload (tag % 6):
//     0  raw bits (4 or 8 bytes)             1  special value (1 byte: index into specials)
//     2  a threshold moved by -128..127 ulps (1 byte threshold, 1 byte signed ulps)
//     3  moderate: int16 / 128 (2 bytes)     4  subnormal (raw bits, exponent cleared)
//     5  huge (raw bits, exponent forced into the top 16 binades)
//   at most kMaxValues values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "../contract.hpp"

#if __has_include(<sanitizer/asan_interface.h>)
#include <sanitizer/asan_interface.h>  // ASAN_(UN)POISON_MEMORY_REGION: no-ops without ASan
#else
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

namespace quake_fuzz {

using quake_check::bits_of;
using quake_check::bits_t;
using quake_check::from_bits;
using quake_check::show;
using quake_check::to_bits;

constexpr std::size_t kMaxValues = 2048;
constexpr std::size_t kGuard = 16;  // canary elements on each side of every buffer

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

/// The values a `special` tag picks from (by index: the list only ever grows at its end).
template <class T>
std::vector<T> specials() {
  return quake_check::special_values<T>();
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
  static T canary() {
    if constexpr (quake::detail::is_half<T>) {
      return T::from_bits(0x7fa5);  // a NaN in either 16-bit type
    } else {
      return from_bits<T>(static_cast<bits_t<T>>(0x7fa5a5a5a5a5a5a5ull));
    }
  }

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
      if (bits_of(storage_[i]) != bits_of(canary())) {
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
template <class F, class T, int N>
std::string check_elementwise(const std::vector<T>& values, std::size_t in_off, std::size_t out_off,
                              bool in_place) {
  using W = quake_check::wide_t<T>;
  const std::size_t n = values.size();
  Guarded<T> in(n, in_off), out(n, out_off);
  std::copy(values.begin(), values.end(), in.data());
  T* dst = in_place ? in.data() : out.data();
  F::template array<N>(in.data(), dst, n);

  char head[96];
  std::snprintf(head, sizeof head, "%s<%d>(%s, n = %zu, %s): ", F::name, N,
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
    const T ys = F::template scalar<N>(x);
    if (to_bits(ys) != to_bits(y)) {
      return head + show(x) + " gives " + show(y) + ", the scalar form " + show(ys);
    }
    if (F::odd && !std::isnan(x)) {
      const T m = F::template scalar<N>(-x);
      if (to_bits(y) != (to_bits(m) ^ (bits_t<T>(1) << (8 * sizeof(T) - 1)))) {
        return head + show(x) + " gives " + show(y) + " but -x gives " + show(m) + ": not odd";
      }
    }
    const quake_check::Rule rule = quake_check::rule<F, N>(x, y);
    if (!rule.ok) return head + show(x) + " gives " + show(y) + ": " + rule.what;
    if (rule.decided) continue;
    const W ref = F::reference(static_cast<W>(x));
    const double err =
        static_cast<double>(quake_check::error<F, T>(static_cast<W>(x), static_cast<W>(y), ref));
    if (!(err <= quake::bound<F, N, T>)) {
      return head + show(x) + " gives " + show(y) + ", reference " + quake_check::show_ref(ref) +
             ", error " + std::to_string(err) + " above the bound";
    }
  }
  return "";
}

/// The results y of a row function F (softmax, log_softmax) on a row whose values are t (the
/// inputs, or scale * in + mask as T computes it), against the registry's row rules (a NaN row:
/// all NaN; -inf values: exactly F::at_minus_inf), softmax results in [0, 1] summing to 1 and in
/// [0, tiny_result] where the true value is below tiny, and every other element against the
/// registry's long double reference within its bound (tmax: the largest |t|, for the scaled
/// form's rounding term; 0 for the plain form).
template <class F, class T, int N>
std::string check_row_results(const std::string& head, const std::vector<T>& values,
                              const std::vector<T>& y, double tmax) {
  using L = long double;
  using Lim = std::numeric_limits<T>;
  constexpr bool log = std::is_same<F, quake::fn::log_softmax>::value;
  const std::size_t n = values.size();
  if (F::nan_row(values.data(), n)) {
    for (T v : y) {
      if (!std::isnan(v)) return head + "a row with NaN, +inf or only -inf must give NaN";
    }
    return "";
  }
  T m = -Lim::infinity();
  for (T x : values) m = x > m ? x : m;
  std::vector<L> ref(n);
  F::template reference<L>(values.data(), ref.data(), n);
  L total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const T x = values[i];
    const double d = std::fabs(static_cast<double>(x) - static_cast<double>(m));
    if (x == -Lim::infinity()) {
      if (to_bits(y[i]) != to_bits(F::template at_minus_inf<T>)) {
        return head + "-inf gives " + show(y[i]) + ", not " + show(F::template at_minus_inf<T>);
      }
      continue;
    }
    if constexpr (log) {
      if (!(std::fabs(ref[i]) <= static_cast<L>(Lim::max()))) {
        // Beyond the range of T: -inf is the correctly rounded value.
        if (!(y[i] == -Lim::infinity() || y[i] == Lim::lowest())) {
          return head + show(x) + " gives " + show(y[i]) + ", not -inf (beyond the range)";
        }
        continue;
      }
      const double tol = F::template allowed<N, T>(n, d, static_cast<double>(ref[i]), tmax);
      if (!(std::fabs(static_cast<L>(y[i]) - ref[i]) <= static_cast<L>(tol))) {
        return head + show(x) + " gives " + show(y[i]) + ", reference " +
               quake_check::show_ref(ref[i]) + ": outside the bound";
      }
    } else {
      if (!(y[i] >= 0 && y[i] <= 1)) {
        return head + show(x) + " gives " + show(y[i]) + ": not in [0, 1]";
      }
      total += y[i];
      if (ref[i] < static_cast<L>(F::tiny)) {
        if (!(y[i] <= static_cast<T>(F::tiny_result))) {
          return head + show(x) + " gives " + show(y[i]) + ", reference " +
                 quake_check::show_ref(ref[i]) + ": a tiny value must be in [0, 2e-30]";
        }
      } else if (!(std::fabs(y[i] - ref[i]) <= static_cast<L>(F::template allowed<N, T>(
                                                   n, d, static_cast<double>(ref[i]), tmax)))) {
        return head + show(x) + " gives " + show(y[i]) + ", reference " +
               quake_check::show_ref(ref[i]) + ": relative error above the bound";
      }
    }
  }
  if constexpr (!log) {
    if (!(std::fabs(total - 1) <= static_cast<L>(quake::fn::softmax::sum_allowed<T>(n)))) {
      return head + "the row sums to " + quake_check::show_ref(total);
    }
  }
  return "";
}

/// A row function on one row: nothing written outside the row, the rows form (two rows) equal
/// to the one-row form, and check_row_results.
template <class F, class T, int N>
std::string check_rows(const std::vector<T>& values, std::size_t in_off, std::size_t out_off,
                       bool in_place) {
  const std::size_t n = values.size();
  Guarded<T> in(n, in_off), out(n, out_off);
  std::copy(values.begin(), values.end(), in.data());
  T* dst = in_place ? in.data() : out.data();
  F::template array<N>(in.data(), dst, n);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s<%d>(%s, n = %zu, %s): ", F::name, N,
                sizeof(T) == 4 ? "float" : "double", n, in_place ? "in place" : "out of place");
  const std::string head = buf;
  const std::string in_damage = in.damage(), out_damage = out.damage();
  if (!in_damage.empty()) return head + "input buffer: " + in_damage;
  if (!out_damage.empty()) return head + "output buffer: " + out_damage;
  if (n == 0) return "";
  if (n % 2 == 0) {
    std::vector<T> rows(n), half(n);
    F::template rows_form<N>(values.data(), rows.data(), 2, n / 2);
    F::template array<N>(values.data(), half.data(), n / 2);
    F::template array<N>(values.data() + n / 2, half.data() + n / 2, n / 2);
    for (std::size_t i = 0; i < n; ++i) {
      if (to_bits(rows[i]) != to_bits(half[i])) return head + "rows form differs from one row";
    }
  }
  return check_row_results<F, T, N>(head, values, std::vector<T>(dst, dst + n), 0);
}

/// The scales a scaled-form input picks from (by its first byte).
template <class T>
T fuzz_scale(std::uint8_t b) {
  const T scales[] = {T(1), T(0.125), T(-0.5), T(8), T(0), T(1e-3), T(3), T(-1)};
  return scales[b % 8];
}

/// The scaled and masked form (F::scaled) on one row: the values read are scores (the first half)
/// and a mask (the second half); scale from one byte. Nothing written outside the row; two rows
/// sharing one mask row (stride 0) equal to each row on its own; scale 1 without a mask equal to
/// the plain form; and check_row_results on t = scale * score + mask as T computes it.
template <class F, class T, int N>
std::string check_scaled_rows(Reader& rd, std::size_t in_off, std::size_t out_off, bool in_place) {
  std::uint8_t sb = 0;
  if (!rd.byte(sb)) return "";
  const T scale = fuzz_scale<T>(sb);
  const std::vector<T> values = read_values<T>(rd);
  const std::size_t n = values.size() / 2;
  const std::vector<T> score(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<T> mask(values.begin() + static_cast<std::ptrdiff_t>(n),
                            values.begin() + static_cast<std::ptrdiff_t>(2 * n));
  Guarded<T> in(n, in_off), out(n, out_off), mk(n, 0);
  std::copy(score.begin(), score.end(), in.data());
  std::copy(mask.begin(), mask.end(), mk.data());
  T* dst = in_place ? in.data() : out.data();
  F::template scaled<N>(in.data(), dst, 1, n, scale, mk.data(), 0);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s<%d> scaled by %g and masked (%s, n = %zu, %s): ", F::name, N,
                static_cast<double>(scale), sizeof(T) == 4 ? "float" : "double", n,
                in_place ? "in place" : "out of place");
  const std::string head = buf;
  for (const std::string& damage : {in.damage(), out.damage(), mk.damage()}) {
    if (!damage.empty()) return head + "buffer: " + damage;
  }
  if (n == 0) return "";
  const std::vector<T> y(dst, dst + n);
  if (n % 2 == 0) {  // two rows, one mask row for both (stride 0), against each row alone
    std::vector<T> both(n), each(n);
    F::template scaled<N>(score.data(), both.data(), 2, n / 2, scale, mask.data(), 0);
    F::template scaled<N>(score.data(), each.data(), 1, n / 2, scale, mask.data(), n / 2);
    F::template scaled<N>(score.data() + n / 2, each.data() + n / 2, 1, n / 2, scale, mask.data(),
                          n / 2);
    for (std::size_t i = 0; i < n; ++i) {
      if (to_bits(both[i]) != to_bits(each[i])) return head + "a broadcast mask row differs";
    }
  }
  {  // scale 1, no mask: the plain form's bits
    std::vector<T> plain(n), unscaled(n);
    F::template array<N>(score.data(), plain.data(), n);
    F::template scaled<N>(score.data(), unscaled.data(), 1, n, T(1), static_cast<const T*>(nullptr),
                          0);
    for (std::size_t i = 0; i < n; ++i) {
      if (to_bits(plain[i]) != to_bits(unscaled[i])) return head + "scale 1 differs from plain";
    }
  }
  std::vector<T> t(n);
  double tmax = 0;
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = quake::detail::mul_add(score[i], scale, mask[i]);
    if (std::isfinite(t[i])) tmax = std::max(tmax, std::fabs(static_cast<double>(t[i])));
  }
  return check_row_results<F, T, N>(head, t, y, tmax);
}

/// The online softmax step (quake::fn::softmax::online) on one row: one byte picks the scale
/// (bits 0-2) and the mask's slope (bits 3-5); the first two values are the row's max and sum
/// before the step (the sum's magnitude), then scores and as many mask values. Nothing written
/// outside the row; out, max and rescale the bits of the registry's online_reference; the sum
/// NaN where that is, else within online_sum_allowed (+inf where the exact sum overflows).
template <class T, int N>
std::string check_online(Reader& rd, std::size_t in_off, std::size_t out_off, bool in_place) {
  using W = quake_check::wide_t<T>;
  std::uint8_t sb = 0;
  if (!rd.byte(sb)) return "";
  const T scale = fuzz_scale<T>(sb), slope = fuzz_scale<T>(static_cast<std::uint8_t>(sb >> 3));
  std::vector<T> values = read_values<T>(rd);
  if (values.size() < 3) return "";
  const T max0 = values[0], sum0 = std::fabs(values[1]);
  values.erase(values.begin(), values.begin() + 2);
  const std::size_t n = values.size() / 2;
  Guarded<T> in(n, in_off), out(n, out_off), mk(n, 0), state(3, 0);
  std::copy(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n), in.data());
  std::copy(values.begin() + static_cast<std::ptrdiff_t>(n),
            values.begin() + static_cast<std::ptrdiff_t>(2 * n), mk.data());
  T* dst = in_place ? in.data() : out.data();
  T* st = state.data();
  st[0] = max0;
  st[1] = sum0;
  std::vector<T> want(n);
  T want_max = max0, want_rescale = 0;
  const W exact = quake::fn::softmax::online_reference<W, N>(
      values.data(), want.data(), n, scale, values.data() + n, slope, want_max, sum0, want_rescale);
  quake::fn::softmax::online<N>(in.data(), dst, 1, n, scale, static_cast<const T*>(mk.data()), 0,
                                slope, st, st + 1, st + 2);
  char buf[160];
  std::snprintf(buf, sizeof buf, "online_softmax<%d> scale %g slope %g (%s, n = %zu, %s): ", N,
                static_cast<double>(scale), static_cast<double>(slope),
                sizeof(T) == 4 ? "float" : "double", n, in_place ? "in place" : "out of place");
  const std::string head = buf;
  for (const std::string& damage : {in.damage(), out.damage(), mk.damage(), state.damage()}) {
    if (!damage.empty()) return head + "buffer: " + damage;
  }
  if (n == 0) {
    if (to_bits(st[0]) != to_bits(max0) || to_bits(st[1]) != to_bits(sum0))
      return head + "an empty row changed the state";
    return "";
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool both_nan = dst[i] != dst[i] && want[i] != want[i];
    if (!both_nan && to_bits(dst[i]) != to_bits(want[i]))
      return head + "element " + std::to_string(i) + " gives " + show(dst[i]) + ", not " +
             show(want[i]);
  }
  const auto same = [](T a, T b) { return (a != a && b != b) || to_bits(a) == to_bits(b); };
  if (!same(st[0], want_max)) return head + "max " + show(st[0]) + ", not " + show(want_max);
  if (!same(st[2], want_rescale))
    return head + "rescale " + show(st[2]) + ", not " + show(want_rescale);
  const T sum = st[1];
  if (exact != exact || sum0 != sum0) {
    if (sum == sum) return head + "sum " + show(sum) + " where NaN is due";
    return "";
  }
  if (sum0 == std::numeric_limits<T>::infinity()) {  // inf rescale + s: NaN where rescale is +0
    if (want_rescale == T(0) ? sum != sum : sum == sum0) return "";
    return head + "sum " + show(sum) + " from an infinite old sum, rescale " + show(want_rescale);
  }
  if (exact > static_cast<W>(std::numeric_limits<T>::max())) {
    if (sum == std::numeric_limits<T>::infinity()) return "";
  }
  const double ref = static_cast<double>(exact);
  const double allowed =
      quake::fn::softmax::online_sum_allowed<N, T>(n, ref, static_cast<double>(sum0));
  if (!(std::fabs(static_cast<double>(sum) - ref) <= allowed))
    return head + "sum " + show(sum) + " against " + std::to_string(ref) + ", allowed " +
           std::to_string(allowed);
  return "";
}

/// Whether id is the fuzz id of F's scaled and masked form (row functions only).
template <class F>
constexpr bool is_scaled_id(unsigned id) noexcept {
  if constexpr (F::rows) {
    return F::fuzz_id_scaled == id;
  } else {
    return false;
  }
}

/// Calls check(F, N, scaled) for the registry function whose fuzz_id (or fuzz_id_scaled: scaled)
/// is id, at order N == order: "" when there is none, else what check returns.
template <class Check>
std::string with_function(unsigned id, int order, Check check) {
  std::string broken;
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    const bool scaled = is_scaled_id<F>(id);
    if (F::fuzz_id != id && !scaled) return;
    quake::registry::for_each_order([&](auto o) {
      if (decltype(o)::value == order) broken = check(tag, o, scaled);
    });
  });
  return broken;
}

/// The function with this fuzz_id at this order, on the values that follow: "" when its contract
/// holds (and for an id no function has).
template <class T>
std::string check_typed(unsigned id, int order, Reader& rd, std::size_t a, std::size_t b,
                        bool in_place) {
  if (id == quake::fn::softmax::fuzz_id_online) {
    std::string broken;
    quake::registry::for_each_order([&](auto o) {
      if (decltype(o)::value == order)
        broken = check_online<T, decltype(o)::value>(rd, a, b, in_place);
    });
    return broken;
  }
  return with_function(id, order, [&](auto tag, auto o, bool scaled) {
    using F = typename decltype(tag)::type;
    constexpr int N = decltype(o)::value;
    if constexpr (F::rows) {
      return scaled ? check_scaled_rows<F, T, N>(rd, a, b, in_place)
                    : check_rows<F, T, N>(read_values<T>(rd), a, b, in_place);
    } else {
      return check_elementwise<F, T, N>(read_values<T>(rd), a, b, in_place);
    }
  });
}

// ---- 16-bit storage ------------------------------------------------------------------------

/// The fuzz ids of the 16-bit forms: kHalfIds + the function's fuzz_id.
constexpr unsigned kHalfIds = 64;

template <class S>
std::vector<S> read_half_values(Reader& rd) {
  std::vector<S> v;
  std::uint16_t u = 0;
  while (v.size() < kMaxValues && rd.raw(u)) v.push_back(S::from_bits(u));
  return v;
}

template <class S>
std::vector<float> widened(const std::vector<S>& v) {
  return std::vector<float>(v.begin(), v.end());
}

/// The 16-bit array forms of F on values of S: nothing outside [0, n) written, the input (when
/// not in place) unchanged, and each result the float form's on the widened values, rounded
/// once to S (element-wise: the scalar form's; rows: the float rows form's; scaled: the float
/// scaled form's, with the mask widened). Accuracy over all 65536 inputs is tests/half_test.cpp's.
template <class F, class S, int N>
std::string check_half(Reader& rd, bool scaled, std::size_t in_off, std::size_t out_off,
                       bool in_place) {
  float scale = 1;
  if (scaled) {
    std::uint8_t sb = 0;
    if (!rd.byte(sb)) return "";
    scale = fuzz_scale<float>(sb);
  }
  std::vector<S> values = read_half_values<S>(rd), mask;
  if (scaled) {
    const std::size_t n = values.size() / 2;
    mask.assign(values.begin() + static_cast<std::ptrdiff_t>(n),
                values.begin() + static_cast<std::ptrdiff_t>(2 * n));
    values.resize(n);
  }
  const std::size_t n = values.size();
  Guarded<S> in(n, in_off), out(n, out_off), mk(n, 0);
  std::copy(values.begin(), values.end(), in.data());
  std::copy(mask.begin(), mask.end(), mk.data());
  S* dst = in_place ? in.data() : out.data();
  const std::vector<float> x = widened(values), m = widened(mask);
  std::vector<float> want(n);
  if constexpr (F::rows) {
    if (scaled) {
      F::template scaled<N>(in.data(), dst, 1, n, scale, mk.data(), 0);
      F::template scaled<N>(x.data(), want.data(), 1, n, scale, m.data(), 0);
    } else {
      F::template array<N>(in.data(), dst, n);
      F::template array<N>(x.data(), want.data(), n);
    }
  } else {
    F::template array<N>(in.data(), dst, n);
    for (std::size_t i = 0; i < n; ++i) want[i] = F::template scalar<N>(x[i]);
  }
  char head[128];
  std::snprintf(head, sizeof head, "%s<%d>%s(%s, n = %zu, %s): ", F::name, N,
                scaled ? " scaled and masked" : "",
                std::is_same<S, quake::float16>::value ? "float16" : "bfloat16", n,
                in_place ? "in place" : "out of place");
  for (const std::string& damage : {in.damage(), out.damage(), mk.damage()}) {
    if (!damage.empty()) return head + std::string("buffer: ") + damage;
  }
  for (std::size_t i = 0; i < n && !in_place; ++i) {
    if (in.data()[i].bits() != values[i].bits()) return head + std::string("modified its input");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const S w(want[i]);
    if (dst[i].bits() != w.bits()) {
      return std::string(head) + "element " + std::to_string(i) + " (" + show(x[i]) + ") gives " +
             show(static_cast<float>(dst[i])) + ", the float form rounded " +
             show(static_cast<float>(w));
    }
  }
  return "";
}

template <class S>
std::string check_half_typed(unsigned id, int order, Reader& rd, std::size_t a, std::size_t b,
                             bool in_place) {
  return with_function(id, order, [&](auto tag, auto o, bool scaled) {
    return check_half<typename decltype(tag)::type, S, decltype(o)::value>(rd, scaled, a, b,
                                                                           in_place);
  });
}

/// Runs one fuzzer input; returns "" when every contract holds, else what broke.
/// Byte 0-3 of an input: what it tests.
struct Header {
  bool is_double = false, in_place = false;
  int order = 1;
  unsigned id = 0;
  std::size_t in_off = 0, out_off = 0;
};

inline bool read_header(Reader& rd, Header& h) {
  std::uint8_t config = 0, a = 0, b = 0;
  if (!rd.byte(config) || !rd.byte(a) || !rd.byte(b)) return false;
  h.is_double = config & 1;
  h.order = (config >> 1 & 7) % 5 + 1;
  h.in_place = config >> 4 & 1;
  h.id = static_cast<unsigned>(config >> 5);
  if (h.id == 7) {
    std::uint8_t more = 0;
    if (!rd.byte(more)) return false;
    h.id += more;
  }
  h.in_off = a % 16;
  h.out_off = b % 16;
  return true;
}

/// Whether the input names a registry function (a form of one): the fuzzer accepts every byte
/// string, but a committed corpus or regression file that names none would check nothing.
inline bool names_function(const std::uint8_t* data, std::size_t size) {
  Reader rd(data, size);
  Header h;
  if (!read_header(rd, h)) return false;
  const unsigned id = h.id >= kHalfIds ? h.id - kHalfIds : h.id;
  bool found = h.id == quake::fn::softmax::fuzz_id_online;  // float and double only
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    found = found || F::fuzz_id == id || is_scaled_id<F>(id);
  });
  return found;
}

inline std::string check_input(const std::uint8_t* data, std::size_t size) {
  Reader rd(data, size);
  Header h;
  if (!read_header(rd, h)) return "";
  if (h.id >= kHalfIds) {
    return h.is_double ? check_half_typed<quake::float16>(h.id - kHalfIds, h.order, rd, h.in_off,
                                                          h.out_off, h.in_place)
                       : check_half_typed<quake::bfloat16>(h.id - kHalfIds, h.order, rd, h.in_off,
                                                           h.out_off, h.in_place);
  }
  return h.is_double ? check_typed<double>(h.id, h.order, rd, h.in_off, h.out_off, h.in_place)
                     : check_typed<float>(h.id, h.order, rd, h.in_off, h.out_off, h.in_place);
}

}  // namespace quake_fuzz
