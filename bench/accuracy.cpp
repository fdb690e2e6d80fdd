// quake_bench_accuracy: the maximum error of every benchmarked kernel -- quake's and its peers' --
// against a double reference, as JSON for bench/report.py.
//
//   quake_bench_accuracy [--stride S] [--out FILE]
//
// Element-wise functions sweep every S-th float (by bit pattern, so every binade gets its share)
// of their domain; S = 1 is exhaustive. Row functions use 64 random rows of each benchmarked
// length. Errors: exp and sigmoid relative; tanh absolute; gelu and silu |error| / |x|; softmax
// relative per element; log_softmax absolute, relative where |value| > 1. (|error|/|x| divides
// by FLT_MIN for subnormal x, where float's own product x*(...) loses its relative precision.)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <quake/quake.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "peers.hpp"
#include "references.hpp"

namespace {

using Map = std::function<void(const float*, float*, std::size_t)>;
using Rows = std::function<void(const float*, float*, std::size_t, std::size_t)>;

enum class Metric { relative, absolute, per_x, log_softmax };

const char* metric_name(Metric m) {
  switch (m) {
    case Metric::relative:
      return "relative";
    case Metric::absolute:
      return "absolute";
    case Metric::per_x:
      return "|error|/|x|";
    case Metric::log_softmax:
      return "absolute, relative where |value| > 1";
  }
  return "";
}

double error(Metric m, double x, double y, double r) {
  switch (m) {
    case Metric::relative:
      return std::fabs(y / r - 1.0);
    case Metric::absolute:
      return std::fabs(y - r);
    case Metric::per_x:
      return std::fabs(y - r) / std::max(std::fabs(x), 0x1p-126);
    case Metric::log_softmax:
      return std::fabs(y - r) / std::max(1.0, std::fabs(r));
  }
  return 0;
}

struct Worst {
  double err = 0, x = 0;  // over the whole domain
  double core_err = 0;    // over [lo, core_hi]
  void add(double e, double at, bool core) {
    if (!(e <= err)) err = e, x = at;  // NaN counts as worst
    if (core && !(e <= core_err)) core_err = e;
  }
  void merge(const Worst& o) {
    if (!(o.err <= err)) err = o.err, x = o.x;
    if (!(o.core_err <= core_err)) core_err = o.core_err;
  }
};

struct Kernel {
  std::string name;
  Map f;
};

/// One element-wise function: its double reference, domain, and the kernels to measure.
struct Function {
  std::string name;
  Metric metric;
  float lo, hi, core_hi;
  double (*ref)(double);
  std::vector<Kernel> kernels;
};

float float_from(std::int64_t k) {
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

std::vector<Worst> sweep(const Function& fn, std::int64_t stride) {
  const std::int64_t a = ordinal(fn.lo), b = ordinal(fn.hi);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  constexpr std::int64_t kChunk = 1 << 14;
  std::vector<std::vector<Worst>> part(threads, std::vector<Worst>(fn.kernels.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<float> in(kChunk), out(kChunk);
      std::vector<double> ref(kChunk);
      for (std::int64_t c = a + t * kChunk * stride; c <= b; c += threads * kChunk * stride) {
        std::size_t n = 0;
        for (std::int64_t k = c; k <= b && n < static_cast<std::size_t>(kChunk); k += stride) {
          in[n++] = float_from(k);
        }
        if (c + kChunk * stride > b) in[n++] = fn.hi;  // the domain's end, always
        for (std::size_t i = 0; i < n; ++i) ref[i] = fn.ref(static_cast<double>(in[i]));
        for (std::size_t j = 0; j < fn.kernels.size(); ++j) {
          fn.kernels[j].f(in.data(), out.data(), n);
          for (std::size_t i = 0; i < n; ++i) {
            part[t][j].add(error(fn.metric, in[i], out[i], ref[i]), in[i], in[i] <= fn.core_hi);
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<Worst> w(fn.kernels.size());
  for (const auto& p : part)
    for (std::size_t j = 0; j < w.size(); ++j) w[j].merge(p[j]);
  return w;
}

/// Max error of a row function over 64 rows of each benchmarked length, logits uniform in
/// [-10, 10] and [-40, 40].
Worst rows_error(const Rows& f, Metric metric, void (*ref)(const double*, double*, std::size_t)) {
  Worst w;
  for (auto cols64 : quake_bench::row_lengths()) {
    for (float spread : {10.0f, 40.0f}) {
      const auto cols = static_cast<std::size_t>(cols64);
      const auto rows = static_cast<std::size_t>(quake_bench::kRows);
      const std::vector<float> in = quake_bench::uniform(rows * cols, -spread, spread, 7);
      std::vector<float> out(in.size());
      f(in.data(), out.data(), rows, cols);
      std::vector<double> din(in.begin(), in.end()), dref(in.size());
      for (std::size_t r = 0; r < rows; ++r)
        ref(din.data() + r * cols, dref.data() + r * cols, cols);
      for (std::size_t i = 0; i < in.size(); ++i) {
        w.add(error(metric, in[i], out[i], dref[i]), in[i], true);
      }
    }
  }
  return w;
}

struct Result {
  std::string key, metric, domain, worst_x;
  double err, core_err;
};

std::string hex(double x) {
  char b[64];
  std::snprintf(b, sizeof b, "%a", x);
  return b;
}

std::string domain_of(const Function& fn) {
  char b[128];
  std::snprintf(b, sizeof b, "[%.9g, %.9g]", static_cast<double>(fn.lo),
                static_cast<double>(fn.hi));
  return b;
}

template <int N>
Kernel quake_exp() {
  return {"quake<" + std::to_string(N) + ">",
          [](const float* in, float* out, std::size_t n) { quake::exp<N>(in, out, n); }};
}

/// quake's array form of an element-wise function, as an accuracy kernel.
#define QUAKE_ACCURACY_KERNEL(fn, N)                                                              \
  Kernel {                                                                                        \
    "quake<" #N ">", [](const float* in, float* out, std::size_t n) { quake::fn<N>(in, out, n); } \
  }
#define QUAKE_ACCURACY_ORDERS(fn)                                                           \
  QUAKE_ACCURACY_KERNEL(fn, 1), QUAKE_ACCURACY_KERNEL(fn, 2), QUAKE_ACCURACY_KERNEL(fn, 3), \
      QUAKE_ACCURACY_KERNEL(fn, 4), QUAKE_ACCURACY_KERNEL(fn, 5)

float std_expf(float x) { return std::exp(x); }

/// A JSON number; Python's json module reads Infinity and NaN.
std::string num(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char b[64];
  std::snprintf(b, sizeof b, "%.6e", v);
  return b;
}

template <float (*F)(float)>
void map_loop(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F(in[i]);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t stride = 1;
  const char* out_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--stride") && i + 1 < argc) {
      stride = std::max<std::int64_t>(1, std::atoll(argv[++i]));
    } else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) {
      out_path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--stride S] [--out FILE]\n", argv[0]);
      return 2;
    }
  }
  using quake::detail::exp_range;
  // exp: every input whose e^x is a normal float. xsimd 8.1 returns +inf from 88.3763 on, so the
  // "core" error stops at 88 where every peer is finite; "err" covers the whole domain.
  Function exp_fn{"exp",
                  Metric::relative,
                  exp_range<float>::normal_min,
                  exp_range<float>::overflow,
                  88.0f,
                  [](double x) { return std::exp(x); },
                  {}};
  exp_fn.kernels = {quake_exp<1>(),
                    quake_exp<2>(),
                    quake_exp<3>(),
                    quake_exp<4>(),
                    quake_exp<5>(),
                    {"std", map_loop<std_expf>},
                    {"xsimd", [](const float* in, float* out, std::size_t n) {
                       quake::detail::apply_elementwise([](const auto& v) { return xsimd::exp(v); },
                                                        in, out, n);
                     }}};
#if QUAKE_BENCH_HAVE_SLEEF
  exp_fn.kernels.push_back({"sleef_u10", quake_bench::sleef_exp_u10});
#endif
#if QUAKE_BENCH_HAVE_LIBMVEC
  exp_fn.kernels.push_back({"libmvec", quake_bench::libmvec_exp});
#endif

  namespace ref = quake_bench::ref;
  // sigmoid: relative error wherever the true value is >= 1e-30 (x >= -69.07).
  Function sigmoid_fn{"sigmoid",
                      Metric::relative,
                      -69.0f,
                      30.0f,
                      30.0f,
                      ref::sigmoid_t<double>,
                      {QUAKE_ACCURACY_ORDERS(sigmoid), {"std", map_loop<ref::sigmoid>}}};
#if QUAKE_BENCH_HAVE_XNNPACK
  sigmoid_fn.kernels.push_back({"xnnpack", [](const float* in, float* out, std::size_t n) {
                                  quake_bench::xnnpack::sigmoid(in, out, n)();
                                }});
#endif
  Function tanh_fn{"tanh",
                   Metric::absolute,
                   -20.0f,
                   20.0f,
                   20.0f,
                   [](double x) { return std::tanh(x); },
                   {QUAKE_ACCURACY_ORDERS(tanh), {"std", map_loop<ref::tanh>}}};
  Function gelu_fn{"gelu",
                   Metric::per_x,
                   -20.0f,
                   20.0f,
                   20.0f,
                   ref::gelu_t<double>,
                   {QUAKE_ACCURACY_ORDERS(gelu), {"std", map_loop<ref::gelu>}}};
  Function silu_fn{"silu",
                   Metric::per_x,
                   -80.0f,
                   80.0f,
                   80.0f,
                   ref::silu_t<double>,
                   {QUAKE_ACCURACY_ORDERS(silu), {"std", map_loop<ref::silu>}}};

  std::vector<Result> results;
  for (const Function* fn : {&exp_fn, &sigmoid_fn, &tanh_fn, &gelu_fn, &silu_fn}) {
    const std::vector<Worst> w = sweep(*fn, stride);
    for (std::size_t j = 0; j < w.size(); ++j) {
      results.push_back({fn->name + "/" + fn->kernels[j].name, metric_name(fn->metric),
                         domain_of(*fn), hex(w[j].x), w[j].err, w[j].core_err});
      std::fprintf(stderr, "%-22s max err %.3e (core %.3e) at x = %a\n", results.back().key.c_str(),
                   w[j].err, w[j].core_err, w[j].x);
    }
  }

  struct RowsKernel {
    std::string key;
    Rows f;
    Metric metric;
    void (*ref)(const double*, double*, std::size_t);
  };
  std::vector<RowsKernel> rows_kernels = {
      {"softmax/quake<1>",
       [](const float* i, float* o, std::size_t r, std::size_t c) {
         quake::softmax<1>(i, o, r, c);
       },
       Metric::relative, ref::softmax_row<double>},
      {"softmax/quake<2>",
       [](const float* i, float* o, std::size_t r, std::size_t c) {
         quake::softmax<2>(i, o, r, c);
       },
       Metric::relative, ref::softmax_row<double>},
      {"softmax/quake<3>",
       [](const float* i, float* o, std::size_t r, std::size_t c) {
         quake::softmax<3>(i, o, r, c);
       },
       Metric::relative, ref::softmax_row<double>},
      {"log_softmax/quake<1>",
       [](const float* i, float* o, std::size_t r, std::size_t c) {
         quake::log_softmax<1>(i, o, r, c);
       },
       Metric::log_softmax, ref::log_softmax_row<double>},
      {"log_softmax/quake<2>",
       [](const float* i, float* o, std::size_t r, std::size_t c) {
         quake::log_softmax<2>(i, o, r, c);
       },
       Metric::log_softmax, ref::log_softmax_row<double>},
      {"log_softmax/quake<3>",
       [](const float* i, float* o, std::size_t r, std::size_t c) {
         quake::log_softmax<3>(i, o, r, c);
       },
       Metric::log_softmax, ref::log_softmax_row<double>},
      {"softmax/std", ref::softmax_rows, Metric::relative, ref::softmax_row<double>},
      {"log_softmax/std", ref::log_softmax_rows, Metric::log_softmax, ref::log_softmax_row<double>},
  };
#if QUAKE_BENCH_HAVE_XNNPACK
  rows_kernels.push_back({"softmax/xnnpack",
                          [](const float* in, float* out, std::size_t r, std::size_t c) {
                            quake_bench::xnnpack::softmax(in, out, r, c)();
                          },
                          Metric::relative, ref::softmax_row<double>});
#endif
  for (const auto& k : rows_kernels) {
    const Worst w = rows_error(k.f, k.metric, k.ref);
    results.push_back({k.key, metric_name(k.metric),
                       "64 rows x {128, 1024, 8192}, U(-10,10), U(-40,40)", hex(w.x), w.err,
                       w.core_err});
    std::fprintf(stderr, "%-22s max err %.3e\n", k.key.c_str(), w.err);
  }

  FILE* out = out_path ? std::fopen(out_path, "w") : stdout;
  if (!out) {
    std::perror(out_path);
    return 1;
  }
  std::fprintf(out, "{\n  \"stride\": %lld,\n  \"simd_arch\": \"%s\",\n  \"kernels\": {\n",
               static_cast<long long>(stride), quake::simd_arch::name());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    std::fprintf(out,
                 "    \"%s\": {\"max_err\": %s, \"max_err_core\": %s, \"worst_x\": \"%s\", "
                 "\"metric\": \"%s\", \"domain\": \"%s\"}%s\n",
                 r.key.c_str(), num(r.err).c_str(), num(r.core_err).c_str(), r.worst_x.c_str(),
                 r.metric.c_str(), r.domain.c_str(), i + 1 < results.size() ? "," : "");
  }
  std::fprintf(out, "  }\n}\n");
  if (out_path) std::fclose(out);
  return 0;
}
