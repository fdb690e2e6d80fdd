// Shared machinery of the exhaustive float32 checker and the double sweep: the record of a
// function's worst input and of its violations, a thread pool over work items, the command line.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "../contract.hpp"

namespace quake_check {

/// One broken promise, kept for the report.
template <class T>
struct Violation {
  T x, y;
  long double ref;  // NaN when the rule needs none
  std::string what;
};

/// The largest error seen over the inputs measured against the reference, and everything else a
/// function/order run reports. Merging keeps the larger error, ties going to the smaller input
/// bits, so the printed worst input does not depend on how work was split between threads.
template <class T>
struct Record {
  double err = -1;
  T x = 0, y = 0;
  long double ref = 0;
  std::uint64_t measured = 0, by_rule = 0, violations = 0;
  std::vector<Violation<T>> first;  // the first few violations
  static constexpr std::size_t kKeep = 8;

  void consider(double e, T xi, T yi, long double r) {
    if (e > err || (e == err && to_bits(xi) < to_bits(x))) {
      err = e;
      x = xi;
      y = yi;
      ref = r;
    }
  }
  void violate(T xi, T yi, long double r, std::string what) {
    ++violations;
    if (first.size() < kKeep) first.push_back({xi, yi, r, std::move(what)});
  }
  void merge(const Record& o) {
    if (o.err >= 0) consider(o.err, o.x, o.y, o.ref);
    measured += o.measured;
    by_rule += o.by_rule;
    violations += o.violations;
    for (const auto& v : o.first) {
      if (first.size() < kKeep) first.push_back(v);
    }
  }
};

/// Runs body(item, part) for item in [0, items) on `threads` threads, handing items out one at a
/// time (their costs differ a lot: edge-rule regions are cheap), and merges the threads' parts (a
/// Record, or anything with merge()).
template <class Part, class Body>
Part parallel_parts(std::uint64_t items, unsigned threads, const Body& body) {
  std::atomic<std::uint64_t> next{0};
  std::vector<Part> part(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::uint64_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < items;) {
        body(i, part[t]);
      }
    });
  }
  for (auto& th : pool) th.join();
  Part all;
  for (const auto& p : part) all.merge(p);
  return all;
}
template <class T, class Body>
Record<T> parallel_items(std::uint64_t items, unsigned threads, const Body& body) {
  return parallel_parts<Record<T>>(items, threads, body);
}

/// The command line of both checkers: --threads N (default: every core), --only NAME (one
/// registry function), and one count option of the program's own (--stride S, --points P).
struct Options {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::uint64_t count;
  std::string only;
};

inline Options parse_options(int argc, char** argv, const char* count_option,
                             std::uint64_t count_default) {
  Options o{};
  o.threads = std::max(1u, std::thread::hardware_concurrency());
  o.count = count_default;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--threads" && has_value) {
      o.threads = static_cast<unsigned>(std::max(1L, std::strtol(argv[++i], nullptr, 10)));
    } else if (a == count_option && has_value) {
      o.count = std::max<std::uint64_t>(1, std::strtoull(argv[++i], nullptr, 10));
    } else if (a == "--only" && has_value) {
      o.only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--threads N] [%s N] [--only NAME]\n", argv[0], count_option);
      std::exit(2);
    }
  }
  return o;
}

/// The first line of a float checker's report: what it checks, the build, the threads, and
/// whether --stride thinned it.
inline void print_float_banner(const char* what, const Options& opt) {
  std::printf("quake exhaustive %s check: SIMD arch %s, FMA %s, %u threads%s\n", what,
              quake::simd_arch::name(), quake::has_fma ? "yes" : "no", opt.threads,
              opt.count > 1 ? " (SAMPLED: --stride)" : "");
}

/// The function's error measure, as printed.
template <class F>
const char* measure_name() {
  return F::error == quake::measure::relative ? "relative" : "abs per x";
}

/// Prints one function/order's result: the worst input, its result, the reference and the
/// error, the counts, the time (left out where `seconds` is negative: the caller reports it) and
/// the first violations.
template <class F, int N, class T>
void print_record(const Record<T>& rec, double bound, double seconds, const std::string& extra) {
  std::printf("%s<%d> %s: max %s err %.4e (bound %.2e) at x = %s -> %s, reference %s\n", F::name, N,
              sizeof(T) == 4 ? "float" : "double", measure_name<F>(), rec.err, bound,
              show(rec.x).c_str(), show(rec.y).c_str(), show_ref(rec.ref).c_str());
  std::printf(
      "    %llu inputs measured%s, %llu decided by edge rules;%s array == scalar; %llu "
      "violations",
      static_cast<unsigned long long>(rec.measured), extra.c_str(),
      static_cast<unsigned long long>(rec.by_rule),
      F::monotonicity != quake::monotone::no ? " monotone;" : "",
      static_cast<unsigned long long>(rec.violations));
  if (seconds >= 0) std::printf("; %.1f s", seconds);
  std::printf("\n");
  for (const auto& v : rec.first) {
    std::printf("    VIOLATION %s<%d>(%s) = %s, reference %s: %s\n", F::name, N, show(v.x).c_str(),
                show(v.y).c_str(), show_ref(v.ref).c_str(), v.what.c_str());
  }
  std::fflush(stdout);
}

}  // namespace quake_check
