// quake::softmax / quake::log_softmax: per-element bounds against a higher-precision softmax,
// row sums, edge rows, rows form, in place, the array contract.
#include <algorithm>
#include <random>

#include "test_support.hpp"

namespace {

using namespace quake_test;

QUAKE_TYPE_ORDER_SUITE(SoftmaxTest);

/// Higher-precision softmax and log-softmax of a row (the registry's references, in wide_t<T>:
/// double for float, long double for double).
template <class T>
void reference(const std::vector<T>& x, std::vector<wide_t<T>>& y, std::vector<wide_t<T>>& ly) {
  y.resize(x.size());
  ly.resize(x.size());
  quake::fn::softmax::reference<wide_t<T>>(x.data(), y.data(), x.size());
  quake::fn::log_softmax::reference<wide_t<T>>(x.data(), ly.data(), x.size());
}

template <class T>
std::vector<std::vector<T>> test_rows() {
  std::mt19937_64 rng(7);
  std::vector<std::vector<T>> rows;
  const std::size_t lengths[] = {1, 2, 3, 7, 16, 33, 64, 100, 128, 1000, 1024, 4099, 8192};
  const double scales[] = {1, 5, 30, 300};
  const double shifts[] = {0, 20, -1000, 1e4};
  for (std::size_t n : lengths) {
    for (double sc : scales) {
      for (double sh : shifts) {
        std::normal_distribution<double> d(sh, sc);
        std::vector<T> r(n);
        for (auto& v : r) v = static_cast<T>(d(rng));
        rows.push_back(r);
      }
    }
  }
  return rows;
}

/// The worst of error / the registry's bound (F::allowed, which grows with the row length and
/// |x - max|) over every element of test_rows(); softmax elements whose true value is below
/// 1e-30 must be at most 2e-30 instead, and softmax rows must sum to 1 within F::sum_allowed.
template <class F, int N, class T>
Worst worst_over_rows() {
  constexpr bool log = std::is_same<F, quake::fn::log_softmax>::value;
  Worst w;
  std::vector<wide_t<T>> ref, lref;
  for (const auto& x : test_rows<T>()) {
    reference(x, ref, lref);
    std::vector<T> y(x.size());
    F::template array<N>(x.data(), y.data(), x.size());
    const T m = *std::max_element(x.begin(), x.end());
    long double total = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      total += y[i];
      const double r = static_cast<double>(log ? lref[i] : ref[i]);
      if (!log && ref[i] < quake::fn::softmax::tiny) {
        EXPECT_LE(y[i], T(2e-30)) << "n = " << x.size();
        continue;
      }
      const double d = std::fabs(static_cast<double>(x[i]) - static_cast<double>(m));
      const double err = std::fabs(static_cast<double>(y[i]) - r);
      w.update(static_cast<double>(x[i]), static_cast<double>(y[i]), r,
               std::isnan(y[i]) ? 1e300 : err, F::template allowed<N, T>(x.size(), d, r));
    }
    if (!log) {
      EXPECT_LE(std::fabs(static_cast<double>(total) - 1),
                quake::fn::softmax::sum_allowed<T>(x.size()))
          << "n = " << x.size();
    }
  }
  std::printf("[ accuracy ] %s<%d> %-6s max error / allowed %.3f\n", F::name, N,
              std::is_same<T, float>::value ? "float" : "double", w.ratio);
  return w;
}

TYPED_TEST(SoftmaxTest, SoftmaxWithinBound) {
  const Worst w = worst_over_rows<quake::fn::softmax, TypeParam::order, typename TypeParam::type>();
  EXPECT_LE(w.ratio, 1.0) << w.describe();
}

TYPED_TEST(SoftmaxTest, LogSoftmaxWithinBound) {
  const Worst w =
      worst_over_rows<quake::fn::log_softmax, TypeParam::order, typename TypeParam::type>();
  EXPECT_LE(w.ratio, 1.0) << w.describe();
}

TYPED_TEST(SoftmaxTest, Edges) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  const T inf = L::infinity();
  auto sm = [](std::vector<T> x) {
    std::vector<T> y(x.size());
    quake::softmax<N>(x.data(), y.data(), x.size());
    return y;
  };
  auto lsm = [](std::vector<T> x) {
    std::vector<T> y(x.size());
    quake::log_softmax<N>(x.data(), y.data(), x.size());
    return y;
  };
  // Huge logits never overflow.
  {
    const std::vector<T> y = sm({L::max(), L::lowest(), T(0), L::max(), -L::max() / 2});
    const T expect[] = {T(0.5), T(0), T(0), T(0.5), T(0)};
    for (std::size_t i = 0; i < y.size(); ++i) EXPECT_TRUE(same_bits(y[i], expect[i])) << i;
    const std::vector<T> ly = lsm({L::max(), L::lowest(), T(0), L::max()});
    EXPECT_NEAR(double(ly[0]), -std::log(2.0), (quake::bound<quake::fn::log_softmax, N, T>));
    EXPECT_TRUE(same_bits(ly[1], -inf));
    EXPECT_LT(ly[2], -L::max() / 2);
  }
  // -inf entries: exactly 0 (softmax), exactly -inf (log_softmax).
  for (std::size_t n = 2; n <= 40; ++n) {
    std::vector<T> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = i % 3 == 1 ? -inf : T(0.25) * T(i);
    const std::vector<T> y = sm(x), ly = lsm(x);
    for (std::size_t i = 0; i < n; ++i) {
      if (i % 3 == 1) {
        ASSERT_TRUE(same_bits(y[i], T(0))) << "n = " << n;
        ASSERT_TRUE(same_bits(ly[i], -inf)) << "n = " << n;
      } else {
        ASSERT_GT(y[i], T(0));
      }
    }
  }
  // Equal values: exactly 1/n, every order, any value and length.
  for (T v : {T(0), T(1), T(-5.5), T(1e30), L::lowest(), L::max()}) {
    for (std::size_t n = 1; n <= 300; n += (n < 70 ? 1 : 37)) {
      const std::vector<T> y = sm(std::vector<T>(n, v));
      for (T e : y) ASSERT_TRUE(same_bits(e, T(1) / T(static_cast<int>(n)))) << "n = " << n;
    }
  }
  // NaN anywhere: the whole row is NaN. All -inf, or any +inf: NaN (documented).
  for (std::size_t n = 1; n <= 40; ++n) {
    for (std::size_t at : {std::size_t(0), n / 2, n - 1}) {
      std::vector<T> x(n, T(1));
      x[at] = L::quiet_NaN();
      for (T e : sm(x)) ASSERT_TRUE(std::isnan(e)) << "n = " << n << ", NaN at " << at;
      for (T e : lsm(x)) ASSERT_TRUE(std::isnan(e)) << "n = " << n << ", NaN at " << at;
      x[at] = inf;
      for (T e : sm(x)) ASSERT_TRUE(std::isnan(e)) << "n = " << n << ", +inf at " << at;
    }
    for (T e : sm(std::vector<T>(n, -inf))) ASSERT_TRUE(std::isnan(e)) << "n = " << n;
    for (T e : lsm(std::vector<T>(n, -inf))) ASSERT_TRUE(std::isnan(e)) << "n = " << n;
  }
}

// Any n (0 does nothing), any alignment, in place, nothing touched past n; the rows form equals
// the one-row form on each row.
TYPED_TEST(SoftmaxTest, ArrayContractAndRows) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  auto one_row = [](auto f) {
    return [f](const T* in, std::size_t n, std::size_t i) {
      std::vector<T> y(n);
      f(in, y.data(), n);
      return y[i];
    };
  };
  auto sm = [](const T* in, T* out, std::size_t n) { quake::softmax<N>(in, out, n); };
  auto lsm = [](const T* in, T* out, std::size_t n) { quake::log_softmax<N>(in, out, n); };
  expect_array_contract<T>(sm, one_row(sm));
  expect_array_contract<T>(lsm, one_row(lsm));
  // Rows: 0..5 rows of 0..40 columns, against the one-row form; the rows form in place too.
  std::mt19937 rng(3);
  std::normal_distribution<T> d(T(0), T(4));
  for (std::size_t rows = 0; rows <= 5; ++rows) {
    for (std::size_t cols = 0; cols <= 40; cols += 3) {
      std::vector<T> x(rows * cols + 1);
      for (auto& v : x) v = d(rng);
      std::vector<T> a(x.size(), T(-7)), b(x.size(), T(-7)), c(x.size(), T(-7)), e(x.size(), T(-7));
      quake::softmax<N>(x.data(), a.data(), rows, cols);
      quake::log_softmax<N>(x.data(), c.data(), rows, cols);
      for (std::size_t r = 0; r < rows; ++r) {
        quake::softmax<N>(x.data() + r * cols, b.data() + r * cols, cols);
        quake::log_softmax<N>(x.data() + r * cols, e.data() + r * cols, cols);
      }
      for (std::size_t i = 0; i < x.size(); ++i) {
        ASSERT_TRUE(same_bits(a[i], b[i])) << rows << "x" << cols << " at " << i;
        ASSERT_TRUE(same_bits(c[i], e[i])) << rows << "x" << cols << " at " << i;
      }
      std::vector<T> io = x;
      quake::softmax<N>(io.data(), io.data(), rows, cols);
      for (std::size_t i = 0; i + 1 < x.size(); ++i) ASSERT_TRUE(same_bits(io[i], a[i]));
      ASSERT_TRUE(same_bits(io.back(), x.back()));  // past rows * cols: untouched
    }
  }
}

/// Scores and a mask for the scaled form: normal mask values, -inf at every 7th position.
template <class T>
std::vector<T> test_mask(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> d(0, 5);
  std::vector<T> m(n);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = i % 7 == 3 ? -std::numeric_limits<T>::infinity() : static_cast<T>(d(rng));
  }
  return m;
}

// The scaled and masked form: each element within the registry's bound on its values
// t = scale x + mask (as T computes them), with the rounding term; masked (-inf) positions
// exactly 0 / -inf.
TYPED_TEST(SoftmaxTest, ScaledAndMaskedWithinBound) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  Worst w, lw;
  std::vector<wide_t<T>> ref, lref;
  unsigned seed = 11;
  for (const auto& x : test_rows<T>()) {
    const std::size_t n = x.size();
    const std::vector<T> mask = test_mask<T>(n, seed++);
    for (T scale : {T(0.125), T(-0.5), T(1)}) {
      std::vector<T> t(n);
      double tmax = 0;
      for (std::size_t i = 0; i < n; ++i) {
        t[i] = quake::detail::mul_add(x[i], scale, mask[i]);
        if (std::isfinite(t[i])) tmax = std::max(tmax, std::fabs(static_cast<double>(t[i])));
      }
      if (n == 1 && !std::isfinite(t[0])) continue;  // a fully masked row: NaN (Edges below)
      reference(t, ref, lref);
      std::vector<T> y(n), ly(n);
      quake::softmax<N>(x.data(), y.data(), 1, n, scale, mask.data());
      quake::log_softmax<N>(x.data(), ly.data(), 1, n, scale, mask.data());
      const T m = *std::max_element(t.begin(), t.end());
      for (std::size_t i = 0; i < n; ++i) {
        if (mask[i] == -std::numeric_limits<T>::infinity()) {
          ASSERT_TRUE(same_bits(y[i], T(0))) << "n = " << n;
          ASSERT_TRUE(same_bits(ly[i], -std::numeric_limits<T>::infinity())) << "n = " << n;
          continue;
        }
        const double d = std::fabs(static_cast<double>(t[i]) - static_cast<double>(m));
        if (ref[i] >= quake::fn::softmax::tiny) {
          w.update(static_cast<double>(x[i]), static_cast<double>(y[i]),
                   static_cast<double>(ref[i]),
                   std::fabs(static_cast<double>(y[i]) - static_cast<double>(ref[i])),
                   quake::fn::softmax::allowed<N, T>(n, d, static_cast<double>(ref[i]), tmax));
        }
        const double r = static_cast<double>(lref[i]);
        lw.update(static_cast<double>(x[i]), static_cast<double>(ly[i]), r,
                  std::fabs(static_cast<double>(ly[i]) - r),
                  quake::fn::log_softmax::allowed<N, T>(n, d, r, tmax));
      }
    }
  }
  EXPECT_LE(w.ratio, 1.0) << "softmax: " << w.describe();
  EXPECT_LE(lw.ratio, 1.0) << "log_softmax: " << lw.describe();
}

// scale 1 without a mask is the plain form, bit for bit; a mask row shared by every row
// (stride 0) is the same as that row repeated (stride cols); -inf mask entries (whose exp the
// kernel skips, a batch at a time) give the same bits as a mask of -1e30 there (whose exp it
// computes: exactly +0 too); a row whose values are all -inf is NaN, as is a row with a NaN
// score, masked or not.
TYPED_TEST(SoftmaxTest, ScaledAndMaskedForms) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  constexpr T inf = std::numeric_limits<T>::infinity();
  std::mt19937 rng(5);
  std::normal_distribution<T> d(T(0), T(3));
  for (std::size_t cols :
       {std::size_t(1), std::size_t(7), std::size_t(64), std::size_t(100), std::size_t(1000)}) {
    const std::size_t rows = 4;
    std::vector<T> x(rows * cols);
    for (auto& v : x) v = d(rng);
    std::vector<T> a(x.size()), b(x.size());
    quake::softmax<N>(x.data(), a.data(), rows, cols);
    quake::softmax<N>(x.data(), b.data(), rows, cols, T(1));
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(same_bits(a[i], b[i]));
    quake::log_softmax<N>(x.data(), a.data(), rows, cols);
    quake::log_softmax<N>(x.data(), b.data(), rows, cols, 1.0);  // a double scale converts
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(same_bits(a[i], b[i]));

    // Causal: row r sees columns c <= r * cols / rows.
    std::vector<T> causal(rows * cols), big(rows * cols), row0(cols);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        const bool seen = c <= r * cols / rows;
        causal[r * cols + c] = seen ? T(0.5) * T(c % 3) : -inf;
        big[r * cols + c] = seen ? causal[r * cols + c] : T(-1e30);
      }
    }
    quake::softmax<N>(x.data(), a.data(), rows, cols, T(0.125), causal.data(), cols);
    quake::softmax<N>(x.data(), b.data(), rows, cols, T(0.125), big.data(), cols);
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_TRUE(same_bits(a[i], b[i])) << cols << " at " << i;
      if (causal[i] == -inf) {
        ASSERT_TRUE(same_bits(a[i], T(0)));
      }
    }
    // In place (in == out), softmax and log_softmax: the same bits.
    for (const bool log : {false, true}) {
      std::vector<T> c(x);
      if (log) {
        quake::log_softmax<N>(x.data(), a.data(), rows, cols, T(0.125), causal.data(), cols);
        quake::log_softmax<N>(c.data(), c.data(), rows, cols, T(0.125), causal.data(), cols);
      } else {
        quake::softmax<N>(x.data(), a.data(), rows, cols, T(0.125), causal.data(), cols);
        quake::softmax<N>(c.data(), c.data(), rows, cols, T(0.125), causal.data(), cols);
      }
      for (std::size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(same_bits(a[i], c[i])) << log << i;
    }
    // One mask row for all (stride 0) == that row repeated (stride cols).
    std::vector<T> repeated(rows * cols);
    for (std::size_t i = 0; i < repeated.size(); ++i) repeated[i] = causal[i % cols];
    quake::softmax<N>(x.data(), a.data(), rows, cols, T(-2), causal.data(), 0);
    quake::softmax<N>(x.data(), b.data(), rows, cols, T(-2), repeated.data(), cols);
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(same_bits(a[i], b[i])) << i;

    // Fully masked row: NaN; a NaN score under a -inf mask: NaN (scale x + mask is NaN).
    std::vector<T> none(cols, -inf), y(cols);
    quake::softmax<N>(x.data(), y.data(), 1, cols, T(1), none.data());
    for (T v : y) ASSERT_TRUE(std::isnan(v));
    std::vector<T> xn(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(cols));
    xn[cols - 1] = std::numeric_limits<T>::quiet_NaN();
    std::vector<T> last_masked(cols, T(0));
    last_masked[cols - 1] = -inf;
    quake::softmax<N>(xn.data(), y.data(), 1, cols, T(1), last_masked.data());
    for (T v : y) ASSERT_TRUE(std::isnan(v));
  }
}

// Rows of up to quake::detail::short_vectors vectors are computed in registers
// (detail::softmax_short): they give the bits of the three passes (row_max, then softmax_from) at
// every length around the vector counts, plain, scaled and masked (with -inf entries), with
// float16 results too, and for rows with NaN, +inf, huge and all -inf values.
TYPED_TEST(SoftmaxTest, ShortRowsHaveTheThreePassBits) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using A = quake::simd_arch;
  namespace qd = quake::detail;
  constexpr T inf = std::numeric_limits<T>::infinity();
  constexpr std::size_t W = qd::lanes<T, A>::size;
  std::mt19937 rng(11);
  std::normal_distribution<T> d(T(0), T(4));
  const auto passes = [](const auto& row, auto* out, std::size_t n) {
    qd::softmax_from<A, N>(row, out, n, qd::row_max<A, T>(row, n));
  };
  for (std::size_t n = 1; n <= qd::short_vectors * W + 2; ++n) {
    for (int kind = 0; kind < 6; ++kind) {
      std::vector<T> x(n), mask(n), a(n), b(n);
      for (auto& v : x) v = d(rng);
      for (std::size_t i = 0; i < n; ++i) mask[i] = i % 5 == 2 ? -inf : d(rng);
      if (kind == 1) x[n / 2] = std::numeric_limits<T>::quiet_NaN();
      if (kind == 2) x[n - 1] = inf;
      if (kind == 3) x[0] = std::numeric_limits<T>::max(), x[n - 1] = std::numeric_limits<T>::max();
      if (kind == 4) std::fill(x.begin(), x.end(), -inf);
      quake::softmax<N>(x.data(), a.data(), n);
      passes(qd::plain_row<T>{x.data()}, b.data(), n);
      for (std::size_t i = 0; i < n; ++i) ASSERT_TRUE(same_bits(a[i], b[i])) << n << ", " << i;
      if (kind == 5) {  // scaled and masked, every entry computed (the mask's last value is finite)
        mask[n - 1] = T(0.5);
        quake::softmax<N>(x.data(), a.data(), 1, n, T(0.125), mask.data(), n);
        passes(qd::scaled_row<T, true>{x.data(), T(0.125), mask.data()}, b.data(), n);
        for (std::size_t i = 0; i < n; ++i) ASSERT_TRUE(same_bits(a[i], b[i])) << n << ", " << i;
      }
      if constexpr (std::is_same<T, float>::value) {
        std::vector<quake::float16> ha(n), hb(n);
        quake::softmax<N>(x.data(), ha.data(), 1, n);
        passes(qd::plain_row<T>{x.data()}, hb.data(), n);
        for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(ha[i].bits(), hb[i].bits()) << n << ", " << i;
      }
    }
  }
}

// The online step (flash attention's tile) is its definition: out, rescale and max are the bits
// of quake::exp<N> and max on the values t = scale x + slope mask as T rounds them (one fused
// multiply-add where the build fuses), and each step's sum is within the registry's bound of
// the exact sum of those terms. Rows met in three steps, with no mask, a mask with -inf entries,
// an ALiBi slope, and (float) the same mask as float16 values: the same bits as the float mask.
TYPED_TEST(SoftmaxTest, OnlineStepIsItsDefinition) {
  using T = typename TypeParam::type;
  using W = wide_t<T>;
  constexpr int N = TypeParam::order;
  constexpr T inf = std::numeric_limits<T>::infinity();
  std::mt19937_64 rng(23);
  Worst w;
  for (const std::size_t cols :
       {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{16}, std::size_t{33},
        std::size_t{64}, std::size_t{100}, std::size_t{1000}}) {
    for (int masking = 0; masking < 3; ++masking) {  // none; mask; mask with slope 0.375
      const std::size_t rows = 3, steps = 3;
      const T scale = T(0.125), slope = masking == 2 ? T(0.375) : T(1);
      std::vector<T> max(rows, -inf), sum(rows, T(0)), rescale(rows);
      for (std::size_t step = 0; step < steps; ++step) {
        std::normal_distribution<double> d(10.0 * static_cast<double>(step), 30.0);
        std::vector<T> x(rows * cols), mask;
        for (auto& v : x) v = static_cast<T>(d(rng));
        if (masking > 0) {
          // Small integers (exact in float16) and -inf; row 0 of step 0 fully masked.
          mask.resize(rows * cols);
          for (std::size_t i = 0; i < mask.size(); ++i) {
            const bool masked = i % 7 == 3 || (step == 0 && i < cols);
            mask[i] = masked ? -inf : T(static_cast<int>(i % 5) - 2);
          }
        }
        const T* mp = masking > 0 ? mask.data() : nullptr;
        std::vector<T> want_max(max), want_rescale(rows), want(rows * cols);
        std::vector<W> exact_sum(rows);
        for (std::size_t r = 0; r < rows; ++r) {
          exact_sum[r] = quake::fn::softmax::online_reference<W, N>(
              x.data() + r * cols, want.data() + r * cols, cols, scale,
              mp == nullptr ? nullptr : mp + r * cols, slope, want_max[r], sum[r], want_rescale[r]);
        }
        std::vector<T> y(rows * cols);
        const std::vector<T> max0(max), sum0(sum);
        quake::online_softmax<N>(x.data(), y.data(), rows, cols, scale, mp, cols, slope, max.data(),
                                 sum.data(), rescale.data());
        for (std::size_t i = 0; i < y.size(); ++i) {
          ASSERT_TRUE(same_bits(y[i], want[i]))
              << "cols " << cols << ", masking " << masking << ", step " << step << ", at " << i
              << ": " << y[i] << " != " << want[i];
        }
        for (std::size_t r = 0; r < rows; ++r) {
          ASSERT_TRUE(same_bits(max[r], want_max[r])) << "row " << r << " step " << step;
          ASSERT_TRUE(same_bits(rescale[r], want_rescale[r])) << "row " << r << " step " << step;
          const double ref = static_cast<double>(exact_sum[r]);
          w.update(static_cast<double>(step), static_cast<double>(sum[r]), ref,
                   std::fabs(static_cast<double>(sum[r]) - ref),
                   quake::fn::softmax::online_sum_allowed<N, T>(cols, ref,
                                                                static_cast<double>(sum0[r])));
        }
        if constexpr (std::is_same<T, float>::value) {
          if (mp != nullptr) {  // the same mask as float16 values: the same bits
            std::vector<quake::float16> h(mask.size());
            for (std::size_t i = 0; i < h.size(); ++i) h[i] = quake::float16(mask[i]);
            std::vector<T> hmax(max0), hsum(sum0), hres(rows), hy(rows * cols);
            quake::online_softmax<N>(x.data(), hy.data(), rows, cols, scale, h.data(), cols, slope,
                                     hmax.data(), hsum.data(), hres.data());
            for (std::size_t i = 0; i < y.size(); ++i) ASSERT_TRUE(same_bits(hy[i], y[i])) << i;
            for (std::size_t r = 0; r < rows; ++r) {
              ASSERT_TRUE(same_bits(hmax[r], max[r]) && same_bits(hsum[r], sum[r]) &&
                          same_bits(hres[r], rescale[r]));
            }
          }
        }
      }
    }
  }
  EXPECT_LE(w.ratio, 1.0) << "online softmax's sum: " << w.describe();
}

// The online step's edges: a row fully masked so far keeps its state (out +0, rescale 1); a tile
// all -inf after finite ones adds nothing (rescale exactly 1, sum unchanged); a NaN or +inf
// score, or a NaN or +inf max, gives a NaN row, state included (kernel and reference); cols == 0
// touches nothing; in place (in == out) and each row on its own give the rows form's bits.
TYPED_TEST(SoftmaxTest, OnlineStepEdges) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  constexpr T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::size_t cols = 37;
  std::vector<T> x(cols), y(cols), masked(cols, -inf);
  for (std::size_t c = 0; c < cols; ++c) x[c] = T(0.25) * T(static_cast<int>(c % 9) - 4);
  T max = -inf, sum = T(0), rescale = T(7);
  quake::online_softmax<N>(x.data(), y.data(), 1, cols, T(1), masked.data(), 0, T(1), &max, &sum,
                           &rescale);
  for (T v : y) ASSERT_TRUE(same_bits(v, T(0)));
  EXPECT_TRUE(same_bits(max, -inf) && same_bits(sum, T(0)) && same_bits(rescale, T(1)));

  quake::online_softmax<N>(x.data(), y.data(), 1, cols, T(2), &max, &sum, &rescale);
  EXPECT_EQ(max, T(2));
  const T kept = sum;
  EXPECT_GT(kept, T(1));
  quake::online_softmax<N>(x.data(), y.data(), 1, cols, T(1), masked.data(), 0, T(1), &max, &sum,
                           &rescale);
  for (T v : y) ASSERT_TRUE(same_bits(v, T(0)));
  EXPECT_TRUE(same_bits(max, T(2)) && same_bits(sum, kept) && same_bits(rescale, T(1)));

  // A zero maximum is +0, whichever zeros the row holds and in whichever order.
  for (std::size_t at = 0; at < cols; at += 5) {
    std::vector<T> zeros(cols, -inf);
    for (std::size_t c = 0; c < cols; ++c) zeros[c] = c % 3 == 0 ? T(0) : -T(0);
    zeros[at] = T(-1);
    T m = -inf, s = T(0), r = T(0);
    quake::online_softmax<N>(zeros.data(), y.data(), 1, cols, T(1), &m, &s, &r);
    EXPECT_TRUE(same_bits(m, T(0))) << "at " << at;
    m = -T(0);
    quake::online_softmax<N>(zeros.data(), y.data(), 1, cols, T(1), &m, &s, &r);
    EXPECT_TRUE(same_bits(m, T(0)) && same_bits(r, T(1))) << "at " << at;
  }

  // A NaN among values that are otherwise all -inf is a NaN row, wherever it is (a maximum
  // compares it with later values, and x86 maxima drop it there).
  for (std::size_t at = 0; at < cols; ++at) {
    std::vector<T> xb(cols, -inf);
    xb[at] = nan;
    T m = -inf, s = T(0), r = T(0);
    quake::online_softmax<N>(xb.data(), y.data(), 1, cols, T(1), &m, &s, &r);
    for (T v : y) ASSERT_TRUE(std::isnan(v)) << "NaN at " << at;
    EXPECT_TRUE(std::isnan(m) && std::isnan(s) && std::isnan(r)) << "NaN at " << at;
  }

  for (const T bad : {nan, inf}) {
    for (std::size_t at : {std::size_t(0), cols - 1}) {
      std::vector<T> xb(x);
      xb[at] = bad;
      T m = T(1), s = T(3), r = T(0);
      quake::online_softmax<N>(xb.data(), y.data(), 1, cols, T(1), &m, &s, &r);
      for (T v : y) ASSERT_TRUE(std::isnan(v)) << bad << " at " << at;
      EXPECT_TRUE(std::isnan(m) && std::isnan(s) && std::isnan(r)) << bad << " at " << at;
    }
  }
  for (const T bad_max : {nan, inf}) {
    T m = bad_max, s = T(3), r = T(0);
    quake::online_softmax<N>(x.data(), y.data(), 1, cols, T(1), &m, &s, &r);
    for (T v : y) ASSERT_TRUE(std::isnan(v)) << "max " << bad_max;
    EXPECT_TRUE(std::isnan(m) && std::isnan(s) && std::isnan(r)) << "max " << bad_max;
    T rm = bad_max, rr = T(0);
    std::vector<T> want(cols);
    const auto exact = quake::fn::softmax::online_reference<wide_t<T>, N>(
        x.data(), want.data(), cols, T(1), static_cast<const T*>(nullptr), T(1), rm, T(3), rr);
    EXPECT_TRUE(std::isnan(rm) && std::isnan(rr) && std::isnan(exact) && std::isnan(want[0]))
        << "the reference agrees, max " << bad_max;
  }
  {
    T m = T(5), s = T(6), r = T(7), z = T(8);
    quake::online_softmax<N>(x.data(), &z, 1, 0, T(1), &m, &s, &r);
    EXPECT_TRUE(m == T(5) && s == T(6) && r == T(7) && z == T(8));
  }
  // Rows form == each row alone == in place, with a per-row mask.
  const std::size_t rows = 5;
  std::vector<T> xs(rows * cols), mask(rows * cols), a(rows * cols), b(rows * cols);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    xs[i] = T(0.5) * T(static_cast<int>(i * 7 % 23) - 11);
    mask[i] = i % 5 == 1 ? -inf : T(static_cast<int>(i % 3));
  }
  std::vector<T> ma(rows, T(-1)), sa(rows, T(1)), ra(rows), mb(ma), sb(sa), rb(rows);
  quake::online_softmax<N>(xs.data(), a.data(), rows, cols, T(0.5), mask.data(), cols, T(0.5),
                           ma.data(), sa.data(), ra.data());
  for (std::size_t r = 0; r < rows; ++r) {
    quake::online_softmax<N>(xs.data() + r * cols, b.data() + r * cols, 1, cols, T(0.5),
                             mask.data() + r * cols, 0, T(0.5), &mb[r], &sb[r], &rb[r]);
  }
  std::vector<T> c(xs), mc(rows, T(-1)), sc(rows, T(1)), rc(rows);
  quake::online_softmax<N>(c.data(), c.data(), rows, cols, T(0.5), mask.data(), cols, T(0.5),
                           mc.data(), sc.data(), rc.data());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(same_bits(a[i], b[i]) && same_bits(a[i], c[i])) << i;
  }
  for (std::size_t r = 0; r < rows; ++r) {
    ASSERT_TRUE(same_bits(ma[r], mb[r]) && same_bits(sa[r], sb[r]) && same_bits(ra[r], rb[r]));
    ASSERT_TRUE(same_bits(ma[r], mc[r]) && same_bits(sa[r], sc[r]) && same_bits(ra[r], rc[r]));
  }
}

TEST(Softmax, DefaultOrderIsTwo) {
  const float x[5] = {1, -2, 3, 0.5f, 7};
  float a[5], b[5];
  quake::softmax(x, a, 5);
  quake::softmax<2>(x, b, 5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(same_bits(a[i], b[i]));
  quake::log_softmax(x, a, 5);
  quake::log_softmax<2>(x, b, 5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(same_bits(a[i], b[i]));
}

}  // namespace
