// Prints the README's activation and softmax accuracy tables: for each function and order, the
// maximum error (in units of the documented measure) over a sweep of every binade by bit pattern
// (float: 2^25 points over the whole range plus 2^24 in [-40, 40]; double: 2^23 + 2^22, against
// long double), the softmax/log-softmax worst case over random rows, and how far each GELU form
// lies from the exact erf GELU.
//
//   cmake --build build/test --target quake_activations_accuracy &&
//   build/test/tools/quake_activations_accuracy
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <quake/quake.hpp>
#include <random>
#include <vector>

namespace {

template <class T>
using R = std::conditional_t<std::is_same<T, float>::value, double, long double>;

template <class T>
T from_ordinal(std::int64_t k) {
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  const U sign = U(1) << (8 * sizeof(T) - 1);
  const U u = k < 0 ? static_cast<U>(-k) | sign : static_cast<U>(k);
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class T>
std::int64_t ordinal(T x) {
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  U u;
  std::memcpy(&u, &x, sizeof u);
  const U sign = U(1) << (8 * sizeof(T) - 1);
  return (u & sign) ? -static_cast<std::int64_t>(u & ~sign) : static_cast<std::int64_t>(u);
}

template <class T>
std::vector<T> inputs(std::int64_t whole, std::int64_t near) {
  std::vector<T> v;
  auto add = [&](T lo, T hi, std::int64_t points) {
    const std::int64_t a = ordinal(lo), b = ordinal(hi);
    const auto span = static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
    const auto step = static_cast<std::int64_t>(
        std::max<std::uint64_t>(1, span / static_cast<std::uint64_t>(points)));
    for (std::int64_t k = a; k <= b - step; k += step) v.push_back(from_ordinal<T>(k));
  };
  add(std::numeric_limits<T>::lowest(), std::numeric_limits<T>::max(), whole);
  add(T(-40), T(40), near);
  return v;
}

template <class R_>
R_ sig(R_ u) {
  return u >= 0 ? 1 / (1 + std::exp(-u)) : std::exp(u) / (1 + std::exp(u));
}

struct Result {
  double worst = 0, at = 0;
};

// kind 0: relative error (true value >= 1e-30); 1: relative error (tanh); 2: |error| / |x|
// (normal x).
template <class T, class F, class Ref>
Result measure(const std::vector<T>& xs, F f, Ref ref, int kind) {
  std::vector<T> ys(xs.size());
  f(xs.data(), ys.data(), xs.size());
  Result r;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const R<T> x = xs[i], y = ys[i], t = ref(x);
    double e;
    if (kind == 2) {
      // Subnormal x: the product's rounding (half the smallest subnormal) dominates |x|.
      if (std::fabs(x) < std::numeric_limits<T>::min()) continue;
      e = static_cast<double>(std::fabs(y - t) / std::fabs(x));
    } else {
      if (kind == 0 && t < R<T>(1e-30)) continue;
      if (t == 0) continue;
      e = static_cast<double>(std::fabs((y - t) / t));
    }
    if (!(e <= r.worst)) r = {e, static_cast<double>(x)};
  }
  return r;
}

template <class T, int N>
void table_row() {
  const bool is_float = std::is_same<T, float>::value;
  const auto xs = is_float ? inputs<T>(1 << 25, 1 << 24) : inputs<T>(1 << 23, 1 << 22);
  using RT = R<T>;
  const RT k = std::sqrt(RT(2) / std::acos(RT(-1)));
  const Result s = measure(
      xs, [](const T* i, T* o, std::size_t n) { quake::sigmoid<N>(i, o, n); },
      [](RT x) { return sig(x); }, 0);
  const Result t = measure(
      xs, [](const T* i, T* o, std::size_t n) { quake::tanh<N>(i, o, n); },
      [](RT x) { return std::tanh(x); }, 1);
  const Result g = measure(
      xs, [](const T* i, T* o, std::size_t n) { quake::gelu<N>(i, o, n); },
      [k](RT x) { return x * sig(2 * k * (x + RT(0.044715L) * x * x * x)); }, 2);
  const Result q = measure(
      xs, [](const T* i, T* o, std::size_t n) { quake::gelu_sigmoid<N>(i, o, n); },
      [](RT x) { return x * sig(RT(1.702L) * x); }, 2);
  const Result u = measure(
      xs, [](const T* i, T* o, std::size_t n) { quake::silu<N>(i, o, n); },
      [](RT x) { return x * sig(x); }, 2);
  // Softmax: 400 random rows (lengths 1..4096, N(mu, sigma) logits), worst per-element
  // relative error (true value >= 1e-30) and worst log-softmax error / max(1, |value|).
  std::mt19937_64 rng(11);
  double sm = 0, lsm = 0;
  for (int row = 0; row < 400; ++row) {
    const std::size_t n = 1 + rng() % 4096;
    std::normal_distribution<double> d(static_cast<double>(rng() % 200) - 100,
                                       static_cast<double>(1 + rng() % 30));
    std::vector<T> x(n), y(n), ly(n);
    for (auto& v : x) v = static_cast<T>(d(rng));
    quake::softmax<N>(x.data(), y.data(), n);
    quake::log_softmax<N>(x.data(), ly.data(), n);
    long double m = x[0], sum = 0;
    for (T v : x) m = std::max<long double>(m, v);
    for (T v : x) sum += std::exp(static_cast<long double>(v) - m);
    for (std::size_t i = 0; i < n; ++i) {
      const long double ref = std::exp(static_cast<long double>(x[i]) - m) / sum;
      const long double lref = static_cast<long double>(x[i]) - m - std::log(sum);
      if (ref >= 1e-30L) sm = std::max(sm, static_cast<double>(std::fabs(y[i] / ref - 1)));
      lsm = std::max(lsm, static_cast<double>(std::fabs(ly[i] - lref) /
                                              std::max<long double>(1, std::fabs(lref))));
    }
  }
  std::printf("| %d | %s | %.3e | %.3e | %.3e | %.3e | %.3e | %.3e | %.3e |\n", N,
              is_float ? "float" : "double", s.worst, t.worst, g.worst, q.worst, u.worst, sm, lsm);
}

template <class T>
void all_orders() {
  table_row<T, 1>();
  table_row<T, 2>();
  table_row<T, 3>();
  table_row<T, 4>();
  table_row<T, 5>();
}

}  // namespace

int main() {
  std::printf(
      "| order | type | sigmoid rel | tanh rel | gelu err/|x| | gelu_sigmoid err/|x| |"
      " silu err/|x| | softmax rel | log_softmax err |\n"
      "|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
  all_orders<float>();
  all_orders<double>();
  // The two GELU forms against the exact erf GELU, in long double over [-10, 10].
  long double gt = 0, gs = 0, at_t = 0, at_s = 0;
  const long double k = std::sqrt(2.0L / std::acos(-1.0L));
  for (long double x = -10; x <= 10; x += 1.0L / 65536) {
    const long double exact = 0.5L * x * (1 + std::erf(x / std::sqrt(2.0L)));
    const long double tanh_form = x * sig(2 * k * (x + 0.044715L * x * x * x));
    const long double quick = x * sig(1.702L * x);
    if (std::fabs(tanh_form - exact) > gt) gt = std::fabs(tanh_form - exact), at_t = x;
    if (std::fabs(quick - exact) > gs) gs = std::fabs(quick - exact), at_s = x;
  }
  std::printf("\nmax |tanh-form GELU - erf GELU| = %.3Le at x = %.4Lf\n", gt, at_t);
  std::printf("max |x sigmoid(1.702x) - erf GELU| = %.3Le at x = %.4Lf\n", gs, at_s);
  return 0;
}
