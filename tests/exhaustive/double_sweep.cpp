// Dense stratified sweep of the double-precision functions in functions.hpp. Every binade of
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

#include "functions.hpp"

namespace {

using namespace quake_check;

constexpr double kMargin = 1e-12;
constexpr std::uint64_t kEdge = 8;              // patterns taken from each end of a binade
constexpr std::uint64_t kDecidedPoints = 1024;  // per stratum a rule decides
constexpr std::uint64_t kMantissa = std::uint64_t{1} << 52;
constexpr std::uint64_t kSign = std::uint64_t{1} << 63;

struct Options {
  unsigned threads = default_threads();
  std::uint64_t points = 110'000'000;  // >= 10^8 measured: the top binades are partly ruled
  std::string only;
};

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

template <class Fn, int N>
struct Sweep {
  const Options& opt;
  std::uint64_t per_stratum = 0;
  std::atomic<std::uint64_t> long_double_refs{0};

  /// One input: rules, then the bound (double reference first, long double where it matters).
  void check(double x, double y, Record<double>& r) {
    const double ys = Fn::template scalar<N>(x);
    if (to_bits(ys) != to_bits(y)) {
      r.violate(x, y, NAN, "array == scalar: the scalar form gives " + show(ys));
    }
    if (Fn::odd && std::signbit(x) && !std::isnan(x)) {
      const double m = Fn::template scalar<N>(-x);
      if (to_bits(y) != (to_bits(m) ^ kSign)) r.violate(x, y, NAN, "odd: f(-x) gives " + show(m));
    }
    const Rule rule = Fn::template rule<N>(x, y);
    if (!rule.ok) r.violate(x, y, NAN, rule.what);
    if (rule.decided) {
      ++r.by_rule;
      return;
    }
    ++r.measured;
    const double bound = Fn::template bound<N>();
    const double err_d = Fn::error(x, y, Fn::reference(x));
    if (err_d + kMargin < r.err && err_d + kMargin <= bound) return;  // false for NaN
    long_double_refs.fetch_add(1, std::memory_order_relaxed);
    using W = long double;
    const W ref = Fn::reference(static_cast<W>(x));
    const double err = static_cast<double>(Fn::error(static_cast<W>(x), static_cast<W>(y), ref));
    r.consider(err, x, y, ref);
    if (!(err <= bound)) r.violate(x, y, ref, "error above the bound");
  }

  void run_stratum(std::uint64_t s, Record<double>& r) {
    thread_local std::vector<double> in, out;
    const Stratum st = stratum(s);
    const Region<double> region = Fn::template region<N>(st.lo, st.hi);
    const bool decided_region =
        region.kind == Region<double>::bits || region.kind == Region<double>::identity;
    stratum_inputs(st, decided_region ? kDecidedPoints : per_stratum, in);
    out.resize(in.size());
    Fn::template array<N>(in.data(), out.data(), in.size());
    // Monotone: in increasing order of magnitude, results rise for +, fall for -. The first
    // input is compared with the pattern just below it (the previous binade's last); +0's
    // neighbour is -0, which must give an equal result.
    bool have_prev = st.first != kSign;
    double prev_x = st.first == 0 ? -0.0 : from_bits<double>(st.first - 1);
    double prev_y = Fn::template scalar<N>(prev_x);
    for (std::size_t i = 0; i < in.size(); ++i) {
      const double x = in[i], y = out[i];
      check(x, y, r);
      if (Fn::monotone && have_prev) {
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
      const auto kind = Fn::template region<N>(st.lo, st.hi).kind;
      open += kind == Region<double>::measure || kind == Region<double>::mixed;
    }
    per_stratum = (opt.points + open - 1) / std::max<std::uint64_t>(open, 1);
    const auto start = std::chrono::steady_clock::now();
    Record<double> rec = parallel_items<double>(
        kStrata + 1, opt.threads, [&](std::uint64_t item, Record<double>& r) {
          // Largest magnitudes first: their errors are the largest, so the worst so far soon
          // rules out most inputs without a long double reference.
          if (item < kStrata) return run_stratum(kStrata - 1 - item, r);
          const std::vector<double> in = special_inputs();
          std::vector<double> out(in.size());
          Fn::template array<N>(in.data(), out.data(), in.size());
          for (std::size_t i = 0; i < in.size(); ++i) check(in[i], out[i], r);
        });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {Fn::name,
            Fn::error_kind,
            N,
            Fn::template bound<N>(),
            seconds,
            open,
            long_double_refs.load(),
            std::move(rec)};
  }
};

template <template <class> class F, int N>
void sweep_one(const Options& opt, std::vector<Row>& rows) {
  using Fn = F<double>;
  if (!opt.only.empty() && opt.only != Fn::name) return;
  Row row = Sweep<Fn, N>{opt}.run();
  const auto& rec = row.rec;
  std::printf("%s<%d> double: max %s err %.4e (bound %.2e) at x = %s -> %s, reference %s\n",
              Fn::name, N, Fn::error_kind, rec.err, row.bound, show(rec.x).c_str(),
              show(rec.y).c_str(), show_ref(rec.ref).c_str());
  std::printf(
      "    %llu inputs measured (%llu binades, both signs; %llu against long double), %llu "
      "decided by edge rules;%s array == scalar; %llu violations; %.1f s\n",
      static_cast<unsigned long long>(rec.measured), static_cast<unsigned long long>(row.strata),
      static_cast<unsigned long long>(row.long_double_refs),
      static_cast<unsigned long long>(rec.by_rule), Fn::monotone ? " monotone;" : "",
      static_cast<unsigned long long>(rec.violations), row.seconds);
  for (const auto& v : rec.first) {
    std::printf("    VIOLATION %s<%d>(%s) = %s, reference %s: %s\n", Fn::name, N, show(v.x).c_str(),
                show(v.y).c_str(), show_ref(v.ref).c_str(), v.what.c_str());
  }
  std::fflush(stdout);
  rows.push_back(std::move(row));
}

template <template <class> class F>
void sweep_orders(const Options& opt, std::vector<Row>& rows) {
  sweep_one<F, 1>(opt, rows);
  sweep_one<F, 2>(opt, rows);
  sweep_one<F, 3>(opt, rows);
  sweep_one<F, 4>(opt, rows);
  sweep_one<F, 5>(opt, rows);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--threads" && has_value) {
      o.threads = static_cast<unsigned>(std::max(1L, std::strtol(argv[++i], nullptr, 10)));
    } else if (a == "--points" && has_value) {
      o.points = std::max<std::uint64_t>(1, std::strtoull(argv[++i], nullptr, 10));
    } else if (a == "--only" && has_value) {
      o.only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--threads N] [--points P] [--only NAME]\n", argv[0]);
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  std::printf(
      "quake double sweep: every binade, both signs, %llu inputs per order where no rule "
      "decides, against long double (%d-bit significand); SIMD arch %s, FMA %s, %u threads\n\n",
      static_cast<unsigned long long>(opt.points), std::numeric_limits<long double>::digits,
      quake::simd_arch::name(), quake::has_fma ? "yes" : "no", opt.threads);
  const auto start = std::chrono::steady_clock::now();
  std::vector<Row> rows;

  sweep_orders<Exp>(opt, rows);
#ifdef QUAKE_CHECK_ACTIVATIONS
  sweep_orders<Sigmoid>(opt, rows);
  sweep_orders<Tanh>(opt, rows);
  sweep_orders<Silu>(opt, rows);
  sweep_orders<Gelu>(opt, rows);
#endif

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
