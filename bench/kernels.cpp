// The one list of benchmarked kernels (kernels.hpp): quake's from the registry, then the
// references and peers by function.
#include "kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <quake/quake.hpp>

#include "bench_support.hpp"
#include "peers.hpp"
#include "sigmoid_variants.hpp"
#include "softmax_variants.hpp"
#include "tanh_table.hpp"

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

/// A kernel body over xsimd batches, through quake's array driver (same unrolling and tails).
template <class Body>
void xsimd_map(const float* in, float* out, std::size_t n, Body body) {
  quake::detail::apply_elementwise<quake::simd_arch>(body, in, out, n);
}

/// Softmax of one row as a user writes it with xsimd 8.1: its own simplest loop of whole batches
/// and a scalar tail, three passes (max; xsimd::exp of x - max, stored and summed; times 1 / sum),
/// each batch's lanes reduced in order (xsimd 8.1 has hadd but no horizontal max).
void xsimd_softmax(const float* in, float* out, std::size_t n) {
  using B = xsimd::batch<float, quake::simd_arch>;
  constexpr std::size_t W = B::size;
  if (n == 0) return;
  float m = -std::numeric_limits<float>::infinity();
  std::size_t i = 0;
  if (n >= W) {
    B mb = B::load_unaligned(in);
    for (i = W; i + W <= n; i += W) mb = xsimd::max(mb, B::load_unaligned(in + i));
    alignas(B::arch_type::alignment()) float lane[W];
    mb.store_aligned(lane);
    for (float v : lane) m = std::max(m, v);
  }
  for (; i < n; ++i) m = std::max(m, in[i]);
  B s(0.0f);
  const B mb(m);
  for (i = 0; i + W <= n; i += W) {
    const B e = xsimd::exp(B::load_unaligned(in + i) - mb);
    e.store_unaligned(out + i);
    s += e;
  }
  float sum = xsimd::hadd(s);
  for (; i < n; ++i) sum += out[i] = std::exp(in[i] - m);
  const B r(1.0f / sum);
  for (i = 0; i + W <= n; i += W) (B::load_unaligned(out + i) * r).store_unaligned(out + i);
  for (; i < n; ++i) out[i] *= 1.0f / sum;
}

/// quake::softmax<N>(in, out, rows, cols, 1/8, mask, cols) with a full random mask, or a causal
/// one (-inf past each row's share of the columns), built for the shape outside the timed loop.
template <int N>
PrepareRows masked(bool causal) {
  return [causal](const float* in, float* out, std::size_t rows, std::size_t cols) {
    auto mask = std::make_shared<std::vector<float>>(uniform(rows * cols, -2.0f, 2.0f, 9));
    if (causal) {
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = (r + 1) * cols / rows; c < cols; ++c) {
          (*mask)[r * cols + c] = -std::numeric_limits<float>::infinity();
        }
      }
    }
    return std::function<void()>(
        [=] { quake::softmax<N>(in, out, rows, cols, 0.125f, mask->data(), cols); });
  };
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
  // The roofline of a kernel that divides (sigmoid, silu, the sigmoid-form GELUs, tanh): one IEEE
  // division of every element, 1/x, and nothing else. A divider that is not fully pipelined
  // bounds such a kernel below its operation count (docs/performance.md).
  map("divide", "simd", Role::roofline, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          return V(1.0f) / v;
        });
      }));

  // Scalar std:: loops: what a user writes with <cmath>, the registry's reference in float.
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    if constexpr (F::rows) {
      rows(F::name, "std", Role::baseline,
           plain_rows([](const float* in, float* out, std::size_t r, std::size_t c) {
             for (std::size_t i = 0; i < r; ++i) {
               F::template reference<float>(in + i * c, out + i * c, c);
             }
           }));
    } else {
      map(F::name, "std", Role::baseline, plain([](const float* in, float* out, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i) out[i] = F::reference(in[i]);
          }));
    }
  });

  // xsimd 8.1's exp, tanh and erf, and the activations built from them as an engine would,
  // through quake's driver (the same unrolling and tails).
  map("exp", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& v) { return xsimd::exp(v); });
      }));
  map("sigmoid", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& x) {
          using V = std::decay_t<decltype(x)>;
          return V(1.0f) / (V(1.0f) + xsimd::exp(-x));
        });
      }));
  map("tanh", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& x) { return xsimd::tanh(x); });
      }));
  map("silu", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& x) {
          using V = std::decay_t<decltype(x)>;
          return x / (V(1.0f) + xsimd::exp(-x));
        });
      }));
  map("gelu_sigmoid", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& x) {
          using V = std::decay_t<decltype(x)>;
          return x / (V(1.0f) + xsimd::exp(x * V(-1.702f)));
        });
      }));
  map("gelu", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& x) {
          using V = std::decay_t<decltype(x)>;
          const V half_x = x * V(0.5f);
          const V u = x * V(0.7978845608f) * (V(1.0f) + x * x * V(0.044715f));  // sqrt(2/pi)
          return half_x + half_x * xsimd::tanh(u);
        });
      }));
  map("mish", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n,
                  [](const auto& x) { return x * xsimd::tanh(xsimd::log1p(xsimd::exp(x))); });
      }));
  rows("softmax", "xsimd", Role::peer, plain_rows(each_row<xsimd_softmax>));
  map("gelu_erf", "xsimd", Role::peer, plain([](const float* in, float* out, std::size_t n) {
        xsimd_map(in, out, n, [](const auto& x) {
          using V = std::decay_t<decltype(x)>;
          const V half_x = x * V(0.5f);
          return half_x + half_x * xsimd::erf(x * V(0.70710678f));
        });
      }));

  // Attention's softmax(scale x + mask): a full additive mask (every value read, none -inf) and
  // a causal one (row r of R sees the first (r + 1) / R of its columns), beside the plain form of
  // the same rows ("softmax/quake<N>").
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    const std::string k = "quake<" + std::to_string(N) + ">";
    rows("softmax_masked", k.c_str(), Role::quake, masked<N>(false));
    rows("softmax_causal", k.c_str(), Role::quake, masked<N>(true));
  });

  // Sigmoid with a division-free reciprocal (docs/performance.md), in every vector and in one of
  // each four: quake::sigmoid<2>'s bits, checked on the timed inputs before the timing.
  if constexpr (quake::has_fma && quake::has_simd<float>) {
    auto newton = [](MapFn f) {
      return PrepareMap([f](const float* in, float* out, std::size_t n) {
        std::vector<float> want(n);
        quake::sigmoid<2>(in, want.data(), n);
        f(in, out, n);
        if (std::memcmp(want.data(), out, n * sizeof(float)) != 0) {
          std::fprintf(stderr, "sigmoid's Newton variant differs from quake::sigmoid<2>\n");
          std::abort();
        }
        return std::function<void()>([=] { f(in, out, n); });
      });
    };
    map("sigmoid", "newton<2>", Role::variant, newton(sigmoid_newton<2, 0xF>));
    map("sigmoid", "newton_mix<2>", Role::variant, newton(sigmoid_newton<2, 0x1>));
  }

#if QUAKE_BENCH_HAVE_TANH_TABLE
  // tanh from a table of per-interval polynomials, as accurate as orders 4 and 5
  // (docs/performance.md).
  map("tanh", "table<4>", Role::variant, plain(tanh_table_array<4>));
  map("tanh", "table<5>", Role::variant, plain(tanh_table_array<5>));
#endif

  // Softmax algorithms quake measured and did not pick (docs/design.md).
  rows("softmax", "two_pass<2>", Role::variant, plain_rows(each_row<softmax_two_pass<2>>));
  rows("softmax", "folded<2>", Role::variant, plain_rows(each_row<softmax_folded2>));

#if QUAKE_BENCH_HAVE_SLEEF
  map("exp", "sleef_u10", Role::peer, plain(sleef::exp));
  map("sigmoid", "sleef_u10", Role::peer, plain(sleef::sigmoid));
  map("tanh", "sleef_u10", Role::peer, plain(sleef::tanh));
  map("silu", "sleef_u10", Role::peer, plain(sleef::silu));
  map("gelu", "sleef_u10", Role::peer, plain(sleef::gelu));
  map("gelu_sigmoid", "sleef_u10", Role::peer, plain(sleef::gelu_sigmoid));
  map("gelu_erf", "sleef_u10", Role::peer, plain(sleef::gelu_erf));
  map("mish", "sleef_u10", Role::peer, plain(sleef::mish));
#endif
#if QUAKE_BENCH_HAVE_ONEDNN
  map("sigmoid", "onednn", Role::peer, onednn::sigmoid);
  map("tanh", "onednn", Role::peer, onednn::tanh);
  map("gelu", "onednn", Role::peer, onednn::gelu_tanh);
  map("gelu_erf", "onednn", Role::peer, onednn::gelu_erf);
  map("mish", "onednn", Role::peer, onednn::mish);
  map("silu", "onednn", Role::peer,
      [](const float* in, float* out, std::size_t n) { return onednn::swish(1.0f, in, out, n); });
  map("gelu_sigmoid", "onednn", Role::peer,
      [](const float* in, float* out, std::size_t n) { return onednn::swish(1.702f, in, out, n); });
  rows("softmax", "onednn", Role::peer, onednn::softmax);
  rows("log_softmax", "onednn", Role::peer, onednn::log_softmax);
#endif
#if QUAKE_BENCH_HAVE_LIBMVEC
  map("exp", "libmvec", Role::peer, plain(libmvec_exp));
#endif
#if QUAKE_BENCH_HAVE_XNNPACK
  map("sigmoid", "xnnpack", Role::peer, xnnpack::sigmoid);
  rows("softmax", "xnnpack", Role::peer, xnnpack::softmax);
#endif
#if QUAKE_BENCH_HAVE_DISPATCH
  add_dispatched(ks);
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
  if (function == "copy" || function == "divide") r = {-20.0f, 20.0f};
  if (function == "softmax_masked" || function == "softmax_causal") r = {-10.0f, 10.0f};
  return r;
}

std::vector<std::pair<std::string, std::string>> context() {
  std::vector<std::pair<std::string, std::string>> c = {
      {"quake_simd_arch", quake::simd_arch::name()}, {"quake_fma", quake::has_fma ? "yes" : "no"}};
#if QUAKE_BENCH_HAVE_SLEEF
  c.push_back({"sleef_exp", sleef::exp_name()});
#endif
#if QUAKE_BENCH_HAVE_ONEDNN
  c.push_back({"onednn_eltwise", onednn::implementation()});
#endif
#if QUAKE_BENCH_HAVE_DISPATCH
  c.push_back({"quake_dispatch_arch", dispatched_arch()});
#endif
  return c;
}

}  // namespace quake_bench
