// quake_bench_accuracy: the maximum error of every kernel of kernels.cpp -- quake's and its
// peers' -- against a double reference, as JSON for bench/report.py, with the registry's
// functions, error measures and bounds.
//
//   quake_bench_accuracy [--stride S] [--out FILE]
//
// Element-wise functions sweep every S-th float (by bit pattern, so every binade gets its share)
// of the domain where the registry measures them (no edge rule applies); S = 1 is exhaustive.
// Each error is in the function's registry measure (relative, or |error| / |x|), reported over
// that whole domain and over the benchmarks' sample range (where inputs usually lie, and where
// every peer is finite: xsimd 8.1's exp overflows from 88.38). Row functions use 64 random rows
// of each benchmarked length: softmax relative per element (true values >= 1e-30), log_softmax
// absolute, relative where |value| > 1.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <quake/quake.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../tests/common.hpp"  // the one bit toolbox of the tests and benchmarks
#include "bench_support.hpp"
#include "kernels.hpp"

namespace {

using quake_bench::Kernel;

struct Worst {
  double err = 0, x = 0;  // over the whole domain
  double sample_err = 0;  // over the sample range
  void add(double e, double at, bool sample) {
    if (!(e <= err)) err = e, x = at;  // NaN counts as worst
    if (sample && !(e <= sample_err)) sample_err = e;
  }
  void merge(const Worst& o) {
    if (!(o.err <= err)) err = o.err, x = o.x;
    if (!(o.sample_err <= sample_err)) sample_err = o.sample_err;
  }
};

using quake_common::ordinal;
float float_from(std::int64_t k) { return quake_common::from_ordinal<float>(k); }

/// An element-wise function's sweep: every stride-th float of [lo, hi], against reference `ref`
/// in the registry's measure, for each kernel.
template <class F>
std::vector<Worst> sweep(const std::vector<const Kernel*>& ks, std::int64_t stride) {
  const auto [lo, hi] = quake::registry::measured_domain<F, 5, float>();
  const float sample_lo = static_cast<float>(F::sample_lo),
              sample_hi = static_cast<float>(F::sample_hi);
  const std::int64_t a = ordinal(lo), b = ordinal(hi);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  constexpr std::int64_t kChunk = 1 << 14;
  std::vector<std::vector<Worst>> part(threads, std::vector<Worst>(ks.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<float> in(kChunk + 1), out(kChunk + 1);
      std::vector<double> ref(kChunk + 1);
      std::vector<std::function<void()>> runs;
      for (std::int64_t c = a + t * kChunk * stride; c <= b; c += threads * kChunk * stride) {
        std::size_t n = 0;
        for (std::int64_t k = c; k <= b && n < static_cast<std::size_t>(kChunk); k += stride) {
          in[n++] = float_from(k);
        }
        if (c + kChunk * stride > b) in[n++] = hi;  // the domain's end, always
        for (std::size_t i = 0; i < n; ++i) ref[i] = F::reference(static_cast<double>(in[i]));
        for (std::size_t j = 0; j < ks.size(); ++j) {
          ks[j]->map(in.data(), out.data(), n)();
          for (std::size_t i = 0; i < n; ++i) {
            const double x = in[i], y = out[i];
            const double scale =
                F::error == quake::measure::relative ? std::fabs(ref[i]) : std::fabs(x);
            const double e = std::fabs(y - ref[i]) / std::max(scale, 0x1p-126);
            part[t][j].add(e, x, in[i] >= sample_lo && in[i] <= sample_hi);
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<Worst> w(ks.size());
  for (const auto& p : part)
    for (std::size_t j = 0; j < w.size(); ++j) w[j].merge(p[j]);
  return w;
}

/// A row function's error over 64 rows of each benchmarked length, logits uniform in [-10, 10]
/// and [-40, 40]: softmax relative per element (true values >= 1e-30), log_softmax absolute,
/// relative where the value exceeds 1 in magnitude.
Worst rows_error(const Kernel& k, bool log) {
  Worst w;
  for (auto cols64 : quake_bench::row_lengths()) {
    for (float spread : {10.0f, 40.0f}) {
      const auto cols = static_cast<std::size_t>(cols64);
      const auto rows = static_cast<std::size_t>(quake_bench::kRows);
      const std::vector<float> in = quake_bench::uniform(rows * cols, -spread, spread, 7);
      std::vector<float> out(in.size());
      k.rows(in.data(), out.data(), rows, cols)();
      std::vector<double> dref(in.size());
      for (std::size_t r = 0; r < rows; ++r) {
        if (log) {
          quake::fn::log_softmax::reference<double>(in.data() + r * cols, dref.data() + r * cols,
                                                    cols);
        } else {
          quake::fn::softmax::reference<double>(in.data() + r * cols, dref.data() + r * cols, cols);
        }
      }
      for (std::size_t i = 0; i < in.size(); ++i) {
        const double y = out[i], r = dref[i];
        if (!log && r < quake::fn::softmax::tiny) continue;
        const double e =
            log ? std::fabs(y - r) / std::max(1.0, std::fabs(r)) : std::fabs(y / r - 1);
        w.add(e, in[i], spread == 10.0f);
      }
    }
  }
  return w;
}

std::string hex(double x) {
  char b[64];
  std::snprintf(b, sizeof b, "%a", x);
  return b;
}

/// A JSON number; Python's json module reads Infinity and NaN.
std::string num(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char b[64];
  std::snprintf(b, sizeof b, "%.6e", v);
  return b;
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

  std::string functions, results;
  auto result = [&](const std::string& key, const Worst& w, const std::string& domain) {
    results += std::string(results.empty() ? "" : ",\n") + "    \"" + key +
               "\": {\"max_err\": " + num(w.err) + ", \"max_err_sample\": " + num(w.sample_err) +
               ", \"worst_x\": \"" + hex(w.x) + "\", \"domain\": \"" + domain + "\"}";
    std::fprintf(stderr, "%-26s max err %.3e (sample range %.3e) at x = %a\n", key.c_str(), w.err,
                 w.sample_err, w.x);
  };
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    std::vector<const Kernel*> ks;
    for (const auto& k : quake_bench::kernels()) {
      if (k.function == F::name && (F::rows ? bool(k.rows) : bool(k.map))) ks.push_back(&k);
    }
    std::string bounds;
    quake::registry::for_each_order([&](auto order) {
      bounds += (bounds.empty() ? "" : ", ") + num(quake::bound<F, decltype(order)::value, float>);
    });
    const char* measure = "";
    if constexpr (F::rows) {
      measure = std::is_same<F, quake::fn::softmax>::value ? "relative"
                                                           : "absolute, relative where |value| > 1";
    } else {
      measure = F::error == quake::measure::relative ? "relative" : "|error| / |x|";
    }
    functions += std::string(functions.empty() ? "" : ",\n") + "    \"" + F::name +
                 "\": {\"rows\": " + (F::rows ? "true" : "false") + ", \"measure\": \"" + measure +
                 "\", \"bounds\": [" + bounds + "]}";
    if constexpr (F::rows) {
      for (const Kernel* k : ks) {
        result(std::string(F::name) + "/" + k->name,
               rows_error(*k, std::is_same<F, quake::fn::log_softmax>::value),
               "64 rows x {128, 1024, 8192}, U(-10,10) and U(-40,40)");
      }
    } else {
      const auto [lo, hi] = quake::registry::measured_domain<F, 5, float>();
      char domain[128];
      std::snprintf(domain, sizeof domain, "[%.9g, %.9g]", static_cast<double>(lo),
                    static_cast<double>(hi));
      const std::vector<Worst> w = sweep<F>(ks, stride);
      for (std::size_t j = 0; j < ks.size(); ++j) {
        result(std::string(F::name) + "/" + ks[j]->name, w[j], domain);
      }
    }
  });

  std::string roles;
  for (const auto& k : quake_bench::kernels()) {
    static const char* names[] = {"quake", "peer", "baseline", "variant", "roofline", "dispatch"};
    roles += std::string(roles.empty() ? "" : ",\n") + "    \"" + k.function + "/" + k.name +
             "\": \"" + names[static_cast<int>(k.role)] + "\"";
  }

  FILE* out = out_path ? std::fopen(out_path, "w") : stdout;
  if (!out) {
    std::perror(out_path);
    return 1;
  }
  std::fprintf(out,
               "{\n  \"stride\": %lld,\n  \"simd_arch\": \"%s\",\n  \"functions\": {\n%s\n  },\n"
               "  \"roles\": {\n%s\n  },\n  \"kernels\": {\n%s\n  }\n}\n",
               static_cast<long long>(stride), quake::simd_arch::name(), functions.c_str(),
               roles.c_str(), results.c_str());
  if (out_path) std::fclose(out);
  return 0;
}
