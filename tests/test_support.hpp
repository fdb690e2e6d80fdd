// Shared helpers for quake's GoogleTest suites: input sweeps, bit comparisons, the typed-test
// cases, and the contract checks every registry function gets (contract.hpp says what they are).
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <quake/quake.hpp>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.hpp"
#include "contract.hpp"

#ifndef QUAKE_TEST_SWEEP_SCALE
// Divides the number of points of every dense sweep; emulated targets (qemu) set it > 1.
#define QUAKE_TEST_SWEEP_SCALE 1
#endif

namespace quake_test {

using quake_check::as_read;
using quake_check::bits_of;
using quake_check::flushes;
using quake_check::wide_t;
using quake_common::bits_t;
using quake_common::from_bits;
using quake_common::from_ordinal;
using quake_common::ordinal;
using quake_common::to_bits;

/// The flags /proc/cpuinfo lists for this CPU, each between spaces (empty where it cannot be read,
/// and the host's under qemu-user).
inline std::string cpu_flags() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("flags", 0) == 0) return " " + line.substr(line.find(':') + 1) + " ";
  }
  return "";
}

/// Every representable value in [lo, hi] whose ordinal is a multiple of a stride apart (about
/// `points` of them), in increasing order, plus both ends. Striding through ordinals visits every
/// binade evenly.
template <class T>
std::vector<T> sweep(T lo, T hi, std::int64_t points) {
  const std::int64_t a = ordinal(lo), b = ordinal(hi);
  // The span of a double range can exceed INT64_MAX; it always fits in uint64.
  const std::uint64_t span = static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
  const std::uint64_t per = span / static_cast<std::uint64_t>(points);
  const auto stride = static_cast<std::int64_t>(per < 1 ? 1 : per);
  std::vector<T> v;
  v.reserve(static_cast<std::size_t>(span / static_cast<std::uint64_t>(stride) + 2));
  for (std::int64_t k = a; k <= b - stride; k += stride) v.push_back(from_ordinal<T>(k));
  if (v.empty() || v.back() != hi) v.push_back(hi);
  return v;
}

/// `count` consecutive representable values centred on x.
template <class T>
std::vector<T> window(T x, std::int64_t count) {
  std::vector<T> v;
  const std::int64_t c = ordinal(x);
  for (std::int64_t k = c - count / 2; k < c + count / 2; ++k) v.push_back(from_ordinal<T>(k));
  return v;
}

/// Number of sweep points, scaled down on emulated targets.
constexpr std::int64_t sweep_points(std::int64_t native) {
  return native / QUAKE_TEST_SWEEP_SCALE > 1000 ? native / QUAKE_TEST_SWEEP_SCALE : 1000;
}

template <class T>
std::string show(T x) {
  std::ostringstream s;
  s.precision(std::numeric_limits<T>::max_digits10);
  s << x << " (" << std::hexfloat << x << ")";
  return s.str();
}

/// Edge inputs every kernel must handle: contract.hpp's special values, the neighbours of exp's
/// thresholds, and +-1e30.
template <class T>
std::vector<T> edge_inputs() {
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  std::vector<T> v = quake_check::special_values<T>();
  for (T t : {R::overflow, R::normal_min, -R::overflow}) {
    v.push_back(std::nextafter(t, L::infinity()));
    v.push_back(std::nextafter(t, -L::infinity()));
  }
  v.push_back(T(1e30));
  v.push_back(T(-1e30));
  return v;
}

/// Bitwise equality, printing both values when it fails.
template <class T>
::testing::AssertionResult same_bits(T a, T b) {
  if (to_bits(a) == to_bits(b)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << show(a) << " vs " << show(b);
}

/// A (type, order) pair for typed tests.
template <class T, int N>
struct TypeOrder {
  using type = T;
  static constexpr int order = N;
};

/// ::testing::Types of everything a tuple holds.
template <class Tuple>
struct as_types;
template <class... Cs>
struct as_types<std::tuple<Cs...>> {
  using type = ::testing::Types<Cs...>;
};

/// std::tuple<Make<1>, ..., Make<quake::max_order>>: one case per order.
template <template <int> class Make, class = std::make_index_sequence<quake::max_order>>
struct per_order;
template <template <int> class Make, std::size_t... I>
struct per_order<Make, std::index_sequence<I...>> {
  using type = std::tuple<Make<static_cast<int>(I) + 1>...>;
};

template <class T>
struct type_order_of {
  template <int N>
  using make = TypeOrder<T, N>;
};
/// (float, order) and (double, order) for every order.
using TypeOrderCases = as_types<decltype(std::tuple_cat(
    std::declval<typename per_order<type_order_of<float>::template make>::type>(),
    std::declval<typename per_order<type_order_of<double>::template make>::type>()))>::type;

struct TypeOrderNames {
  template <class C>
  static std::string GetName(int) {
    return std::string(std::is_same<typename C::type, float>::value ? "float" : "double") +
           "_order" + std::to_string(C::order);
  }
};

/// The storage types of the array forms, and the name of each (as the golden table spells it).
using StorageTypes = ::testing::Types<float, double, quake::bfloat16, quake::float16>;
template <class T>
const char* storage_name() {
  if constexpr (std::is_same<T, float>::value) return "float";
  if constexpr (std::is_same<T, double>::value) return "double";
  if constexpr (std::is_same<T, quake::bfloat16>::value) return "bfloat16";
  if constexpr (std::is_same<T, quake::float16>::value) return "float16";
}
struct StorageNames {
  template <class T>
  static std::string GetName(int) {
    return storage_name<T>();
  }
};

/// Declares the typed test suite `Suite`, run for every storage type of StorageTypes.
#define QUAKE_STORAGE_SUITE(Suite)         \
  template <class T>                       \
  class Suite : public ::testing::Test {}; \
  TYPED_TEST_SUITE(Suite, ::quake_test::StorageTypes, ::quake_test::StorageNames)

/// Declares the typed test suite `Suite`, run for every (type, order) of TypeOrderCases.
#define QUAKE_TYPE_ORDER_SUITE(Suite)      \
  template <class C>                       \
  class Suite : public ::testing::Test {}; \
  TYPED_TEST_SUITE(Suite, ::quake_test::TypeOrderCases, ::quake_test::TypeOrderNames)

/// Inputs for an element-wise function over its whole domain: a sweep through every binade of
/// [lowest, max] by bit pattern, a denser one through [-lim, lim], windows of consecutive values
/// around each of `centres`, and the edge inputs.
template <class T>
std::vector<T> domain_inputs(T lim, const std::vector<T>& centres, std::int64_t points) {
  using L = std::numeric_limits<T>;
  std::vector<T> xs = sweep<T>(L::lowest(), L::max(), sweep_points(points));
  for (T x : sweep<T>(-lim, lim, sweep_points(points))) xs.push_back(x);
  for (T c : centres) {
    for (T x : window(c, sweep_points(20000))) xs.push_back(x);
  }
  for (T x : edge_inputs<T>()) xs.push_back(x);
  return xs;
}

/// Worst case of an error measure over inputs, with what the failure message prints.
struct Worst {
  double ratio = 0;  // error / allowed error; <= 1 passes
  double x = 0, y = 0, ref = 0, err = 0, allowed = 0;
  void update(double x_, double y_, double ref_, double err_, double allowed_) {
    const double r = err_ / allowed_;
    if (!(r <= ratio)) *this = {r, x_, y_, ref_, err_, allowed_};
  }
  std::string describe() const {
    std::ostringstream s;
    s.precision(17);
    s << "worst input " << x << " (" << std::hexfloat << x << std::defaultfloat << ") gives " << y
      << ", reference " << ref << ", error " << err << " > allowed " << allowed;
    return s.str();
  }
};

/// Array == scalar == batch bit for bit over `xs`, for registry function F at Order.
template <class F, int Order, class T>
void expect_forms_agree(const std::vector<T>& xs) {
  std::vector<T> arr(xs.size());
  F::template array<Order>(xs.data(), arr.data(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    ASSERT_TRUE(same_bits(F::template scalar<Order>(xs[i]), arr[i]))
        << F::name << ": scalar vs array at " << show(xs[i]);
  }
  if constexpr (quake::has_simd<T>) {
    using B = xsimd::batch<T, quake::simd_arch>;
    std::array<T, B::size> lane{};
    for (std::size_t i = 0; i + B::size <= xs.size(); i += 1 + B::size / 2) {
      F::template scalar<Order>(B::load_unaligned(xs.data() + i)).store_unaligned(lane.data());
      for (std::size_t j = 0; j < B::size; ++j) {
        ASSERT_TRUE(same_bits(F::template scalar<Order>(xs[i + j]), lane[j]))
            << F::name << ": scalar vs batch at " << show(xs[i + j]);
      }
    }
  }
}

/// Array form: every n in 0..70, unaligned starts, in place, nothing outside [0, n) touched.
/// `call(in, out, n)` is the array call; `expected(in, n, i)` the expected bits of element i.
template <class T, class G, class E>
void expect_array_contract(const G& call, const E& expected) {
  const T canary = T(-12345.5);
  constexpr std::size_t pad = 32;
  for (std::size_t n = 0; n <= 70; ++n) {
    for (std::size_t offset = 0; offset < 4; ++offset) {
      std::vector<T> in(n + 2 * pad, T(7)), out(n + 2 * pad, canary);
      for (std::size_t i = 0; i < n; ++i) {
        in[pad + offset + i] = T(0.37) * T(i) - T(9) + T(n % 3);
      }
      const std::vector<T> in_copy = in;
      T* const first = in.data() + pad + offset;
      call(first, out.data() + pad + offset, n);
      ASSERT_EQ(in, in_copy) << "input modified, n = " << n;
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (i >= pad + offset && i < pad + offset + n) {
          ASSERT_TRUE(same_bits(out[i], expected(first, n, i - pad - offset)))
              << "n = " << n << ", i = " << i;
        } else {
          ASSERT_TRUE(same_bits(out[i], canary))
              << "wrote outside [0, n): n = " << n << ", i = " << i;
        }
      }
      std::vector<T> io = in;
      call(io.data() + pad + offset, io.data() + pad + offset, n);
      for (std::size_t i = 0; i < io.size(); ++i) {
        const bool inside = i >= pad + offset && i < pad + offset + n;
        ASSERT_TRUE(same_bits(io[i], inside ? out[i] : in[i]))
            << "in place, n = " << n << ", i = " << i;
      }
    }
  }
}

/// Runs the array form of F over xs and returns the worst of error / bound (contract.hpp's
/// measure), over the inputs no edge rule decides; every decided input must obey its rule.
template <class F, int Order, class T>
Worst worst_error(const std::vector<T>& xs) {
  using W = wide_t<T>;
  std::vector<T> ys(xs.size());
  F::template array<Order>(xs.data(), ys.data(), xs.size());
  const double bound = quake::bound<F, Order, T>;
  Worst w;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const quake_check::Rule rule = quake_check::rule<F, Order>(xs[i], ys[i]);
    EXPECT_TRUE(rule.ok) << F::name << "<" << Order << ">(" << show(xs[i]) << ") = " << show(ys[i])
                         << ": " << (rule.what ? rule.what : "");
    if (rule.decided) continue;
    const W r = F::reference(static_cast<W>(xs[i]));
    const W e = quake_check::error<F, T>(static_cast<W>(xs[i]), static_cast<W>(ys[i]), r);
    w.update(static_cast<double>(xs[i]), static_cast<double>(ys[i]), static_cast<double>(r),
             std::isnan(static_cast<double>(e)) ? 1e300 : static_cast<double>(e), bound);
  }
  return w;
}

}  // namespace quake_test
