// The one list of benchmarked kernels (kernels.hpp): quake's from the registry, then the
// references and peers by function.
#include "kernels.hpp"

#include <cmath>
#include <quake/quake.hpp>

#include "peers.hpp"
#include "references.hpp"
#include "softmax_variants.hpp"

namespace quake_bench {
namespace {

using MapFn = void (*)(const float*, float*, std::size_t);
using RowsFn = void (*)(const float*, float*, std::size_t, std::size_t);

PrepareMap plain(MapFn f) {
  return [f](const float* in, float* out, std::size_t n) {
    return std::function<void()>([=] { f(in, out, n); });
  };
}
PrepareRows plain_rows(RowsFn f) {
  return [f](const float* in, float* out, std::size_t r, std::size_t c) {
    return std::function<void()>([=] { f(in, out, r, c); });
  };
}
/// A one-row function applied to each row.
template <void (*Row)(const float*, float*, std::size_t)>
void each_row(const float* in, float* out, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) Row(in + r * cols, out + r * cols, cols);
}

template <float (*F)(float)>
void loop(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F(in[i]);
}

/// A kernel body over xsimd batches, through quake's array driver (same unrolling and tails).
template <class Body>
void xsimd_map(const float* in, float* out, std::size_t n, Body body) {
  quake::detail::apply_elementwise<quake::simd_arch>(body, in, out, n);
}

void add_quake(std::vector<Kernel>& ks) {
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    quake::registry::for_each_order([&](auto order) {
      constexpr int N = decltype(order)::value;
      Kernel k{F::name, "quake<" + std::to_string(N) + ">", Role::quake, {}, {}};
      if constexpr (F::rows) {
        k.rows = plain_rows([](const float* in, float* out, std::size_t r, std::size_t c) {
          F::template rows_form<N>(in, out, r, c);
        });
      } else {
        k.map = plain(
            [](const float* in, float* out, std::size_t n) { F::template array<N>(in, out, n); });
      }
      ks.push_back(std::move(k));
    });
  });
}

std::vector<Kernel> make() {
  std::vector<Kernel> ks;
  add_quake(ks);
  auto map = [&](const char* f, const char* name, Role role, PrepareMap p) {
    ks.push_back({f, name, role, std::move(p), {}});
  };
  auto rows = [&](const char* f, const char* name, Role role, PrepareRows p) {
    ks.push_back({f, name, role, {}, std::move(p)});
  };

  // The roofline: a load and a store of every element through quake's driver.
  map("copy", "simd", Role::roofline, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& v) { return v; });
      }));

  // Scalar std:: loops: what a user writes with <cmath>.
  map("exp", "std", Role::baseline, plain(loop<ref::exp>));
  map("sigmoid", "std", Role::baseline, plain(loop<ref::sigmoid>));
  map("tanh", "std", Role::baseline, plain(loop<ref::tanh>));
  map("silu", "std", Role::baseline, plain(loop<ref::silu>));
  map("gelu", "std", Role::baseline, plain(loop<ref::gelu>));
  map("gelu_sigmoid", "std", Role::baseline, plain(loop<ref::gelu_sigmoid>));
  rows("softmax", "std", Role::baseline, plain_rows(each_row<ref::softmax_row<float>>));
  rows("log_softmax", "std", Role::baseline, plain_rows(each_row<ref::log_softmax_row<float>>));

  // xsimd 8.1's exp, through quake's driver.
  map("exp", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& v) { return xsimd::exp(v); });
      }));

  // Softmax algorithms quake measured and did not pick (docs/design.md).
  rows("softmax", "two_pass<2>", Role::variant, plain_rows(each_row<softmax_two_pass<2>>));
  rows("softmax", "folded<2>", Role::variant, plain_rows(each_row<softmax_folded2>));

#if QUAKE_BENCH_HAVE_SLEEF
  map("exp", "sleef_u10", Role::peer, plain(sleef_exp_u10));
#endif
#if QUAKE_BENCH_HAVE_LIBMVEC
  map("exp", "libmvec", Role::peer, plain(libmvec_exp));
#endif
#if QUAKE_BENCH_HAVE_XNNPACK
  map("sigmoid", "xnnpack", Role::peer, xnnpack::sigmoid);
  rows("softmax", "xnnpack", Role::peer, xnnpack::softmax);
#endif
  return ks;
}

}  // namespace

const std::vector<Kernel>& kernels() {
  static const std::vector<Kernel> ks = make();
  return ks;
}

Range sample_range(const std::string& function) {
  Range r{-10.0f, 10.0f};
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    if (function == F::name) {
      r = {static_cast<float>(F::sample_lo), static_cast<float>(F::sample_hi)};
    }
  });
  if (function == "copy") r = {-20.0f, 20.0f};
  return r;
}

std::vector<std::pair<std::string, std::string>> context() {
  std::vector<std::pair<std::string, std::string>> c = {
      {"quake_simd_arch", quake::simd_arch::name()}, {"quake_fma", quake::has_fma ? "yes" : "no"}};
#if QUAKE_BENCH_HAVE_SLEEF
  c.push_back({"sleef_exp", sleef_exp_u10_name()});
#endif
  return c;
}

}  // namespace quake_bench
