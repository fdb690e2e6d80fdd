// Dense stratified sweep of every element-wise function of the registry
// (include/quake/registry.hpp) in double. Every binade of
// double, both signs, is a stratum: strata where an edge rule does not decide every result get
// an equal share of --points inputs per order (default 10^8), jittered evenly through the
// binade's mantissas, plus the binade's first and last 8 bit patterns; strata that a rule decides
// get 1024 inputs. Special inputs (NaNs, infinities, thresholds) are added. Each input is checked
// like the float checker does: edge rules, the bound, array == scalar, oddness, monotonicity (over
// each stratum in increasing order, and across binade boundaries, whose edge patterns are
// adjacent).
//
// Reference: long double (x86: 64-bit significand). To keep to a few seconds, each error is
// first measured against the double reference; only where that cannot rule out the input being
// the worst so far or exceeding the bound (within kMargin, far above the double reference's
// error of ~2^-52) is it measured again against long double. So the printed worst error and
// every bound decision are long double figures.
//
//   quake_double_sweep [--threads N] [--points P] [--only NAME]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "check_support.hpp"

namespace {

using namespace quake_check;

constexpr double kMargin = 1e-12;
constexpr std::uint64_t kEdge = 8;              // patterns taken from each end of a binade
constexpr std::uint64_t kDecidedPoints = 1024;  // per stratum a rule decides
constexpr std::uint64_t kMantissa = std::uint64_t{1} << 52;
constexpr std::uint64_t kSign = std::uint64_t{1} << 63;

struct Row {
  std::string name, error_kind;
  int order;
  double bound, seconds;
  std::uint64_t strata, long_double_refs;
  Record<double> rec;
};

/// Stratum s: sign s & 1, biased exponent s >> 1 (0: the subnormals and zero).
struct Stratum {
  std::uint64_t first;  // bit pattern of the binade's first input (smallest magnitude)
  bool negative;
  double lo, hi;  // value range
};
Stratum stratum(std::uint64_t s) {
  const std::uint64_t sign = (s & 1) ? kSign : 0;
  const std::uint64_t first = sign | ((s >> 1) << 52);
  const double a = from_bits<double>(first), b = from_bits<double>(first + kMantissa - 1);
  return {first, sign != 0, sign ? b : a, sign ? a : b};
}
constexpr std::uint64_t kStrata = 2 * 2047;  // every finite binade, both signs

/// The inputs of one stratum in increasing bit pattern (increasing magnitude): its first kEdge
/// patterns, `count` patterns spread through the binade (pattern i in the i-th of `count` equal
/// slices, at a jittered position), its last kEdge patterns.
void stratum_inputs(const Stratum& st, std::uint64_t count, std::vector<double>& in) {
  in.clear();
  for (std::uint64_t i = 0; i < kEdge; ++i) in.push_back(from_bits<double>(st.first + i));
  const std::uint64_t slice = (kMantissa - 2 * kEdge) / count;
  std::uint64_t jitter = st.first * 0x9e3779b97f4a7c15ull;
  for (std::uint64_t i = 0; i < count; ++i) {
    jitter = jitter * 6364136223846793005ull + 1442695040888963407ull;  // Knuth's MMIX LCG
    const std::uint64_t m = kEdge + i * slice + (jitter >> 11) % slice;
    in.push_back(from_bits<double>(st.first + m));
  }
  for (std::uint64_t i = kMantissa - kEdge; i < kMantissa; ++i) {
    in.push_back(from_bits<double>(st.first + i));
  }
}

/// Inputs no binade sweep reaches: NaNs, infinities, and the ends of the range.
std::vector<double> special_inputs() {
  using L = std::numeric_limits<double>;
  return {L::quiet_NaN(),
          -L::quiet_NaN(),
          L::signaling_NaN(),
          from_bits<double>(to_bits(L::quiet_NaN()) | 0x2a),
          from_bits<double>(0xfff0000000000001ull),
          L::infinity(),
          -L::infinity()};
}

template <class F, int N>
struct Sweep {
  const Options& opt;
  std::uint64_t per_stratum = 0;
  std::atomic<std::uint64_t> long_double_refs{0};

  /// One input: rules, then the bound (double reference first, long double where it matters).
  void check(double x, double y, Record<double>& r) {
    const double ys = F::template scalar<N>(x);
    if (to_bits(ys) != to_bits(y)) {
      r.violate(x, y, NAN, "array == scalar: the scalar form gives " + show(ys));
    }
    if (F::odd && std::signbit(x) && !std::isnan(x)) {
      const double m = F::template scalar<N>(-x);
      if (to_bits(y) != (to_bits(m) ^ kSign)) r.violate(x, y, NAN, "odd: f(-x) gives " + show(m));
    }
    const Rule rule = quake_check::rule<F, N>(x, y);
    if (!rule.ok) r.violate(x, y, NAN, rule.what);
    if (rule.decided) {
      ++r.by_rule;
      return;
    }
    ++r.measured;
    const double bound = quake::bound<F, N, double>;
    const double err_d = error<F, double>(x, y, F::reference(x));
    if (err_d + kMargin < r.err && err_d + kMargin <= bound) return;  // false for NaN
    long_double_refs.fetch_add(1, std::memory_order_relaxed);
    using W = long double;
    const W ref = F::reference(static_cast<W>(x));
    const double err =
        static_cast<double>(error<F, double>(static_cast<W>(x), static_cast<W>(y), ref));
    r.consider(err, x, y, ref);
    if (!(err <= bound)) r.violate(x, y, ref, "error above the bound");
  }

  void run_stratum(std::uint64_t s, Record<double>& r) {
    thread_local std::vector<double> in, out;
    const Stratum st = stratum(s);
    const Region<double> region = quake_check::region<F, N>(st.lo, st.hi);
    const bool decided_region =
        region.kind == Region<double>::bits || region.kind == Region<double>::identity;
    stratum_inputs(st, decided_region ? kDecidedPoints : per_stratum, in);
    out.resize(in.size());
    F::template array<N>(in.data(), out.data(), in.size());
    // Monotone: in increasing order of magnitude, results rise for +, fall for -. The first
    // input is compared with the pattern just below it (the previous binade's last); +0's
    // neighbour is -0, which must give an equal result.
    bool have_prev = st.first != kSign;
    double prev_x = st.first == 0 ? -0.0 : from_bits<double>(st.first - 1);
    double prev_y = F::template scalar<N>(prev_x);
    const bool monotone = F::monotonicity == quake::monotone::everywhere ||
                          (F::monotonicity == quake::monotone::nonnegative && !st.negative);
    for (std::size_t i = 0; i < in.size(); ++i) {
      const double x = in[i], y = out[i];
      check(x, y, r);
      if (monotone && have_prev &&
          !(st.first == 0 && i == 0 && F::monotonicity == quake::monotone::nonnegative)) {
        const bool ok = (st.first == 0 && i == 0) ? y == prev_y
                        : st.negative             ? y <= prev_y
                                                  : y >= prev_y;
        if (!ok) {
          r.violate(x, y, NAN, "monotone: neighbour " + show(prev_x) + " gives " + show(prev_y));
        }
      }
      prev_x = x;
      prev_y = y;
      have_prev = true;
    }
  }

  Row run() {
    // Share the points among the strata no rule decides.
    std::uint64_t open = 0;
    for (std::uint64_t s = 0; s < kStrata; ++s) {
      const Stratum st = stratum(s);
      const auto kind = quake_check::region<F, N>(st.lo, st.hi).kind;
      open += kind == Region<double>::measure || kind == Region<double>::mixed;
    }
    per_stratum = (opt.count + open - 1) / std::max<std::uint64_t>(open, 1);
    const auto start = std::chrono::steady_clock::now();
    Record<double> rec = parallel_items<double>(
        kStrata + 1, opt.threads, [&](std::uint64_t item, Record<double>& r) {
          // Largest magnitudes first: their errors are the largest, so the worst so far soon
          // rules out most inputs without a long double reference.
          if (item < kStrata) return run_stratum(kStrata - 1 - item, r);
          const std::vector<double> in = special_inputs();
          std::vector<double> out(in.size());
          F::template array<N>(in.data(), out.data(), in.size());
          for (std::size_t i = 0; i < in.size(); ++i) check(in[i], out[i], r);
        });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {F::name,
            measure_name<F>(),
            N,
            quake::bound<F, N, double>,
            seconds,
            open,
            long_double_refs.load(),
            std::move(rec)};
  }
};

template <class F, int N>
void sweep_one(const Options& opt, std::vector<Row>& rows) {
  if (!opt.only.empty() && opt.only != F::name) return;
  Row row = Sweep<F, N>{opt}.run();
  char extra[96];
  std::snprintf(extra, sizeof extra, " (%llu binades, both signs; %llu against long double)",
                static_cast<unsigned long long>(row.strata),
                static_cast<unsigned long long>(row.long_double_refs));
  print_record<F, N>(row.rec, row.bound, row.seconds, extra);
  rows.push_back(std::move(row));
}

}  // namespace

int main(int argc, char** argv) {
  // >= 10^8 measured per order: the top binades are partly decided by rules.
  const Options opt = parse_options(argc, argv, "--points", 110'000'000);
  std::printf(
      "quake double sweep: every binade, both signs, %llu inputs per order where no rule "
      "decides, against long double (%d-bit significand); SIMD arch %s, FMA %s, %u threads\n\n",
      static_cast<unsigned long long>(opt.count), std::numeric_limits<long double>::digits,
      quake::simd_arch::name(), quake::has_fma ? "yes" : "no", opt.threads);
  const auto start = std::chrono::steady_clock::now();
  std::vector<Row> rows;
  quake::registry::for_each_elementwise([&](auto tag, auto order) {
    sweep_one<typename decltype(tag)::type, decltype(order)::value>(opt, rows);
  });

  if (rows.empty()) {
    std::printf("no function matched --only %s\n", opt.only.c_str());
    return 2;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::uint64_t violations = 0;
  std::printf(
      "\n| function | order | bound | max error | worst x | result | reference | inputs |\n");
  std::printf("|---|---:|---:|---:|---|---|---|---:|\n");
  for (const auto& row : rows) {
    violations += row.rec.violations;
    std::printf("| %s | %d | %.2e %s | %.3e | `%a` | `%a` | %.17Lg | %.3g |\n", row.name.c_str(),
                row.order, row.bound, row.error_kind.c_str(), row.rec.err, row.rec.x, row.rec.y,
                row.rec.ref, static_cast<double>(row.rec.measured + row.rec.by_rule));
  }
  std::printf("\ndouble sweep: %s (%llu violations) in %.1f s\n", violations ? "FAILED" : "passed",
              static_cast<unsigned long long>(violations), seconds);
  return violations ? 1 : 0;
}
