// Exhaustive float32 check: every one of the 2^32 float bit patterns, for every element-wise
// function of the registry (include/quake/registry.hpp) and every order. For each input it checks
//   - the edge rules (NaN, infinities, overflow, underflow, exact values), and where the rules do
//     not fix the result, the documented error bound against a double-precision reference
//     (tests/contract.hpp applies the registry's rules and bounds);
//   - array == scalar: the array form's result has the same bits as the scalar form's;
//   - monotonicity (for monotone functions), over consecutive floats in increasing order;
//   - oddness bit for bit (for odd functions): f(-x) has f(x)'s bits with the sign flipped.
// It prints, per function and order, the worst input, its result, the reference and the error,
// then a markdown table (docs/verification.md's), and exits non-zero on any violation.
//
//   quake_exhaustive_float [--threads N] [--stride S] [--only NAME]
//
// --stride S checks only every S-th block of 2^16 consecutive bit patterns (a quick smoke run).
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "check_support.hpp"
#include "reference_block.hpp"

namespace {

using namespace quake_check;

struct Row {
  std::string name;
  int order;
  std::string error_kind;
  double bound;
  Record<float> rec;
};

constexpr std::size_t kBlock = std::size_t{1} << 16;  // elements per block (an array size)
constexpr std::uint64_t kBlocks = (std::uint64_t{1} << 32) / kBlock;

/// Checks one block of consecutive bit patterns, input by input: every rule, the bound, array ==
/// scalar, monotonicity. Slow (a branchy loop); it reports everything it finds.
template <class F, int N>
void check_block_slow(std::uint32_t base, const float* in, const float* out, Record<float>& r) {
  const double bound = quake::bound<F, N, float>;
  constexpr bool monotone = F::monotonicity != quake::monotone::no;
  // Monotone over all inputs, or from +0 on (F::monotonicity == nonnegative).
  auto monotone_at = [](float x) {
    return F::monotonicity == quake::monotone::everywhere ||
           (F::monotonicity == quake::monotone::nonnegative && !std::signbit(x));
  };
  // Increasing bit patterns are increasing floats for +, decreasing for -. The block's first
  // input is compared with its neighbour in the previous block; +0's neighbour is -0 (equal).
  const bool negative = base >= 0x80000000u;
  bool have_prev = base != 0x80000000u;
  float prev_x = base == 0 ? -0.0f : from_bits<float>(base - 1);
  float prev_y = F::template scalar<N>(prev_x);
  for (std::size_t i = 0; i < kBlock; ++i) {
    const float x = in[i], y = out[i];
    const float ys = F::template scalar<N>(x);
    if (to_bits(ys) != to_bits(y)) {
      r.violate(x, y, NAN, "array == scalar: the scalar form gives " + show(ys));
    }
    const Rule rule = quake_check::rule<F, N>(x, y);
    if (!rule.ok) r.violate(x, y, NAN, rule.what);
    if (rule.decided) {
      ++r.by_rule;
    } else {
      const double ref = F::reference(static_cast<double>(x));
      const double err = error<F, float>(static_cast<double>(x), static_cast<double>(y), ref);
      ++r.measured;
      r.consider(err, x, y, ref);
      if (!(err <= bound)) r.violate(x, y, ref, "error above the bound");
    }
    if (F::odd && std::signbit(x) && !std::isnan(x)) {
      const float m = F::template scalar<N>(-x);
      if (to_bits(y) != (to_bits(m) ^ 0x80000000u)) {
        r.violate(x, y, NAN, "odd: f(-x) gives " + show(m));
      }
    }
    if (monotone && monotone_at(x) && monotone_at(prev_x) && have_prev && !std::isnan(x) &&
        !std::isnan(prev_x)) {
      const bool ok = (base == 0 && i == 0) ? y == prev_y : negative ? y <= prev_y : y >= prev_y;
      if (!ok) {
        r.violate(x, y, NAN, "monotone: neighbour " + show(prev_x) + " gives " + show(prev_y));
      }
    }
    prev_x = x;
    prev_y = y;
    have_prev = true;
  }
}

/// Buffers of one thread. `ref` holds the reference values of the block at `ref_base` for the
/// function named `ref_of`: a block's orders run one after another on one thread
/// (check_function), and the reference does not depend on the order.
struct Scratch {
  std::vector<float> in, out, scalar, mirror_in, mirror_out;
  std::vector<double> ref, err;
  const char* ref_of = nullptr;
  std::uint32_t ref_base = 0;
  Scratch()
      : in(kBlock),
        out(kBlock),
        scalar(kBlock),
        mirror_in(kBlock),
        mirror_out(kBlock),
        ref(kBlock),
        err(kBlock) {}
};

/// Checks one block the fast way where the rules allow it: tight loops that compilers vectorise
/// (bits compared with memcmp, rules as one range of result bits, errors into an array). The
/// verdict is the same as check_block_slow's; where any check fails, or the block mixes rules,
/// it hands the block to check_block_slow, which reports.
template <class F, int N>
void check_block(std::uint32_t base, Scratch& s, Record<float>& r) {
  float* in = s.in.data();
  float* out = s.out.data();
  for (std::uint32_t i = 0; i < kBlock; ++i) in[i] = from_bits<float>(base + i);
  F::template array<N>(in, out, kBlock);
  for (std::size_t i = 0; i < kBlock; ++i) s.scalar[i] = F::template scalar<N>(in[i]);
  auto slow = [&] { check_block_slow<F, N>(base, in, out, r); };
  if (std::memcmp(s.scalar.data(), out, kBlock * sizeof(float)) != 0) return slow();

  const bool negative = base >= 0x80000000u;
  const float first = in[0], last = in[kBlock - 1];
  if (std::isnan(first) && std::isnan(last)) {  // NaN patterns are contiguous: all NaN
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < kBlock; ++i) bad |= (to_bits(out[i]) & 0x7fffffffu) <= 0x7f800000u;
    if (bad) return slow();
    r.by_rule += kBlock;
    return;
  }
  if (std::isnan(first) || std::isnan(last) || base == 0 || base == 0x80000000u) return slow();

  if (F::odd && negative) {  // bits of f(x) are those of f(-x) with the sign flipped
    for (std::uint32_t i = 0; i < kBlock; ++i)
      s.mirror_in[i] = from_bits<float>(base - 0x80000000u + i);
    F::template array<N>(s.mirror_in.data(), s.mirror_out.data(), kBlock);
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < kBlock; ++i)
      bad |= to_bits(out[i]) ^ to_bits(s.mirror_out[i]) ^ 0x80000000u;
    if (bad) return slow();
  }

  if (F::monotonicity == quake::monotone::everywhere ||
      (F::monotonicity == quake::monotone::nonnegative && !negative)) {
    // On order keys (see order_key) a non-decreasing sequence of results is non-decreasing.
    const float prev = F::template scalar<N>(from_bits<float>(base - 1));
    std::uint32_t down = 0;
    if (negative) {
      down = order_key(out[0]) > order_key(prev);
      for (std::size_t i = 1; i < kBlock; ++i) down |= order_key(out[i]) > order_key(out[i - 1]);
    } else {
      down = order_key(out[0]) < order_key(prev);
      for (std::size_t i = 1; i < kBlock; ++i) down |= order_key(out[i]) < order_key(out[i - 1]);
    }
    if (down) return slow();
  }

  const Region<float> region =
      negative ? quake_check::region<F, N>(last, first) : quake_check::region<F, N>(first, last);
  if (region.kind == Region<float>::bits) {
    const std::uint32_t width = region.hi - region.lo;
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < kBlock; ++i) bad |= to_bits(out[i]) - region.lo > width;
    if (bad) return slow();
    r.by_rule += kBlock;
    return;
  }
  if (region.kind == Region<float>::identity) {
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < kBlock; ++i) bad |= to_bits(out[i]) ^ to_bits(in[i]);
    if (bad) return slow();
    r.by_rule += kBlock;
    return;
  }
  if (region.kind != Region<float>::measure) return slow();

  // The range contract.hpp's rule() applies before measuring (the slow path reports the element).
  {
    constexpr float lo = F::template range<float>.lo, hi = F::template range<float>.hi;
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < kBlock; ++i) bad |= !(out[i] >= lo && out[i] <= hi);
    if (bad) return slow();
  }
  double* ref = s.ref.data();
  double* err = s.err.data();
  if (s.ref_of != F::name || s.ref_base != base) {
    reference_block<F>::run(in, ref, kBlock);
    s.ref_of = F::name;
    s.ref_base = base;
  }
  for (std::size_t i = 0; i < kBlock; ++i) {
    err[i] = error<F, float>(static_cast<double>(in[i]), static_cast<double>(out[i]), ref[i]);
  }
  // The errors are >= 0 or NaN, whose bit patterns (as unsigned integers) order as the values
  // do, NaN above everything: one integer max finds the worst and any NaN.
  std::uint64_t worst_bits = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const std::uint64_t b = to_bits(err[i]);
    worst_bits = b > worst_bits ? b : worst_bits;
  }
  if (worst_bits > to_bits(quake::bound<F, N, float>)) return slow();
  const double worst = from_bits<double>(worst_bits);
  if (worst >= r.err) {
    for (std::size_t i = 0; i < kBlock; ++i) {
      if (err[i] == worst) {
        r.consider(worst, in[i], out[i], ref[i]);
        break;
      }
    }
  }
  r.measured += kBlock;
}

/// The block reference (reference_block.hpp) against the registry's own, one input at a time, on
/// 2 x 64 runs of 4096 consecutive floats over the measured domain, their starts spread evenly in
/// bit pattern (most of them in small binades) and in value (most of them at large |x|, where a
/// block's inputs spread furthest): every figure the checker prints rests on their agreeing
/// within 1e-13. Returns the number of inputs where they do not.
template <class F, int N>
std::uint64_t reference_disagreements() {
  constexpr std::int64_t kRuns = 64, kRun = 4096;
  const auto domain = measured_domain<F, N, float>();
  const std::int64_t lo = quake_common::ordinal(domain.first);
  const std::int64_t hi = quake_common::ordinal(domain.second) - kRun;
  const double lo_x = domain.first, hi_x = domain.second;
  std::vector<float> in(kRun);
  std::vector<double> ref(kRun);
  std::uint64_t bad = 0;
  for (std::int64_t r = 0; r < 2 * kRuns && hi > lo; ++r) {
    const std::int64_t k = r % kRuns;
    const std::int64_t start =
        r < kRuns ? lo + (hi - lo) / (kRuns - 1) * k
                  : std::min(hi, quake_common::ordinal(static_cast<float>(
                                     lo_x + (hi_x - lo_x) * static_cast<double>(k) / (kRuns - 1))));
    for (std::size_t i = 0; i < in.size(); ++i) {
      in[i] = quake_common::from_ordinal<float>(start + static_cast<std::int64_t>(i));
    }
    reference_block<F>::run(in.data(), ref.data(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      const double want = F::reference(static_cast<double>(in[i]));
      if (!(std::fabs(ref[i] - want) <= 1e-13 * std::fabs(want) || ref[i] == want)) {
        if (bad++ == 0) {
          std::printf("%s<%d>: block reference %.17g, registry reference %.17g at x = %a\n",
                      F::name, N, ref[i], want, static_cast<double>(in[i]));
        }
      }
    }
  }
  return bad;
}

/// One record per order.
struct ByOrder {
  std::array<Record<float>, quake::max_order> rec;
  void merge(const ByOrder& o) {
    for (std::size_t i = 0; i < rec.size(); ++i) rec[i].merge(o.rec[i]);
  }
};

/// Every order of F in one pass over the blocks: each block's orders run one after another on
/// one thread, so they share the block's reference values (the costliest part of a block).
template <class F>
void check_function(const Options& opt, std::vector<Row>& rows) {
  if (!opt.only.empty() && opt.only != F::name) return;
  std::array<std::uint64_t, quake::max_order> disagree{};
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    disagree[N - 1] = reference_disagreements<F, N>();
  });
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t stride = opt.count;
  const std::uint64_t items = (kBlocks + stride - 1) / stride;
  const ByOrder all =
      parallel_parts<ByOrder>(items, opt.threads, [&](std::uint64_t item, ByOrder& part) {
        thread_local Scratch scratch;
        const auto base = static_cast<std::uint32_t>(item * stride * kBlock);
        quake::registry::for_each_order([&](auto order) {
          constexpr int N = decltype(order)::value;
          if (disagree[N - 1] == 0) check_block<F, N>(base, scratch, part.rec[N - 1]);
        });
      });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    const double bound = quake::bound<F, N, float>;
    if (disagree[N - 1] != 0) {
      Record<float> rec;
      rec.violations = disagree[N - 1];
      std::printf("%s<%d>: the block reference disagrees with the registry's on %llu inputs\n",
                  F::name, N, static_cast<unsigned long long>(disagree[N - 1]));
      rows.push_back({F::name, N, measure_name<F>(), bound, std::move(rec)});
      return;
    }
    print_record<F, N>(all.rec[N - 1], bound, -1, "");
    rows.push_back({F::name, N, measure_name<F>(), bound, all.rec[N - 1]});
  });
  std::printf("%s<1..%d>: %.1f s\n", F::name, quake::max_order, seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv, "--stride", 1);
  print_float_banner("float32", opt);
  std::printf("\n");
  const auto start = std::chrono::steady_clock::now();
  std::vector<Row> rows;
  quake::registry::for_each<quake::registry::elementwise>(
      [&](auto tag) { check_function<typename decltype(tag)::type>(opt, rows); });

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::uint64_t violations = 0, min_inputs = ~std::uint64_t{0};
  std::string names;
  for (const auto& row : rows) {
    violations += row.rec.violations;
    min_inputs = std::min(min_inputs, row.rec.measured + row.rec.by_rule);
    if (row.order == 1) names += (names.empty() ? "" : ", ") + row.name + "<1..5>";
  }
  if (rows.empty()) {
    std::printf("no function matched --only %s\n", opt.only.c_str());
    return 2;
  }

  std::printf("\n| function | order | bound | max error | worst x | result | reference |\n");
  std::printf("|---|---:|---:|---:|---|---|---|\n");
  for (const auto& row : rows) {
    std::printf("| %s | %d | %.2e %s | %.3e | `%a` | `%a` | %.9Lg |\n", row.name.c_str(), row.order,
                row.bound, row.error_kind.c_str(), row.rec.err, static_cast<double>(row.rec.x),
                static_cast<double>(row.rec.y), row.rec.ref);
  }
  // The summary: each function's max error per order (README's accuracy table).
  std::printf("\n| function | measure | order 1 | order 2 | order 3 | order 4 | order 5 |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|\n");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].name != rows[i - 1].name) {
      std::printf("| %s | %s |", rows[i].name.c_str(), rows[i].error_kind.c_str());
    }
    std::printf(" %.3e |", rows[i].rec.err);
    if (i + 1 == rows.size() || rows[i + 1].name != rows[i].name) std::printf("\n");
  }
  std::printf("\n");
  if (opt.count == 1 && min_inputs == (std::uint64_t{1} << 32)) {
    std::printf("covered all 2^32 = 4294967296 float inputs for each of %s\n", names.c_str());
  } else {
    std::printf("covered %llu of 2^32 float inputs (stride %llu) for each of %s\n",
                static_cast<unsigned long long>(min_inputs),
                static_cast<unsigned long long>(opt.count), names.c_str());
  }
  // Every row must have seen every input its stride asks for: a block that was neither measured
  // nor decided by a rule would pass unseen.
  const std::uint64_t expected = (kBlocks + opt.count - 1) / opt.count * kBlock;
  std::uint64_t short_rows = 0;
  for (const auto& row : rows) {
    const std::uint64_t seen = row.rec.measured + row.rec.by_rule;
    if (seen != expected) {
      ++short_rows;
      std::printf("%s<%d>: covered %llu inputs, not %llu\n", row.name.c_str(), row.order,
                  static_cast<unsigned long long>(seen), static_cast<unsigned long long>(expected));
    }
  }
  const bool failed = violations != 0 || short_rows != 0;
  std::printf(
      "exhaustive float32 check: %s (%llu violations, %llu rows short of coverage) in "
      "%.1f s\n",
      failed ? "FAILED" : "passed", static_cast<unsigned long long>(violations),
      static_cast<unsigned long long>(short_rows), seconds);
  return failed ? 1 : 0;
}
