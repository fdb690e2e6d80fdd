// Prints the README's accuracy table: the maximum relative error of quake::exp<1..5> for float
// (every float whose e^x is a normal number, exhaustively) and double (a stratified sweep through
// every binade, against long double), with the worst input of each.
//
//   cmake --build build/test --target quake_accuracy && build/test/tools/quake_accuracy
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <quake/quake.hpp>
#include <thread>
#include <vector>

namespace {

struct Worst {
  double err = 0;
  double x = 0;
  std::uint64_t count = 0;
};

float float_from(std::int64_t k) {  // ordered index -> float
  const std::uint32_t u =
      k < 0 ? static_cast<std::uint32_t>(-k) | 0x80000000u : static_cast<std::uint32_t>(k);
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

std::int64_t ordinal(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return (u >> 31) ? -static_cast<std::int64_t>(u & 0x7fffffffu) : static_cast<std::int64_t>(u);
}

template <int N>
Worst float_exhaustive() {
  using R = quake::detail::exp_range<float>;
  const std::int64_t a = ordinal(R::normal_min), b = ordinal(R::overflow);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<Worst> part(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      constexpr std::size_t kChunk = 1 << 16;
      std::vector<float> in(kChunk), out(kChunk);
      Worst w;
      for (std::int64_t k = a + static_cast<std::int64_t>(t * kChunk); k <= b;
           k += static_cast<std::int64_t>(threads * kChunk)) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(kChunk, b - k + 1));
        for (std::size_t i = 0; i < n; ++i) in[i] = float_from(k + static_cast<std::int64_t>(i));
        quake::exp<N>(in.data(), out.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
          const double ref = std::exp(static_cast<double>(in[i]));
          const double e = std::fabs(static_cast<double>(out[i]) / ref - 1.0);
          if (!(e <= w.err)) w = {e, in[i], w.count};
        }
        w.count += n;
      }
      part[t] = w;
    });
  }
  for (auto& th : pool) th.join();
  Worst w;
  for (const auto& p : part) {
    if (!(p.err <= w.err)) w = {p.err, p.x, w.count};
    w.count += p.count;
  }
  return w;
}

template <int N>
Worst double_sweep(std::uint64_t points) {
  using R = quake::detail::exp_range<double>;
  Worst w;
  auto bits = [](double x) {
    std::uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
  };
  std::vector<double> in, out;
  // Each sign separately, stepping through bit patterns so every binade gets its share.
  for (double end : {R::overflow, R::normal_min}) {
    const std::uint64_t hi = bits(end) & 0x7fffffffffffffffull;
    const std::uint64_t step = std::max<std::uint64_t>(1, hi / (points / 2));
    const std::uint64_t sign = end < 0 ? 0x8000000000000000ull : 0;
    in.clear();
    for (std::uint64_t u = step / 3; u <= hi; u += step) {
      const std::uint64_t v = u | sign;
      double x;
      std::memcpy(&x, &v, sizeof x);
      in.push_back(x);
    }
    in.push_back(end);
    out.resize(in.size());
    quake::exp<N>(in.data(), out.data(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      const long double ref = std::exp(static_cast<long double>(in[i]));
      const double e = static_cast<double>(std::fabs(out[i] / ref - 1.0L));
      if (!(e <= w.err)) w = {e, in[i], w.count};
    }
    w.count += in.size();
  }
  return w;
}

template <int N>
void row(double bound) {
  const Worst f = float_exhaustive<N>();
  const Worst d = double_sweep<N>(20'000'000);
  std::printf("| %d | %.2e | %.3e | `%a` | %.3e | `%a` |\n", N, bound, f.err,
              static_cast<double>(static_cast<float>(f.x)), d.err, d.x);
  std::fflush(stdout);
  if (f.err > bound || d.err > bound) std::printf("^ ORDER %d EXCEEDS ITS BOUND\n", N);
}

}  // namespace

int main() {
  std::printf(
      "quake::exp maximum relative error (SIMD arch %s, FMA %s)\n"
      "float: all inputs with a normal result, against double exp; "
      "double: 2e7 inputs through every binade, against long double exp\n\n",
      quake::simd_arch::name(), quake::has_fma ? "yes" : "no");
  std::printf(
      "| order | bound | float max rel err | float worst x | double max rel err | double worst x "
      "|\n");
  std::printf("|---:|---:|---:|---|---:|---|\n");
  row<1>(2.99e-2);
  row<2>(2.70e-3);
  row<3>(1.10e-4);
  row<4>(4.0e-6);
  row<5>(2.5e-7);
  return 0;
}
