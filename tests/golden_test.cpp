// Golden vectors: every registry function (include/quake/registry.hpp) and order, float and
// double, hashed over a fixed input set.
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

/// Adapts a row-wise function (softmax) to the golden input set: it runs on rows of up to
/// `golden_row` consecutive finite inputs; each non-finite input is a row of its own (so one NaN
/// or infinity does not decide a whole row).
constexpr std::size_t golden_row = 61;  // odd, so rows exercise every SIMD tail length
template <class T>
ArrayFn<T> rows_of(ArrayFn<T> row) {
  return [row](const T* in, T* out, std::size_t n) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= n; ++i) {
      const bool end = i == n || !std::isfinite(in[i]) || i - start == golden_row;
      if (!end) continue;
      if (i > start) row(in + start, out + start, i - start);
      start = i;
      if (i < n && !std::isfinite(in[i])) {
        row(in + i, out + i, 1);
        start = i + 1;
      }
    }
  };
}

template <class T>
std::vector<GoldenFunction<T>> golden_functions() {
  std::vector<GoldenFunction<T>> fs;
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    quake::registry::for_each_order([&](auto order) {
      constexpr int N = decltype(order)::value;
      ArrayFn<T> f = [](const T* in, T* out, std::size_t n) { F::template array<N>(in, out, n); };
      fs.push_back(
          {std::string(F::name) + "<" + std::to_string(N) + ">", F::rows ? rows_of<T>(f) : f});
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
    auto u = to_bits(x);
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

// ---- the expected hashes ------------------------------------------------------------------

/// Which results a build gives: all FMA builds agree; builds without FMA round every multiply
/// separately; 32-bit NEON builds with FMA match the FMA column for double (scalar VFPv4) but
/// flush float subnormals and return the default NaN.
enum class BuildClass { fma, no_fma, neon32_fma };

BuildClass build_class() {
  if (!quake::has_fma) return BuildClass::no_fma;
  if (quake::detail::simd_flushes_subnormals<float>) return BuildClass::neon32_fma;
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
  const T tiny = std::ldexp(T(1), -100);
  for (T& y : v) {
    if (std::isnan(y)) y = std::numeric_limits<T>::quiet_NaN();
    if (std::fabs(y) < tiny) y = T(0);
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
};
// clang-format on

/// Hashes of the input sets themselves, the same in every build: a mismatch here means the
/// inputs differ, not the kernels.
constexpr std::uint64_t golden_input_hash_float = 0xade2d47d5a1ba42eu;
constexpr std::uint64_t golden_input_hash_double = 0x705233e49ed7a653u;

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

template <class T>
class GoldenTest : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
struct TypeNames {
  template <class T>
  static std::string GetName(int) {
    return std::is_same<T, float>::value ? "float" : "double";
  }
};
TYPED_TEST_SUITE(GoldenTest, Types, TypeNames);

TYPED_TEST(GoldenTest, HashesMatchTheRecordedOnes) {
  using T = TypeParam;
  const char* type = std::is_same<T, float>::value ? "float" : "double";
  const BuildClass c = build_class();
  const std::vector<T> in = golden_inputs<T>();
  const std::uint64_t in_hash = fnv1a(in);
  std::printf("[ golden ] class %s, %zu %s inputs, input hash 0x%016llxu\n", class_name(c),
              in.size(), type, static_cast<unsigned long long>(in_hash));
  if (!print_mode()) {
    const std::uint64_t want_in =
        std::is_same<T, float>::value ? golden_input_hash_float : golden_input_hash_double;
    EXPECT_EQ(in_hash, want_in) << "the golden input set differs on this target";
  }
  std::vector<T> out(in.size());
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
}

}  // namespace
