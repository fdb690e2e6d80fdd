// Golden vectors: every registry function (include/quake/registry.hpp) and order, float and
// double hashed over a fixed input set, bfloat16 and float16 over all 65536 bit patterns.
// The same hashes must come out of every build with FMA (x86 scalar, AVX2+FMA, AVX-512, aarch64
// NEON); builds without FMA (SSE2, AVX, armv7 VFPv3) and 32-bit NEON float (flush-to-zero,
// default NaN) round differently by design and have their own columns (docs/platforms.md,
// "Golden hashes"). To regenerate after an intended change of results:
//   QUAKE_GOLDEN_PRINT=1 build/test/tests/golden_test
// prints the table rows for the build's class; paste them below (and run it in each class).
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "test_support.hpp"

// Built a second time as dispatch_golden_test (QUAKE_GOLDEN_DISPATCH), for the baseline target
// and linked to quake::dispatch: the same rows through the dispatch library's kernel set, which
// QUAKE_ARCH picks (tests/CMakeLists.txt runs it once per set).
#if QUAKE_GOLDEN_DISPATCH
#include <cstring>
#include <quake/dispatch.hpp>
#endif

namespace {

using namespace quake_test;

// ---- the functions that take part: every registry function and order ---------------------

template <class T>
using ArrayFn = std::function<void(const T* in, T* out, std::size_t n)>;

template <class T>
struct GoldenFunction {
  std::string name;
  ArrayFn<T> fn;
};

/// The golden set's types: float and double, and the 16-bit storage types, whose values are
/// converted to float (exactly) where the test needs a number.
template <class T>
using number_t = quake::detail::compute_t<T>;
template <class T>
bool finite(T x) {
  return std::isfinite(static_cast<number_t<T>>(x));
}
template <class T>
T value(number_t<T> x) {
  return static_cast<T>(x);
}

/// Adapts a row-wise function (softmax) to the golden input set: it runs on rows of up to
/// `golden_row` consecutive finite inputs; each non-finite input is a row of its own (so one NaN
/// or infinity does not decide a whole row).
constexpr std::size_t golden_row = 61;  // odd, so rows exercise every SIMD tail length
template <class T>
ArrayFn<T> rows_of(ArrayFn<T> row) {
  return [row](const T* in, T* out, std::size_t n) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= n; ++i) {
      const bool end = i == n || !finite(in[i]) || i - start == golden_row;
      if (!end) continue;
      if (i > start) row(in + start, out + start, i - start);
      start = i;
      if (i < n && !finite(in[i])) {
        row(in + i, out + i, 1);
        start = i + 1;
      }
    }
  };
}

/// The mask of the golden rows of the scaled forms: -inf at every 7th position, else small
/// integers (exact in every type).
template <class T>
const std::vector<T>& golden_mask() {
  static const std::vector<T> m = [] {
    std::vector<T> v(golden_row);
    for (std::size_t j = 0; j < golden_row; ++j) {
      using N = number_t<T>;
      v[j] = value<T>(j % 7 == 3 ? -std::numeric_limits<N>::infinity()
                                 : static_cast<N>(static_cast<int>(j % 5) - 2));
    }
    return v;
  }();
  return m;
}

#if QUAKE_GOLDEN_DISPATCH
/// quake::dispatch's forms of registry function F, by the list's names.
template <class F>
struct dispatched;
/// Both kinds: the array form, and extra(name): nothing, or the scaled and masked form.
#define QUAKE_GOLDEN_FORMS(name, extra)                     \
  template <>                                               \
  struct dispatched<quake::fn::name> {                      \
    template <int N, class T>                               \
    static void array(const T* in, T* out, std::size_t n) { \
      quake::dispatch::name<N>(in, out, n);                 \
    }                                                       \
    extra(name)                                             \
  };
#define QUAKE_GOLDEN_NOTHING(name)
#define QUAKE_GOLDEN_SCALED(name)                                                      \
  template <int N, class T, class S>                                                   \
  static void scaled(const T* in, T* out, std::size_t rows, std::size_t cols, S scale, \
                     const T* mask, std::size_t stride) {                              \
    quake::dispatch::name<N>(in, out, rows, cols, scale, mask, stride);                \
  }
#define QUAKE_ELEMENTWISE(name) QUAKE_GOLDEN_FORMS(name, QUAKE_GOLDEN_NOTHING)
#define QUAKE_ROWS(name) QUAKE_GOLDEN_FORMS(name, QUAKE_GOLDEN_SCALED)
#include <quake/functions.inc>
#undef QUAKE_GOLDEN_FORMS
#undef QUAKE_GOLDEN_NOTHING
#undef QUAKE_GOLDEN_SCALED
template <class F>
using forms = dispatched<F>;
#else
template <class F>
using forms = F;  // the registry entry's header-only forms
#endif

/// Registry function F at order N on an array: its header-only form, or in the dispatch build
/// the dispatch library's.
template <class F, int N, class T>
void array_form(const T* in, T* out, std::size_t n) {
  forms<F>::template array<N>(in, out, n);
}

/// The scaled and masked form of row function F: scale 1/8, golden_mask.
template <class F, int N, class T>
void scaled_form(const T* in, T* out, std::size_t n) {
  forms<F>::template scaled<N>(in, out, 1, n, value<T>(0.125f), golden_mask<T>().data(),
                               std::size_t{0});
}

/// quake::online_softmax through the build's forms (header-only, or quake::dispatch's).
template <int N, class T, class M>
void online_step(const T* in, T* out, std::size_t cols, T scale, const M* mask, T slope, T* max,
                 T* sum, T* rescale) {
#if QUAKE_GOLDEN_DISPATCH
  quake::dispatch::online_softmax<N>(in, out, 1, cols, scale, mask, 0, slope, max, sum, rescale);
#else
  quake::fn::softmax::online<N>(in, out, 1, cols, scale, mask, std::size_t{0}, slope, max, sum,
                                rescale);
#endif
}

/// The online step on a row of n, as flash attention meets it: two steps (the first half, with
/// golden_mask; the rest, its mask times a slope 1/2), then out = e * (the later steps' rescale) /
/// sum, each a single IEEE operation, NaN canonical. A float row's mask is float16 values.
template <int N, class T>
void online_form(const T* in, T* out, std::size_t n) {
  using M = std::conditional_t<std::is_same<T, float>::value, quake::float16, T>;
  static const std::vector<M> mask = [] {
    std::vector<M> m;
    for (T v : golden_mask<T>()) m.push_back(M(v));
    return m;
  }();
  const std::size_t h = n / 2;
  T max = -std::numeric_limits<T>::infinity(), sum = 0, r1 = 0, r2 = 0;
  if (h > 0) online_step<N>(in, out, h, T(0.125), mask.data(), T(1), &max, &sum, &r1);
  online_step<N>(in + h, out + h, n - h, T(0.125), mask.data(), T(0.5), &max, &sum, &r2);
  for (std::size_t i = 0; i < n; ++i) {
    const T v = (i < h ? out[i] * r2 : out[i]) / sum;
    out[i] = v == v ? v : std::numeric_limits<T>::quiet_NaN();
  }
}

template <class T>
std::vector<GoldenFunction<T>> golden_functions() {
  std::vector<GoldenFunction<T>> fs;
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    quake::registry::for_each_order([&](auto order) {
      constexpr int N = decltype(order)::value;
      ArrayFn<T> f = array_form<F, N, T>;
      fs.push_back(
          {std::string(F::name) + "<" + std::to_string(N) + ">", F::rows ? rows_of<T>(f) : f});
      if constexpr (F::rows) {
        fs.push_back({std::string(F::name) + "_scaled<" + std::to_string(N) + ">",
                      rows_of<T>(scaled_form<F, N, T>)});
      }
      if constexpr (std::is_same<F, quake::fn::softmax>::value &&
                    (std::is_same<T, float>::value || std::is_same<T, double>::value)) {
        fs.push_back({"softmax_online<" + std::to_string(N) + ">", rows_of<T>(online_form<N, T>)});
      }
    });
  });
  return fs;
}

// ---- the fixed input set ------------------------------------------------------------------

/// 64-bit FNV-1a over the little-endian bytes of each value's bits.
template <class T>
std::uint64_t fnv1a(const std::vector<T>& v) {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (T x : v) {
    auto u = bits_of(x);
    for (std::size_t b = 0; b < sizeof u; ++b) {
      h ^= static_cast<std::uint64_t>(u & 0xffu);
      h *= 0x100000001b3u;
      u = static_cast<decltype(u)>(u >> 8);
    }
  }
  return h;
}

/// The edge inputs of the golden set. Frozen: the committed hashes depend on every value and its
/// place.
template <class T>
std::vector<T> golden_edge_inputs() {
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  const T big = R::overflow, small = R::normal_min;
  return {T(0),
          -T(0),
          L::denorm_min(),
          -L::denorm_min(),
          L::min(),
          -L::min(),
          T(1),
          T(-1),
          big,
          std::nextafter(big, L::infinity()),
          std::nextafter(big, T(0)),
          small,
          std::nextafter(small, -L::infinity()),
          std::nextafter(small, T(0)),
          -big,
          std::nextafter(-big, T(0)),
          std::nextafter(-big, -L::infinity()),
          R::clamp_hi,
          R::clamp_lo,
          T(1e30),
          T(-1e30),
          L::max(),
          L::lowest(),
          L::infinity(),
          -L::infinity(),
          L::quiet_NaN(),
          -L::quiet_NaN(),
          L::signaling_NaN(),
          from_bits<T>(to_bits(L::quiet_NaN()) | 0x2a)};
}

/// Built from integers and bit patterns only (no floating-point arithmetic, which a compiler
/// might contract differently per target), so it is the same on every architecture:
/// - the edge inputs above, and 257 consecutive values around each threshold;
/// - 65536 values evenly spaced in ordinal over all finite values: every binade, both signs;
/// - 65536 values with pseudo-random mantissas and exponents in the domain (|x| < 2^8 float,
///   2^11 double), where the kernels do their work.
template <class T>
std::vector<T> golden_inputs() {
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  std::vector<T> v = golden_edge_inputs<T>();
  for (T c : {T(0), R::normal_min, R::overflow, -R::overflow, R::clamp_lo, R::clamp_hi}) {
    for (std::int64_t k = -128; k <= 128; ++k) v.push_back(from_ordinal<T>(ordinal(c) + k));
  }
  const std::int64_t lo = ordinal(L::lowest()), hi = ordinal(L::max());
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  for (std::uint64_t i = 0; i < 65536; ++i) {  // unsigned: the sum passes INT64_MAX for double
    const std::uint64_t k = static_cast<std::uint64_t>(lo) + span / 65536 * i;
    v.push_back(from_ordinal<T>(static_cast<std::int64_t>(k)));
  }
  constexpr int mant = L::digits - 1, bias = L::max_exponent - 1;
  constexpr int max_exp = sizeof(T) == 4 ? 7 : 10;  // |x| < 2^(max_exp + 1)
  std::uint64_t s = 0x9e3779b97f4a7c15u;            // splitmix64
  auto next = [&s] {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  };
  for (int i = 0; i < 65536; ++i) {
    const std::uint64_t r = next();
    const std::uint64_t sign = r >> 63;
    // Exponents 2^(max_exp-30) .. 2^max_exp.
    const auto e =
        static_cast<std::uint64_t>(bias + max_exp - 30 + static_cast<int>((r >> 56) % 31));
    const std::uint64_t m = r & ((std::uint64_t(1) << mant) - 1);
    const std::uint64_t bits = (sign << (8 * sizeof(T) - 1)) | (e << mant) | m;
    v.push_back(from_bits<T>(static_cast<bits_t<T>>(bits)));
  }
  return v;
}

/// The 16-bit storage types' set: every bit pattern, in order.
template <class T>
std::vector<T> all_patterns() {
  std::vector<T> v;
  for (std::uint32_t b = 0; b <= 0xffffu; ++b)
    v.push_back(T::from_bits(static_cast<std::uint16_t>(b)));
  return v;
}
template <class T>
std::vector<T> golden_set() {
  if constexpr (quake::detail::is_half<T>) {
    return all_patterns<T>();
  } else {
    return golden_inputs<T>();
  }
}

// ---- the expected hashes ------------------------------------------------------------------

/// Which results a build gives: all FMA builds agree; builds without FMA round every multiply
/// separately; 32-bit NEON builds with FMA match the FMA column for double (scalar VFPv4) but
/// flush float subnormals and return the default NaN.
enum class BuildClass { fma, no_fma, neon32_fma };

BuildClass build_class() {
#if QUAKE_GOLDEN_DISPATCH  // the selected kernel set's, not this program's
  const auto t = quake::dispatch::detail::selected_traits();
  const bool fma = t.fma, flushes = t.flushes_subnormals;
#else
  const bool fma = quake::has_fma, flushes = quake::detail::simd_flushes_subnormals<float>;
#endif
  if (!fma) return BuildClass::no_fma;
  if (flushes) return BuildClass::neon32_fma;
  return BuildClass::fma;
}
const char* class_name(BuildClass c) {
  return c == BuildClass::fma ? "fma" : c == BuildClass::no_fma ? "no_fma" : "neon32_fma";
}

/// The outputs with 32-bit NEON's documented deviation taken out: every NaN as the default NaN,
/// every result of magnitude below 2^-100 as +0. NEON flushes subnormal inputs and results of
/// every float operation to zero: subnormal exp results become 0 (and quake raises the order-1
/// results next to FLT_MIN to FLT_MIN), and x * sigmoid(u) (silu, gelu, gelu_sigmoid) is 0 where
/// sigmoid(u) is subnormal although the product is not -- always below 2^-118 in magnitude.
/// docs/platforms.md, "ARM".
template <class T>
std::vector<T> canonical(std::vector<T> v) {
  using N = number_t<T>;
  const N tiny = std::ldexp(N(1), -100);
  for (T& y : v) {
    const N x = static_cast<N>(y);
    if (std::isnan(x)) y = value<T>(std::numeric_limits<N>::quiet_NaN());
    if (std::fabs(x) < tiny) y = value<T>(N(0));
  }
  return v;
}

struct Golden {
  const char* name;
  const char* type;
  std::uint64_t fma;            // every build with FMA (x86 scalar, AVX2, AVX-512, aarch64)
  std::uint64_t fma_canonical;  // the same outputs through canonical(): 32-bit NEON must match
  std::uint64_t no_fma;         // builds without FMA (x86 SSE2..AVX, armv7 VFPv3)
  std::uint64_t neon32_fma;     // armv7 NEON-VFPv4, all bits
};

// clang-format off
// name, type, fma, fma_canonical, no_fma, neon32_fma
constexpr Golden golden_table[] = {
    {"exp<1>", "double", 0x9a373f385b3c6f71u, 0xbdb33fb6912655b5u, 0x10d51388a9f4ac1eu, 0x9a373f385b3c6f71u},
    {"exp<1>", "float", 0xb271c2851615c224u, 0x754f7931edd0ff53u, 0xdaff1c84e5378a42u, 0xcd616c19796d8c7bu},
    {"exp<2>", "double", 0xf30ebf1325a65556u, 0x7fcbcae0f3a15db0u, 0xd9524e6b7cc4039bu, 0xf30ebf1325a65556u},
    {"exp<2>", "float", 0x9d3a1268fa4fb668u, 0x789071db13239c91u, 0xbea9f65e5f38755bu, 0xee05b2809ef5f5e2u},
    {"exp<3>", "double", 0x9d2b9e98cabdde95u, 0x51e8598b13e60ad0u, 0x21c63d8ee56dcf3bu, 0x9d2b9e98cabdde95u},
    {"exp<3>", "float", 0x626e8d4ec214d4c6u, 0x2f3d2a6687f5ce83u, 0xb729000af1911dd2u, 0x6985c0af48837dd4u},
    {"exp<4>", "double", 0x828591437b30e346u, 0xa3ffe97dcff0cf49u, 0x55ce9ce9becff334u, 0x828591437b30e346u},
    {"exp<4>", "float", 0x26dd72d3b03f77b2u, 0x357734aec58e48d3u, 0x075a3160d43f0d40u, 0x441bbaa6504f39f8u},
    {"exp<5>", "double", 0xf5432e4197f8877eu, 0x217a408a01a81f79u, 0xd73b726bcd5e3cdau, 0xf5432e4197f8877eu},
    {"exp<5>", "float", 0xef7649f44dd72365u, 0xd777acd3ce7b3d1du, 0xa3eb1cb20686609bu, 0x6c654c0267913ff3u},
    {"sigmoid<1>", "double", 0x1153f31dc745be6bu, 0x12554606651eacb6u, 0xf1a17c977e3c3ec9u, 0x1153f31dc745be6bu},
    {"sigmoid<1>", "float", 0x32b3ed326ac9294cu, 0xa88f4a82042f1000u, 0x674716da8db03c33u, 0x8b359a7de3535cb2u},
    {"sigmoid<2>", "double", 0xb53baf066232a290u, 0x480ec668c6e1660du, 0x283af3268a3904dau, 0xb53baf066232a290u},
    {"sigmoid<2>", "float", 0x99e6fc884570a128u, 0x7ebada28bedeea2eu, 0xc53079c493c9a0eeu, 0xaca02581880e519au},
    {"sigmoid<3>", "double", 0x76ef8860f897a34du, 0x95d3cea964d71e65u, 0x4a090fe629f020b1u, 0x76ef8860f897a34du},
    {"sigmoid<3>", "float", 0x340e5f9a4580a08bu, 0xe7215408f69d0f9fu, 0xa14a834bdb5e60a6u, 0xfb3df7c6d7030915u},
    {"sigmoid<4>", "double", 0xcf8bc24777b0c8b4u, 0xdf7123dc79f6dc55u, 0x20b5e3db6ee83ee6u, 0xcf8bc24777b0c8b4u},
    {"sigmoid<4>", "float", 0x67df2445b9314501u, 0xb7f8e281249d4065u, 0x1aeab006cfeb653cu, 0xb4fcc0640602fac3u},
    {"sigmoid<5>", "double", 0xcde369154e388020u, 0xe6691a2341b9d0b3u, 0x01930e8d52405c93u, 0xcde369154e388020u},
    {"sigmoid<5>", "float", 0xae4ade561db21e0cu, 0xfa27627d0dfd22c6u, 0xbb3c44da00f9185du, 0x40f87eb24687382au},
    {"tanh<1>", "double", 0x580bfa2e25d186b7u, 0xa1b26277821ff090u, 0x571ac8e422fbb8a0u, 0x580bfa2e25d186b7u},
    {"tanh<1>", "float", 0x84003a17aeecb6cau, 0x57d3acc94ee84c1eu, 0x6c8517f566112b84u, 0xb7bf4ee55555564eu},
    {"tanh<2>", "double", 0x8fcaf07e8e6ead60u, 0x9cfcfa48ddd7f827u, 0x0f2172dfc4aa9e1eu, 0x8fcaf07e8e6ead60u},
    {"tanh<2>", "float", 0xefb4a178ebdcf1bcu, 0xb73738d0c0dceeb4u, 0x8798bf3fba7d3e72u, 0x76010baf7dd305fcu},
    {"tanh<3>", "double", 0x6b56a9318951549bu, 0x3555fcbd03b5922cu, 0x03cc509246cc14a2u, 0x6b56a9318951549bu},
    {"tanh<3>", "float", 0xb443dc82f032c89bu, 0xe88f5fc081a7d41bu, 0x0de165c994b44e4cu, 0x31b7ecdde0488383u},
    {"tanh<4>", "double", 0x740c4e8b93118ce3u, 0xf865179474a6f8b0u, 0x93ec92ab9610dcb5u, 0x740c4e8b93118ce3u},
    {"tanh<4>", "float", 0x8ec18e09f4475299u, 0x904b355432032825u, 0xae9d27082026ce8au, 0x146361718304dfedu},
    {"tanh<5>", "double", 0x3911e7cc80f5b6bcu, 0x65076ae3dbaf3ed3u, 0x32acc0e2a31bf20au, 0x3911e7cc80f5b6bcu},
    {"tanh<5>", "float", 0x5d1bd0b1ade463a5u, 0xcbe2d80218b4ea9du, 0x36bb96addbae2842u, 0x45138e2bfbdb528du},
    {"gelu<1>", "double", 0x4f2f7e55dd261030u, 0x93954decd5c38edfu, 0xaef41bf5a1f7a6e9u, 0x4f2f7e55dd261030u},
    {"gelu<1>", "float", 0xa5629fb542adf46fu, 0x13a4c009f8c4ddf2u, 0x12735f571d139d37u, 0x292680fb199221b5u},
    {"gelu<2>", "double", 0x27a517a7048c264du, 0xc713e530c8de3ca8u, 0x6f5830899712bd5du, 0x27a517a7048c264du},
    {"gelu<2>", "float", 0x446c7281f4a8bf74u, 0x1e11fe143019346du, 0xadeddd6ce4d927ebu, 0x69a0100dd5e664a5u},
    {"gelu<3>", "double", 0xa20201dae5c0b8efu, 0xd48515377ac22c3fu, 0x3976115a2f458062u, 0xa20201dae5c0b8efu},
    {"gelu<3>", "float", 0xad2e7b2d5379a25eu, 0x6d9b62dadd642241u, 0x1595bd0bde1ff3e3u, 0x728643ac2b238ca2u},
    {"gelu<4>", "double", 0xf4180a5f0cddb9ecu, 0x39a405199f550b58u, 0x35e2127e219e9369u, 0xf4180a5f0cddb9ecu},
    {"gelu<4>", "float", 0x4750e6dc6431c744u, 0x3999ceb4714425b9u, 0x671a009e65f78695u, 0x7f56d8bce35f9737u},
    {"gelu<5>", "double", 0x80607d01cf777a1eu, 0xe4fea688d9eb2833u, 0xd4c3d6d12b65906eu, 0x80607d01cf777a1eu},
    {"gelu<5>", "float", 0x94544ebeff2bccd3u, 0x4a81b9e1d01fb91du, 0xf7018616c640c1c4u, 0xb5352cddd6bc9690u},
    {"gelu_sigmoid<1>", "double", 0x58b5212f2942e9d7u, 0x37719a6e792ac611u, 0xc44d45abb940bb2cu, 0x58b5212f2942e9d7u},
    {"gelu_sigmoid<1>", "float", 0xd534edd34619b5d5u, 0x9551c621d36ced93u, 0x5388bcc92f25ffd9u, 0x401aa0219edce992u},
    {"gelu_sigmoid<2>", "double", 0x83c49a4e1314cde0u, 0x1313856f4c0ab962u, 0x4db4b2901c5fa0e2u, 0x83c49a4e1314cde0u},
    {"gelu_sigmoid<2>", "float", 0x09b400273a723038u, 0xe55eaf59925728b0u, 0x5c9f9965f92d630cu, 0x175140180bc66649u},
    {"gelu_sigmoid<3>", "double", 0x4e228a9758a8d152u, 0x437505f106dfd546u, 0x2a5c7ae2ae5a5475u, 0x4e228a9758a8d152u},
    {"gelu_sigmoid<3>", "float", 0x671555582ff6b220u, 0xb44188242c40526eu, 0xe5cfbc201bd8a446u, 0xc246cd0a90fb8e36u},
    {"gelu_sigmoid<4>", "double", 0xb4a10416ee92e3c9u, 0xc645cbda5f3a5430u, 0xae810e5e0510d97eu, 0xb4a10416ee92e3c9u},
    {"gelu_sigmoid<4>", "float", 0xfd6e8cf905c96fc0u, 0xefa701e5d2be85b5u, 0xc052acabcdab7170u, 0x46302892d6143e0du},
    {"gelu_sigmoid<5>", "double", 0xd6118c7c005d8fc2u, 0x49460a9859af00d0u, 0x6d7d3af4529a7bf7u, 0xd6118c7c005d8fc2u},
    {"gelu_sigmoid<5>", "float", 0xedebda40cd877befu, 0xd5fdc52c81b0df6au, 0x6bc9f90155c51d77u, 0xc29a716c07ac26acu},
    {"silu<1>", "double", 0xfdf3a3ea6d4a0fc6u, 0xc6d2fe0473a754a3u, 0xbc41b205c044943cu, 0xfdf3a3ea6d4a0fc6u},
    {"silu<1>", "float", 0x4f259433052b83bfu, 0xe6aaf44956992f94u, 0x599049a3a6b39a0au, 0x2a2bc037ead383e5u},
    {"silu<2>", "double", 0xd02bd43a72c9965du, 0xe2f1e1eb82e9a84au, 0x55b49bf5aa520c4eu, 0xd02bd43a72c9965du},
    {"silu<2>", "float", 0xeed9a465f08fbae3u, 0x3eaa1d65c7ca0f07u, 0x35ac5f86b5a7f33cu, 0xb4fe536f1d3a2208u},
    {"silu<3>", "double", 0xf04ec760980ef614u, 0xa6b8d0b3a4ef05d1u, 0xbb21429f7a0baf6du, 0xf04ec760980ef614u},
    {"silu<3>", "float", 0x62d8452f3bee5e24u, 0x41f4103207b281f8u, 0xa65c8f90760d1f8au, 0xc67baa5f80e6f1b5u},
    {"silu<4>", "double", 0x841dea5f336f8020u, 0xdede625ee4cbafc8u, 0x1c3d4923eb8e2378u, 0x841dea5f336f8020u},
    {"silu<4>", "float", 0xb3d8ed0689a18488u, 0x3f662cfb5935c323u, 0x8ccceb58233c2f1fu, 0x44936b0a9b280cc2u},
    {"silu<5>", "double", 0xd1b68adfd599eee8u, 0xceda1f7ea47973d8u, 0xeb4635122a5570e1u, 0xd1b68adfd599eee8u},
    {"silu<5>", "float", 0x5aa82c0d281792e2u, 0xa27823bc4f554e2cu, 0x92696373828dc4bdu, 0xd4337e27656d192eu},
    {"softmax<1>", "double", 0x1bb2338f67ee3a0du, 0x8fe1a2173d4c8f72u, 0xd869dbcc9453d92bu, 0x1bb2338f67ee3a0du},
    {"softmax<1>", "float", 0xe9ef0eef857219e6u, 0x9fa021ce7344e818u, 0x3610f4e3b3e64e68u, 0xc95221df8ae0dd36u},
    {"softmax<2>", "double", 0xc9e03b86bbcd5319u, 0x66f88d3be9b3cf8cu, 0x3a08a1385ce80225u, 0xc9e03b86bbcd5319u},
    {"softmax<2>", "float", 0x82c4c34538403142u, 0x86bf36e0935549f5u, 0xf7deff9c0f7d4f65u, 0x82c4c34538403142u},
    {"softmax<3>", "double", 0x211aa3094b95c316u, 0xd299392c2cea1f28u, 0xe918af8ae555f470u, 0x211aa3094b95c316u},
    {"softmax<3>", "float", 0xcecc4d626b96d738u, 0x5504152103a02ae5u, 0x6780aad23f67bab0u, 0xcecc4d626b96d738u},
    {"softmax<4>", "double", 0xe269a9b2a356d965u, 0xe82dde883cddbe52u, 0x05512c3e7db5004fu, 0xe269a9b2a356d965u},
    {"softmax<4>", "float", 0x4277e3e089b8ce6bu, 0xfed6da4eaba416bdu, 0x2efcb15b02d8bc32u, 0x4277e3e089b8ce6bu},
    {"softmax<5>", "double", 0xdc1228c1818d0926u, 0x1a2a68923ebd0985u, 0xa70316e6fd520aa3u, 0xdc1228c1818d0926u},
    {"softmax<5>", "float", 0xf3026bbf02d50bddu, 0x7f85ff40dff9f149u, 0x16d685152c080ad4u, 0xf3026bbf02d50bddu},
    {"log_softmax<1>", "double", 0x6fa5f0e37eec70efu, 0x6fa5f0e37eec70efu, 0x0e1c3a99a0744a8cu, 0x6fa5f0e37eec70efu},
    {"log_softmax<1>", "float", 0xf473924ec9cf3813u, 0xf473924ec9cf3813u, 0x993d2cb81fefdf52u, 0xf473924ec9cf3813u},
    {"log_softmax<2>", "double", 0x57a40ffd0e517006u, 0x57a40ffd0e517006u, 0x6f2a005854825acbu, 0x57a40ffd0e517006u},
    {"log_softmax<2>", "float", 0x83f7b3bd5d397796u, 0x83f7b3bd5d397796u, 0x42ed121742c6678eu, 0x83f7b3bd5d397796u},
    {"log_softmax<3>", "double", 0x62cf86155c666be1u, 0x62cf86155c666be1u, 0x2f587b72663f8e32u, 0x62cf86155c666be1u},
    {"log_softmax<3>", "float", 0x9f710491248f3092u, 0x9f710491248f3092u, 0xe7a927f331916dccu, 0x9f710491248f3092u},
    {"log_softmax<4>", "double", 0x7f7fa0c94af17c77u, 0x7f7fa0c94af17c77u, 0x0e52a6efb8f043b8u, 0x7f7fa0c94af17c77u},
    {"log_softmax<4>", "float", 0x31bf4773416221e3u, 0x31bf4773416221e3u, 0x5353f53529183649u, 0x31bf4773416221e3u},
    {"log_softmax<5>", "double", 0x29b7d593a287fcecu, 0x29b7d593a287fcecu, 0xdba6d55ff861fa78u, 0x29b7d593a287fcecu},
    {"log_softmax<5>", "float", 0x7b2c30a7bdd5cdaeu, 0x7b2c30a7bdd5cdaeu, 0x96f298ea16cbbd46u, 0x7b2c30a7bdd5cdaeu},
    {"gelu_erf<1>", "double", 0x5df897073b12cf75u, 0x9a258a3e39003577u, 0x9e06d84a1f43b0ffu, 0x5df897073b12cf75u},
    {"gelu_erf<1>", "float", 0xc8cfa9e7d4de20bbu, 0x08f8b4aee55d71a3u, 0x5759bc5957916de3u, 0xd642b1f3ae16f509u},
    {"gelu_erf<2>", "double", 0xdbff4b8eec77be1du, 0x8a145bc5980f692cu, 0x9d0d972092ce9631u, 0xdbff4b8eec77be1du},
    {"gelu_erf<2>", "float", 0xfd9e5c4c3ea9edb0u, 0x97d06d65084e15cfu, 0x99ea7bfefc8ae634u, 0x8105417cbc0c25e9u},
    {"gelu_erf<3>", "double", 0x92170bb064fb6451u, 0x100ea8221570b9f0u, 0x681a0a6f94b66c53u, 0x92170bb064fb6451u},
    {"gelu_erf<3>", "float", 0x71f02f7249959594u, 0xb646fe32d092998fu, 0x445933255332fdf5u, 0xadafc66f808a756cu},
    {"gelu_erf<4>", "double", 0x49cd209af04d6d39u, 0x3f465da7e7ab87d1u, 0x4e18855753cf2440u, 0x49cd209af04d6d39u},
    {"gelu_erf<4>", "float", 0x4c0b18491c89cb61u, 0xb916d9c06905bbc4u, 0x028cdb0a6d57aec9u, 0xd91e1d61c757a1a7u},
    {"gelu_erf<5>", "double", 0x0daef6df9345910au, 0x76cd201d70c05833u, 0xf949e01c57bb2318u, 0x0daef6df9345910au},
    {"gelu_erf<5>", "float", 0xf76c2c2b8834ce0du, 0x8acff297f7ed6976u, 0x28e33c43efbf07ffu, 0x12a6decef74e2873u},
    {"log_softmax_scaled<1>", "double", 0xf21067754736e5a8u, 0xf21067754736e5a8u, 0xaaf2db0cdd0e31a2u, 0xf21067754736e5a8u},
    {"log_softmax_scaled<1>", "float", 0xa2c8dee240bbaa15u, 0xa2c8dee240bbaa15u, 0xc7d4754358c93b2eu, 0xa2c8dee240bbaa15u},
    {"log_softmax_scaled<2>", "double", 0xeb6b2cd4707272bdu, 0xeb6b2cd4707272bdu, 0x8e4a85a6cdc3d124u, 0xeb6b2cd4707272bdu},
    {"log_softmax_scaled<2>", "float", 0x3efe174f58eddbc5u, 0x3efe174f58eddbc5u, 0x70fc566b856f0ed4u, 0x3efe174f58eddbc5u},
    {"log_softmax_scaled<3>", "double", 0xee3a7b15ac1320ddu, 0xee3a7b15ac1320ddu, 0xe4613e707f7841bdu, 0xee3a7b15ac1320ddu},
    {"log_softmax_scaled<3>", "float", 0xb64cd5dfacd7dc11u, 0xb64cd5dfacd7dc11u, 0xfca8075b374e98d5u, 0xb64cd5dfacd7dc11u},
    {"log_softmax_scaled<4>", "double", 0x3b9185d1cd7de389u, 0x3b9185d1cd7de389u, 0xd6574046b197fbabu, 0x3b9185d1cd7de389u},
    {"log_softmax_scaled<4>", "float", 0x51cc3573cc79bfb1u, 0x51cc3573cc79bfb1u, 0x4eee202c2219118bu, 0x51cc3573cc79bfb1u},
    {"log_softmax_scaled<5>", "double", 0x2a3481b57f33411du, 0x2a3481b57f33411du, 0x1487177fd17ba083u, 0x2a3481b57f33411du},
    {"log_softmax_scaled<5>", "float", 0x5bc4f06e5872d048u, 0x5bc4f06e5872d048u, 0xab191c6cb12a8e90u, 0x5bc4f06e5872d048u},
    {"softmax_scaled<1>", "double", 0x481873776dcf46c5u, 0x7c345341d047e9a4u, 0x43313a4e501824a9u, 0x481873776dcf46c5u},
    {"softmax_scaled<1>", "float", 0xd33a4c1df1a898d8u, 0x66e314f94f64c8cdu, 0x79c9d321ef7202c3u, 0xcd74b884afb5f8d3u},
    {"softmax_scaled<2>", "double", 0xef2ff9ee985dd5a3u, 0x6669d29621d6904bu, 0x955f6cb1296d7224u, 0xef2ff9ee985dd5a3u},
    {"softmax_scaled<2>", "float", 0xc16f3ebb2725046au, 0xce6f339e8f64500bu, 0x86e60fa79ae2430bu, 0xc16f3ebb2725046au},
    {"softmax_scaled<3>", "double", 0x6c10d7517ac4b36cu, 0xb0dce48c328c27fau, 0xb3a329078dacd348u, 0x6c10d7517ac4b36cu},
    {"softmax_scaled<3>", "float", 0x0d2ed03ad5f46206u, 0x31bb0b62d3ea630fu, 0x28509719382b56c2u, 0x0d2ed03ad5f46206u},
    {"softmax_scaled<4>", "double", 0xac40261bdef19980u, 0x1e9c07b398fdfa98u, 0xcfb5a1452d052126u, 0xac40261bdef19980u},
    {"softmax_scaled<4>", "float", 0x8ecb13d20f722ac9u, 0x794f4c7e24c01a9fu, 0x8fc423962b1d26d7u, 0x8ecb13d20f722ac9u},
    {"softmax_scaled<5>", "double", 0x16c298c9a1685839u, 0x996d4623d641b0c3u, 0xdfee097b3aa11facu, 0x16c298c9a1685839u},
    {"softmax_scaled<5>", "float", 0x6e1bf0c542a4b1b5u, 0xc268d6d902f7fde1u, 0xefa5c77df312e984u, 0x6e1bf0c542a4b1b5u},
    {"exp<1>", "bfloat16", 0xbd230d7e26a33363u, 0xd2eef95fdea938e9u, 0xbd230d7e26a33363u, 0xaab3c6e55b121175u},
    {"exp<2>", "bfloat16", 0xb435b500264ec699u, 0x5ce6f33a529ad072u, 0xb435b500264ec699u, 0x72ed4b21bbd0ca19u},
    {"exp<3>", "bfloat16", 0x4a2e5a5b5577a0a5u, 0xec663b62567979c7u, 0x4a2e5a5b5577a0a5u, 0x9b63d1d13adecf25u},
    {"exp<4>", "bfloat16", 0x02b66dfbabb0a2b3u, 0x431646638cb39381u, 0x02b66dfbabb0a2b3u, 0x1bae7ac49e46f133u},
    {"exp<5>", "bfloat16", 0xf9c43836acc9ec99u, 0xd821d31bb8fd2b7bu, 0xf9c43836acc9ec99u, 0x92bee3022ea45019u},
    {"sigmoid<1>", "bfloat16", 0x16da233fc5540cb2u, 0x7b99fb48539a983cu, 0x16da233fc5540cb2u, 0x8d4127edd9d40832u},
    {"sigmoid<2>", "bfloat16", 0x495fb91132a0d3feu, 0xc41e7629aefe1940u, 0x495fb91132a0d3feu, 0x7daa3523212b1d7eu},
    {"sigmoid<3>", "bfloat16", 0xc40a524333ca71e2u, 0xb21255bfc1755eebu, 0xc40a524333ca71e2u, 0xe8fba8a0b73d7b62u},
    {"sigmoid<4>", "bfloat16", 0xebdba0019865145du, 0xd22fb24260e2007cu, 0xebdba0019865145du, 0x66d297b4c43d0dddu},
    {"sigmoid<5>", "bfloat16", 0xf06df4064bf331c9u, 0x694d1b9961c83db0u, 0xf06df4064bf331c9u, 0x2a5517414abd3149u},
    {"tanh<1>", "bfloat16", 0xf4d4b1ff31b68e25u, 0xb46423fd385dd0a5u, 0xf4d4b1ff31b68e25u, 0x2535f1c5cde54d25u},
    {"tanh<2>", "bfloat16", 0x17a18bb1c90cae91u, 0x527c4a2642ddc111u, 0x17a18bb1c90cae91u, 0xa35dfed50479dd91u},
    {"tanh<3>", "bfloat16", 0xca09e42d466f8809u, 0xb1d1c9c0ad131d89u, 0xca09e42d466f8809u, 0x3db64d4c20aafc09u},
    {"tanh<4>", "bfloat16", 0xca09e42d466f8809u, 0xb1d1c9c0ad131d89u, 0xca09e42d466f8809u, 0x3db64d4c20aafc09u},
    {"tanh<5>", "bfloat16", 0xca09e42d466f8809u, 0xb1d1c9c0ad131d89u, 0xca09e42d466f8809u, 0x3db64d4c20aafc09u},
    {"silu<1>", "bfloat16", 0x952931953edb0e10u, 0xb121d99012e28687u, 0x952931953edb0e10u, 0x63c8a51e18bd1430u},
    {"silu<2>", "bfloat16", 0x4425c8034fcea048u, 0x3f78c7ee0fce9b0cu, 0x4425c8034fcea048u, 0xa7d288e250fbbb83u},
    {"silu<3>", "bfloat16", 0x4a26f32144c46be2u, 0x7e56181b91bae86du, 0x4a26f32144c46be2u, 0xc12b58ce68099d99u},
    {"silu<4>", "bfloat16", 0xd81fe86cac1b0acfu, 0x90f498794b0e92d4u, 0xd81fe86cac1b0acfu, 0xe169ebab7eb665c0u},
    {"silu<5>", "bfloat16", 0x3e6f82affa4365e5u, 0xe4bd1b6a9e2ad3c2u, 0x3e6f82affa4365e5u, 0xb1f72e573d2fb8e2u},
    {"gelu<1>", "bfloat16", 0xea84180deb38d780u, 0xccad9db32864c286u, 0xea84180deb38d780u, 0x231662ea7ed70b18u},
    {"gelu<2>", "bfloat16", 0xe2be2b84d208eb27u, 0xdb529b6ca8757954u, 0xe2be2b84d208eb27u, 0xfdd86f7ad6d30e27u},
    {"gelu<3>", "bfloat16", 0x9f1adab46942ea23u, 0x78dbdbef01a02a19u, 0x9f1adab46942ea23u, 0xe7df42a5b0f4a523u},
    {"gelu<4>", "bfloat16", 0xf505271e700b53deu, 0x7a22b7c64e6a7394u, 0xf505271e700b53deu, 0xb6b957417eef75deu},
    {"gelu<5>", "bfloat16", 0x829145b5507f4a7bu, 0xf707f2cc9c4dde51u, 0x829145b5507f4a7bu, 0x1518a7fbca9b547bu},
    {"gelu_sigmoid<1>", "bfloat16", 0xeeb4fd968fa2821du, 0x1d55da8fda91f725u, 0xeeb4fd968fa2821du, 0x40907cd4f3569bb6u},
    {"gelu_sigmoid<2>", "bfloat16", 0xb051f85f266746cfu, 0x76b05dd59f76fdd3u, 0xb051f85f266746cfu, 0xbb071e5ed9d1f588u},
    {"gelu_sigmoid<3>", "bfloat16", 0xfc81059bf494db73u, 0x0054fe3dde19c8cau, 0xfc81059bf494db73u, 0x87bec6038ea3545cu},
    {"gelu_sigmoid<4>", "bfloat16", 0x11d977bedeb26d57u, 0x10eab8a194f1aeeeu, 0x11d977bedeb26d57u, 0x1c9529d4bd0c1f90u},
    {"gelu_sigmoid<5>", "bfloat16", 0x03b178403479913fu, 0x3998e2a2012efdb6u, 0x03b178403479913fu, 0x5eab5502187b53d8u},
    {"gelu_erf<1>", "bfloat16", 0xacb11c07156c437bu, 0x551dfb38c27a159cu, 0xacb11c07156c437bu, 0x5434abf03aab81a2u},
    {"gelu_erf<2>", "bfloat16", 0x8965135492943392u, 0x849114e150b71c94u, 0x8965135492943392u, 0x144cfb4479744192u},
    {"gelu_erf<3>", "bfloat16", 0x71c9f44bf0fc1e46u, 0x170f98267e9770f0u, 0x71c9f44bf0fc1e46u, 0x0989dd3e00658246u},
    {"gelu_erf<4>", "bfloat16", 0x2f2a0350f684a67eu, 0xafd755b8e1fb881eu, 0x2f2a0350f684a67eu, 0x30f63056f7cd6413u},
    {"gelu_erf<5>", "bfloat16", 0x3429b26e8886cc89u, 0x07e6dc451aa9839eu, 0x3429b26e8886cc89u, 0x2c336629754c9c49u},
    {"softmax<1>", "bfloat16", 0x9458c71c196e1126u, 0xd18c420124e1f412u, 0x9458c71c196e1126u, 0xd36ea19e6144cd2du},
    {"softmax_scaled<1>", "bfloat16", 0xdcc53ac463beec40u, 0x08876568cfe8e679u, 0xdcc53ac463beec40u, 0x597a09ffdb088be2u},
    {"softmax<2>", "bfloat16", 0x845e3290cfeb1eedu, 0xc6297651da0e58e3u, 0x845e3290cfeb1eedu, 0xb37e61f078464184u},
    {"softmax_scaled<2>", "bfloat16", 0x8ed002e5f16bf433u, 0xcef745eaaf00a5ddu, 0x48f57132e99d69aau, 0xcf11a7707c2d9a59u},
    {"softmax<3>", "bfloat16", 0xbf3cc25364708fc0u, 0xe208125ddf78557eu, 0xbf3cc25364708fc0u, 0x37cda7d33f45e32du},
    {"softmax_scaled<3>", "bfloat16", 0x7046a55e18f5d2a5u, 0xb543df86774a1f02u, 0x7046a55e18f5d2a5u, 0x090cc5c98e2042d7u},
    {"softmax<4>", "bfloat16", 0xf21ca0da302e6349u, 0x3d7f79c00f5ae6b3u, 0xf21ca0da302e6349u, 0x0214847a91d05aecu},
    {"softmax_scaled<4>", "bfloat16", 0x1c5f146db178b945u, 0x18c854baea51f59au, 0x1c5f146db178b945u, 0x93ce5f9ee1727f37u},
    {"softmax<5>", "bfloat16", 0xf21ca0da302e6349u, 0x3d7f79c00f5ae6b3u, 0xf21ca0da302e6349u, 0x0214847a91d05aecu},
    {"softmax_scaled<5>", "bfloat16", 0x1c5f146db178b945u, 0x18c854baea51f59au, 0x1c5f146db178b945u, 0x93ce5f9ee1727f37u},
    {"log_softmax<1>", "bfloat16", 0x3480c55c62aafc3du, 0x3480c55c62aafc3du, 0x3480c55c62aafc3du, 0x3480c55c62aafc3du},
    {"log_softmax_scaled<1>", "bfloat16", 0x948f2914edd86d45u, 0x948f2914edd86d45u, 0x948f2914edd86d45u, 0x948f2914edd86d45u},
    {"log_softmax<2>", "bfloat16", 0x77330785e0ff27afu, 0x77330785e0ff27afu, 0x77330785e0ff27afu, 0x77330785e0ff27afu},
    {"log_softmax_scaled<2>", "bfloat16", 0xf63e161c3bff7d55u, 0xf63e161c3bff7d55u, 0xf63e161c3bff7d55u, 0xf63e161c3bff7d55u},
    {"log_softmax<3>", "bfloat16", 0x8e1a15fb0a1e18d7u, 0x8e1a15fb0a1e18d7u, 0x8e1a15fb0a1e18d7u, 0x8e1a15fb0a1e18d7u},
    {"log_softmax_scaled<3>", "bfloat16", 0x6864a293ecc11cafu, 0x6864a293ecc11cafu, 0x6864a293ecc11cafu, 0x6864a293ecc11cafu},
    {"log_softmax<4>", "bfloat16", 0x87f0874fb45d2ef0u, 0x87f0874fb45d2ef0u, 0x87f0874fb45d2ef0u, 0x87f0874fb45d2ef0u},
    {"log_softmax_scaled<4>", "bfloat16", 0x6864a293ecc11cafu, 0x6864a293ecc11cafu, 0x6864a293ecc11cafu, 0x6864a293ecc11cafu},
    {"log_softmax<5>", "bfloat16", 0x87f0874fb45d2ef0u, 0x87f0874fb45d2ef0u, 0x87f0874fb45d2ef0u, 0x87f0874fb45d2ef0u},
    {"log_softmax_scaled<5>", "bfloat16", 0x6864a293ecc11cafu, 0x6864a293ecc11cafu, 0x6864a293ecc11cafu, 0x6864a293ecc11cafu},
    {"exp<1>", "float16", 0x225f8334e73d9d88u, 0x711211a9f7c1df08u, 0x2f0cdc418c3e89d4u, 0x711211a9f7c1df08u},
    {"exp<2>", "float16", 0xc564bb247bdba206u, 0xa79b6984fca9a386u, 0xc564bb247bdba206u, 0xa79b6984fca9a386u},
    {"exp<3>", "float16", 0x2c40e91e6ad39c3cu, 0x96a5270e3c329abcu, 0x2c40e91e6ad39c3cu, 0x96a5270e3c329abcu},
    {"exp<4>", "float16", 0xd894e724f06b239du, 0x80588ab3f856461du, 0xd894e724f06b239du, 0x80588ab3f856461du},
    {"exp<5>", "float16", 0x8c746e39230a8bddu, 0xe992b9c534a2be5du, 0x5bb201ad38806666u, 0xe992b9c534a2be5du},
    {"sigmoid<1>", "float16", 0x05178a3de191b32au, 0x6068ba98ad63d8aau, 0x05178a3de191b32au, 0x6068ba98ad63d8aau},
    {"sigmoid<2>", "float16", 0xd0e281f04d969c0bu, 0xbea2b30992de868bu, 0xd0e281f04d969c0bu, 0xbea2b30992de868bu},
    {"sigmoid<3>", "float16", 0xdc08f5763b936bb5u, 0x987d8e16f4007635u, 0xdc08f5763b936bb5u, 0x987d8e16f4007635u},
    {"sigmoid<4>", "float16", 0x5db174370935d1e8u, 0x68ffd868e5249b68u, 0x5db174370935d1e8u, 0x68ffd868e5249b68u},
    {"sigmoid<5>", "float16", 0xbd93f7f41d83b5c5u, 0x236e396792d41045u, 0xbd93f7f41d83b5c5u, 0x236e396792d41045u},
    {"tanh<1>", "float16", 0x535ae24a5e90980du, 0x3984d67d1194570du, 0x535ae24a5e90980du, 0x3d0e62c0780e5c0du},
    {"tanh<2>", "float16", 0xf9e0513fb915abe1u, 0x922d35fe8330f2e1u, 0xf9e0513fb915abe1u, 0x0677d22ae7cab3e1u},
    {"tanh<3>", "float16", 0xb386d69d572f4bd5u, 0xf896a40804467dd5u, 0xb386d69d572f4bd5u, 0x16923d0eb38a0bd5u},
    {"tanh<4>", "float16", 0xa7198a831c279b6du, 0x30288baeb5584c6du, 0xa7198a831c279b6du, 0xa68c741d67d53b6du},
    {"tanh<5>", "float16", 0x1043a1e91fc8c055u, 0x0c734ae35d9b4b55u, 0x1043a1e91fc8c055u, 0x1030472053128c55u},
    {"silu<1>", "float16", 0x18e137c0198bc9abu, 0x44170f4fd6ffc7abu, 0xc75d9886d38e1750u, 0x76dcbec52f58b62bu},
    {"silu<2>", "float16", 0x8b5e3d7b1dcf90d5u, 0x71fb076855a437d5u, 0x6823ccb61dc1cc7fu, 0x98136b760320f955u},
    {"silu<3>", "float16", 0xe92e2d8d64ceb4e6u, 0xf00039d90f2dd7e6u, 0xe92e2d8d64ceb4e6u, 0x0392f4e38f9a0366u},
    {"silu<4>", "float16", 0xe2aaf1189af74f18u, 0xb0d95d43f5c26018u, 0xe2aaf1189af74f18u, 0x9dce664692e50e98u},
    {"silu<5>", "float16", 0xc7328ae05dc1216cu, 0xe2b6a69cfc5f626cu, 0x6b1efee3710f7965u, 0x1db2333faa4886ecu},
    {"gelu<1>", "float16", 0xd9eddbf1bf698b79u, 0xec015bcabedbfc79u, 0xe8042b126cca3e08u, 0x071d6d01f804ef79u},
    {"gelu<2>", "float16", 0x0e7c24ba33236afau, 0xe5ec6eac2c45f3fau, 0x0e7c24ba33236afau, 0x35aad8ca9dc9f6fau},
    {"gelu<3>", "float16", 0x120106d83fbde8aeu, 0x8e426b6e80acdfaeu, 0xe1f8d7e90224f813u, 0xee1d4ea45362f0aeu},
    {"gelu<4>", "float16", 0x1c860ca32f723401u, 0x82fdff2ad9ce7601u, 0x1c860ca32f723401u, 0xd11f18fd2f5a5401u},
    {"gelu<5>", "float16", 0xf4a5f0aeb5f0aa1au, 0x60815f5de0d7fb1au, 0xf4a5f0aeb5f0aa1au, 0xdf49590de866fa1au},
    {"gelu_sigmoid<1>", "float16", 0x28175c9a1d6227e6u, 0xc48f44b375bf94e6u, 0x28175c9a1d6227e6u, 0x136a1a689fb32266u},
    {"gelu_sigmoid<2>", "float16", 0x71043f0975d06273u, 0x7f269c78d8f7dbf3u, 0x71043f0975d06273u, 0xe7d47c2bd13954f3u},
    {"gelu_sigmoid<3>", "float16", 0x6dd62897b025c190u, 0x52b74cbcb2f9bf10u, 0xf81ca7f81562d9bdu, 0xa8772e34d7cd4a10u},
    {"gelu_sigmoid<4>", "float16", 0x9eeedc07188de52cu, 0xbacbeb23ed25a6acu, 0x9eeedc07188de52cu, 0x9cfd581d04dfc8acu},
    {"gelu_sigmoid<5>", "float16", 0x4a63c858d25e8c2au, 0x089211c8824cf5aau, 0x4a63c858d25e8c2au, 0xbc89d4a168be59aau},
    {"gelu_erf<1>", "float16", 0x2dd02cc0e49dceceu, 0x0251271d3252d14eu, 0xae4a8d7b7f7dc4c0u, 0x4227cf8ce0d3f44eu},
    {"gelu_erf<2>", "float16", 0x3a48deec8e3ccb19u, 0xfe61e33c4cf10c19u, 0x3a48deec8e3ccb19u, 0xe64bd8ad4552d899u},
    {"gelu_erf<3>", "float16", 0xf4eb274f25bdc641u, 0x0ed17c436be7e3c1u, 0x3f4c07cd09ddb274u, 0x6d92ee3c4415a3c1u},
    {"gelu_erf<4>", "float16", 0xf1d96b92356d7cecu, 0x5df0858269da2cecu, 0xf1d96b92356d7cecu, 0x742e15f10a02d66cu},
    {"gelu_erf<5>", "float16", 0x84d8bcb48510481cu, 0xe0f941cdfa1e759cu, 0x191e64e6a826fe47u, 0x54dd15cbc310869cu},
    {"softmax<1>", "float16", 0x420ef65f1b96b92eu, 0x420ef65f1b96b92eu, 0x420ef65f1b96b92eu, 0x420ef65f1b96b92eu},
    {"softmax_scaled<1>", "float16", 0xdfec1655e8feb5c6u, 0xdfec1655e8feb5c6u, 0xdfec1655e8feb5c6u, 0xdfec1655e8feb5c6u},
    {"softmax<2>", "float16", 0xbbe862d582110cc3u, 0xbbe862d582110cc3u, 0xbbe862d582110cc3u, 0xbbe862d582110cc3u},
    {"softmax_scaled<2>", "float16", 0xc56b569f74675f63u, 0xc56b569f74675f63u, 0xc56b569f74675f63u, 0xc56b569f74675f63u},
    {"softmax<3>", "float16", 0x9c3e0b62d8c7eb01u, 0x9c3e0b62d8c7eb01u, 0x9c3e0b62d8c7eb01u, 0x9c3e0b62d8c7eb01u},
    {"softmax_scaled<3>", "float16", 0x2746741d7536b29du, 0x2746741d7536b29du, 0x2746741d7536b29du, 0x2746741d7536b29du},
    {"softmax<4>", "float16", 0x40d9fa4bd07e9701u, 0x40d9fa4bd07e9701u, 0x40d9fa4bd07e9701u, 0x40d9fa4bd07e9701u},
    {"softmax_scaled<4>", "float16", 0xfb87536646ac7321u, 0xfb87536646ac7321u, 0xfb87536646ac7321u, 0xfb87536646ac7321u},
    {"softmax<5>", "float16", 0x41952b9424778ffeu, 0x41952b9424778ffeu, 0x41952b9424778ffeu, 0x41952b9424778ffeu},
    {"softmax_scaled<5>", "float16", 0xf0a6a9caba364f97u, 0xf0a6a9caba364f97u, 0xf0a6a9caba364f97u, 0xf0a6a9caba364f97u},
    {"log_softmax<1>", "float16", 0x8d766d24bd348b62u, 0x8d766d24bd348b62u, 0x8d766d24bd348b62u, 0x8d766d24bd348b62u},
    {"log_softmax_scaled<1>", "float16", 0x32501d852f1139a0u, 0x32501d852f1139a0u, 0x32501d852f1139a0u, 0x32501d852f1139a0u},
    {"log_softmax<2>", "float16", 0xa289b91ab34fa68cu, 0xa289b91ab34fa68cu, 0xa289b91ab34fa68cu, 0xa289b91ab34fa68cu},
    {"log_softmax_scaled<2>", "float16", 0xd3a4bf8cf7e953dau, 0xd3a4bf8cf7e953dau, 0xd3a4bf8cf7e953dau, 0xd3a4bf8cf7e953dau},
    {"log_softmax<3>", "float16", 0x4cdf41573344b5fau, 0x4cdf41573344b5fau, 0x4cdf41573344b5fau, 0x4cdf41573344b5fau},
    {"log_softmax_scaled<3>", "float16", 0xb68c17b8bca87e59u, 0xb68c17b8bca87e59u, 0x841086ff0fb1736cu, 0xb68c17b8bca87e59u},
    {"log_softmax<4>", "float16", 0x4cdf41573344b5fau, 0x4cdf41573344b5fau, 0x4cdf41573344b5fau, 0x4cdf41573344b5fau},
    {"log_softmax_scaled<4>", "float16", 0xd20f1a8b730437d4u, 0xd20f1a8b730437d4u, 0xd20f1a8b730437d4u, 0xd20f1a8b730437d4u},
    {"log_softmax<5>", "float16", 0x4cdf41573344b5fau, 0x4cdf41573344b5fau, 0x4cdf41573344b5fau, 0x4cdf41573344b5fau},
    {"log_softmax_scaled<5>", "float16", 0xd20f1a8b730437d4u, 0xd20f1a8b730437d4u, 0xd20f1a8b730437d4u, 0xd20f1a8b730437d4u},
    {"mish<1>", "float", 0xa4862a0a9c631730u, 0x99044aa86c3eea87u, 0xc326308e60ab685cu, 0xff04a28f4775ca8bu},
    {"mish<2>", "float", 0x7ea31c43321cf3e5u, 0x26a5b4b1fff346c4u, 0xa667dd6e81ff0e0cu, 0x595a60a71653ef2bu},
    {"mish<3>", "float", 0x881807d9cc084084u, 0x6b7fdfd03307a3b6u, 0xf38db79dbdb7ff7fu, 0xc824af13657cfd7eu},
    {"mish<4>", "float", 0x314c3c4231c44768u, 0x8077c71586035f34u, 0x03f396959880d116u, 0x49f2e4c8d2c1a0aeu},
    {"mish<5>", "float", 0xdd35f01450a532e6u, 0x9a5f3f6f537c7f19u, 0xb461f106c5e94938u, 0xce1ed32a3af54294u},
    {"mish<1>", "double", 0x404b2633b5bddd34u, 0x8ff11b35a81f8937u, 0x6faf5a7a1b48ef42u, 0x404b2633b5bddd34u},
    {"mish<2>", "double", 0x54b7621e851fb9f7u, 0xfa73e63b594d1994u, 0xc74884ab3f67da0cu, 0x54b7621e851fb9f7u},
    {"mish<3>", "double", 0xff2bde00f8c3e30bu, 0xff99c21c7a915e63u, 0x11a0ad3c2989bbd0u, 0xff2bde00f8c3e30bu},
    {"mish<4>", "double", 0x8ee560bcdc470a5fu, 0x3f654d1bb7073ce0u, 0xf731ab0a69490cbau, 0x8ee560bcdc470a5fu},
    {"mish<5>", "double", 0xeff9a2e480f54a7fu, 0x9586f020da25c1e8u, 0x6d3dd4a206fc3956u, 0xeff9a2e480f54a7fu},
    {"mish<1>", "bfloat16", 0xe67539377716a010u, 0xbb687d40a8f068b1u, 0xe67539377716a010u, 0x30b4c5ae1e4728c2u},
    {"mish<2>", "bfloat16", 0x0e781b4b35f06037u, 0x517d798e8af24116u, 0x0e781b4b35f06037u, 0x8ca49695b533127bu},
    {"mish<3>", "bfloat16", 0x1d9318d5006952bau, 0x91ae1cc4920773f6u, 0x1d9318d5006952bau, 0xb4c0fca6978a174eu},
    {"mish<4>", "bfloat16", 0xd6c0625eec08052eu, 0xc28dbcfa4f289ee2u, 0xd6c0625eec08052eu, 0x0958bfc603b787b2u},
    {"mish<5>", "bfloat16", 0xf3fdeb64b58ef4b5u, 0xcfaca5f63af07845u, 0xf3fdeb64b58ef4b5u, 0xc00ea17f8b568be1u},
    {"mish<1>", "float16", 0x5eacd4f11bc10926u, 0xbcfbe37268299526u, 0x9ae32f0339eddc9fu, 0x3c6a491d4e681926u},
    {"mish<2>", "float16", 0x503a5dbba71583c6u, 0x7266bf544c4dc946u, 0x503a5dbba71583c6u, 0x26b3fd94cb8d4946u},
    {"mish<3>", "float16", 0xd27bedee1cd117ffu, 0x887b8b82708e1d7fu, 0xb739e963253f98ceu, 0x7fdeb64b9a6e9d7fu},
    {"mish<4>", "float16", 0xec5ca4685464983du, 0xbab89c4e9bed22bdu, 0xec5ca4685464983du, 0xe6b157346802a2bdu},
    {"mish<5>", "float16", 0x9b62afd38deed034u, 0x30ea7a12f6f7b1b4u, 0xb36128ca2e703f8cu, 0x770e49cd8470b1b4u},
    {"softmax_online<1>", "float", 0xa045f7242f45f5b0u, 0xe34c9f84ed7680d9u, 0x0bf5816529c85f5du, 0xa045f7242f45f5b0u},
    {"softmax_online<2>", "float", 0x3be6be8d6a3efed3u, 0x68985d2474ecc34eu, 0x04f4970150968c2bu, 0x3be6be8d6a3efed3u},
    {"softmax_online<3>", "float", 0xf4d899226956f0c4u, 0x00ebaf068d4233fcu, 0x9434802689c12fcbu, 0xf4d899226956f0c4u},
    {"softmax_online<4>", "float", 0x907c0673f829b38fu, 0x9912e5bd61a869a3u, 0xacc5d39d4e0fddbbu, 0x907c0673f829b38fu},
    {"softmax_online<5>", "float", 0xd5ed7fa0b9d8f10du, 0x12f0d15c607722cbu, 0xa26a27548cf50a40u, 0xd5ed7fa0b9d8f10du},
    {"softmax_online<1>", "double", 0xda7f1dbf70a54a2cu, 0xbbda6f022df4dfedu, 0x7a295759ae057d4au, 0xda7f1dbf70a54a2cu},
    {"softmax_online<2>", "double", 0x5e3de568fb958068u, 0x5d4d635d52f4e68eu, 0x033371da560b9fc3u, 0x5e3de568fb958068u},
    {"softmax_online<3>", "double", 0x1810a4fa808ca578u, 0x06ba93efa0c025bfu, 0x9f90dc993c960012u, 0x1810a4fa808ca578u},
    {"softmax_online<4>", "double", 0x97b518302f4ab16du, 0xfa73182d76fda3cau, 0xb20803c83a490d3bu, 0x97b518302f4ab16du},
    {"softmax_online<5>", "double", 0x44e1d518bdcb6aa3u, 0x2b28ac5af3ede668u, 0x9789f2812da8be52u, 0x44e1d518bdcb6aa3u},
};
// clang-format on

/// Hashes of the input sets themselves, the same in every build: a mismatch here means the
/// inputs differ, not the kernels.
constexpr std::uint64_t golden_input_hash_float = 0xade2d47d5a1ba42eu;
constexpr std::uint64_t golden_input_hash_double = 0x705233e49ed7a653u;
constexpr std::uint64_t golden_input_hash_half =
    0xba36b3170979df25u;  // all 65536 patterns, bfloat16 or float16

const Golden* find_golden(const std::string& name, const char* type) {
  for (const Golden& g : golden_table) {
    if (name == g.name && std::string(type) == g.type) return &g;
  }
  return nullptr;
}

bool print_mode() {
  const char* p = std::getenv("QUAKE_GOLDEN_PRINT");
  return p != nullptr && *p != '\0' && *p != '0';
}

QUAKE_STORAGE_SUITE(GoldenTest);

TYPED_TEST(GoldenTest, HashesMatchTheRecordedOnes) {
  using T = TypeParam;
  const char* type = storage_name<T>();
#if QUAKE_GOLDEN_DISPATCH
  const char* want = std::getenv("QUAKE_ARCH");
  if (want != nullptr && *want != '\0' && !quake::dispatch::available(want)) {
    GTEST_SKIP() << "this CPU lacks the set " << want;
  }
  std::printf("[ golden ] quake::dispatch set %s\n", quake::dispatch::arch());
#endif
  const BuildClass c = build_class();
  const std::vector<T> in = golden_set<T>();
  const std::uint64_t in_hash = fnv1a(in);
  std::printf("[ golden ] class %s, %zu %s inputs, input hash 0x%016llxu\n", class_name(c),
              in.size(), type, static_cast<unsigned long long>(in_hash));
  if (!print_mode()) {
    const std::uint64_t want_in = quake::detail::is_half<T>       ? golden_input_hash_half
                                  : std::is_same<T, float>::value ? golden_input_hash_float
                                                                  : golden_input_hash_double;
    EXPECT_EQ(in_hash, want_in) << "the golden input set differs on this target";
  }
  std::vector<T> out(in.size());
  std::size_t recorded = 0;
  for (const GoldenFunction<T>& f : golden_functions<T>()) {
    f.fn(in.data(), out.data(), in.size());
    const std::uint64_t h = fnv1a(out), hc = fnv1a(canonical(out));
    if (print_mode()) {
      std::printf("[ golden ] %-12s %-6s %-10s all bits 0x%016llxu, canonical 0x%016llxu\n",
                  f.name.c_str(), type, class_name(c), static_cast<unsigned long long>(h),
                  static_cast<unsigned long long>(hc));
      continue;
    }
    const Golden* g = find_golden(f.name, type);
    ASSERT_NE(g, nullptr) << f.name << " " << type
                          << ": no hashes recorded (QUAKE_GOLDEN_PRINT=1 prints them)";
    ++recorded;
    const std::uint64_t want = c == BuildClass::fma      ? g->fma
                               : c == BuildClass::no_fma ? g->no_fma
                                                         : g->neon32_fma;
    EXPECT_EQ(h, want) << f.name << " " << type << " in class " << class_name(c) << " gives hash 0x"
                       << std::hex << h;
    if (c != BuildClass::no_fma) {
      EXPECT_EQ(hc, g->fma_canonical) << f.name << " " << type << " in class " << class_name(c)
                                      << " differs from the FMA builds beyond NEON's flush-to-zero"
                                         " and default NaN: canonical hash 0x"
                                      << std::hex << hc;
    }
  }
  if (!print_mode()) {  // every recorded row is a registry function's: none left stale
    std::size_t rows = 0;
    for (const Golden& g : golden_table) rows += std::string(type) == g.type;
    EXPECT_EQ(recorded, rows) << "golden_table has rows no registry function produces";
  }
}

}  // namespace
