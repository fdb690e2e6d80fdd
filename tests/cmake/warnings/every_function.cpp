// Calls every public function of quake as a user would: scalar and batch forms, arrays and rows
// of constant sizes (which let the compiler reason about trip counts) and of run-time sizes,
// float, double and the 16-bit types, every order. Built with -Werror: any warning quake causes
// fails the build. The functions are the list's (quake/functions.inc).
#include <cmath>
#include <cstdio>
#include <quake/quake.hpp>
#include <utility>
#include <vector>

namespace {

float in_f[4096], out_f[4096];
double in_d[1024], out_d[1024];

template <int N>
float constant_sizes() {
#define QUAKE_ELEMENTWISE(f)      \
  quake::f<N>(in_f, out_f, 4096); \
  quake::f<N>(in_f, out_f, 17);   \
  quake::f<N>(in_f, out_f, 7);    \
  quake::f<N>(in_d, out_d, 1024); \
  quake::f<N>(in_d, out_d, 3);
#define QUAKE_ROWS(f)                \
  quake::f<N>(in_f, out_f, 4, 1024); \
  quake::f<N>(in_f, out_f, 1024);    \
  quake::f<N>(in_f, out_f, 5);       \
  quake::f<N>(in_d, out_d, 8, 128);  \
  quake::f<N>(in_d, out_d, 1, 1000); \
  quake::f<N>(in_f, out_f, 4, 1024, 0.125f, in_f, 1024);
#include <quake/functions.inc>
  return out_f[3] + static_cast<float>(out_d[5]);
}

template <int N, class T>
T run_time_sizes(std::vector<T>& x, std::vector<T>& y, std::size_t rows) {
  const std::size_t n = x.size(), cols = n / rows;
  const T v = x[0];
  T total = 0;
#define QUAKE_ELEMENTWISE(f)          \
  quake::f<N>(x.data(), y.data(), n); \
  total += y[0] + quake::f<N>(v);
#define QUAKE_ROWS(f)                                                  \
  quake::f<N>(x.data(), y.data(), rows, cols);                         \
  quake::f<N>(x.data(), y.data(), n);                                  \
  quake::f<N>(x.data(), y.data(), rows, cols, T(0.5), x.data(), cols); \
  total += y[0];
#include <quake/functions.inc>
  return total;
}

/// The 16-bit array forms, and the row functions from float scores to 16-bit results.
template <int N, class S>
float half_sizes(const std::vector<float>& x, std::size_t rows) {
  const std::size_t n = x.size(), cols = n / rows;
  std::vector<S> h(n), y(n);
  for (std::size_t i = 0; i < n; ++i) h[i] = S(x[i]);
#define QUAKE_ELEMENTWISE(f) quake::f<N>(h.data(), y.data(), n);
#define QUAKE_ROWS(f)                                               \
  quake::f<N>(h.data(), y.data(), rows, cols);                      \
  quake::f<N>(h.data(), y.data(), n);                               \
  quake::f<N>(h.data(), y.data(), rows, cols, 0.125f, h.data(), 0); \
  quake::f<N>(x.data(), y.data(), rows, cols);                      \
  quake::f<N>(x.data(), y.data(), n);
#include <quake/functions.inc>
  return static_cast<float>(y[0]);
}

template <int N>
float batches() {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)  // no SIMD (armv7 VFP only): no batch forms
  return 0.0f;
#else
  using B = xsimd::batch<float>;
  const B v(0.5f);
  B r(0.0f);
#define QUAKE_ELEMENTWISE(f) r = r + quake::f<N>(v);
#include <quake/functions.inc>
  return r.get(0);
#endif
}

template <std::size_t... I>
double every_order(std::vector<float>& xf, std::vector<float>& yf, std::vector<double>& xd,
                   std::vector<double>& yd, std::index_sequence<I...>) {
  double total = 0;
  ((total += static_cast<double>(constant_sizes<int(I) + 1>()) +
             static_cast<double>(run_time_sizes<int(I) + 1>(xf, yf, 8)) +
             run_time_sizes<int(I) + 1>(xd, yd, 4) +
             static_cast<double>(half_sizes<int(I) + 1, quake::bfloat16>(xf, 8)) +
             static_cast<double>(half_sizes<int(I) + 1, quake::float16>(xf, 8)) +
             static_cast<double>(batches<int(I) + 1>())),
   ...);
  return total;
}

}  // namespace

int main(int argc, char**) {
  for (int i = 0; i < 4096; ++i) in_f[i] = static_cast<float>(i % 97) * 0.25f - 12.0f;
  for (int i = 0; i < 1024; ++i) in_d[i] = static_cast<double>(i % 89) * 0.5 - 22.0;
  const std::size_t n = static_cast<std::size_t>(argc) * 1000 + 24;
  std::vector<float> xf(n, 0.5f), yf(n);
  std::vector<double> xd(n, -1.5), yd(n);
  const double total = every_order(xf, yf, xd, yd, std::make_index_sequence<quake::max_order>{});
  const bool ok = std::isfinite(total);
  std::printf("quake consumer (every public function): %s\n", ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
