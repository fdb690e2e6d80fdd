// Shared machinery of the exhaustive float32 checker and the double sweep: bit helpers (from
// ../common.hpp), the record of a function's worst input and of its violations, and a thread
// pool over work items.
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

#include "../common.hpp"

namespace quake_check {

using quake_common::bits_t;
using quake_common::from_bits;
using quake_common::to_bits;

/// "1.9449e-07" and "-0x1.6df8dp-5 (-0.0446...)": how inputs and results are printed.
template <class T>
std::string show(T x) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%a (%.*g)", static_cast<double>(x),
                std::numeric_limits<T>::max_digits10, static_cast<double>(x));
  return buf;
}
inline std::string show_ref(long double r) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.21Lg", r);
  return buf;
}

/// What a function's rule says about one input (before any reference is computed).
struct Rule {
  bool decided;      // the rule alone fixes the result: no reference needed
  bool ok;           // the result obeys the rule(s) that apply
  const char* what;  // the rule broken, when !ok
};
inline Rule measure() { return {false, true, nullptr}; }
inline Rule decided(bool ok, const char* what) { return {true, ok, what}; }

/// What the rules say about every input of an interval [lo, hi] (the exhaustive checker asks
/// this for each block of consecutive floats, so it can check the block in tight loops):
/// - measure: no edge rule applies, every result is measured against the bound;
/// - bits: every result's bit pattern must lie in [lo, hi] (unsigned), e.g. exactly +0 is
///   [0, 0], +inf is [0x7f800000, 0x7f800000], [0, FLT_MIN) is [0, 0x007fffff];
/// - identity: every result is its input, bit for bit (e.g. silu(x) == x for large x);
/// - mixed: anything else; each input then goes through rule() one by one.
template <class T>
struct Region {
  enum Kind { measure, bits, identity, mixed } kind;
  bits_t<T> lo, hi;
};
template <class T>
Region<T> region_measure() {
  return {Region<T>::measure, 0, 0};
}
template <class T>
Region<T> region_bits(T lo, T hi) {
  return {Region<T>::bits, to_bits(lo), to_bits(hi)};
}
template <class T>
Region<T> region_identity() {
  return {Region<T>::identity, 0, 0};
}
template <class T>
Region<T> region_mixed() {
  return {Region<T>::mixed, 0, 0};
}

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

/// Runs body(item, record) for item in [0, items) on `threads` threads, handing items out one at a
/// time (their costs differ a lot: edge-rule regions are cheap), and merges the records.
template <class T, class Body>
Record<T> parallel_items(std::uint64_t items, unsigned threads, const Body& body) {
  std::atomic<std::uint64_t> next{0};
  std::vector<Record<T>> part(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::uint64_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < items;) {
        body(i, part[t]);
      }
    });
  }
  for (auto& th : pool) th.join();
  Record<T> all;
  for (const auto& p : part) all.merge(p);
  return all;
}

/// Thread count: --threads N, else every core.
inline unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace quake_check
