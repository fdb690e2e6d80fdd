// Golden vectors: every function and order, float and double, hashed over a fixed input set.
// The same hashes must come out of every build with FMA (x86 scalar, AVX2+FMA, AVX-512, aarch64
// NEON); builds without FMA (SSE2, AVX, armv7 VFPv3) and 32-bit NEON float (flush-to-zero,
// default NaN) round differently by design and have their own columns. See README, "Golden
// hashes". To regenerate after an intended change of results:
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

// ---- the functions that take part: one line per function ----------------------------------

template <class T>
using ArrayFn = std::function<void(const T* in, T* out, std::size_t n)>;

template <class T>
struct GoldenFunction {
  std::string name;
  ArrayFn<T> fn;
};

/// Adds name<1> .. name<5>; `call(order_tag, in, out, n)` calls the function of that order.
template <class T, class Call>
void add_orders(std::vector<GoldenFunction<T>>& fs, const std::string& name, Call call) {
  auto one = [&](auto order) {
    fs.push_back(
        {name + "<" + std::to_string(decltype(order)::value) + ">",
         [call](const T* in, T* out, std::size_t n) { call(decltype(order){}, in, out, n); }});
  };
  one(std::integral_constant<int, 1>{});
  one(std::integral_constant<int, 2>{});
  one(std::integral_constant<int, 3>{});
  one(std::integral_constant<int, 4>{});
  one(std::integral_constant<int, 5>{});
}

template <class T>
std::vector<GoldenFunction<T>> golden_functions() {
  std::vector<GoldenFunction<T>> fs;
  add_orders<T>(fs, "exp", [](auto o, const T* in, T* out, std::size_t n) {
    quake::exp<decltype(o)::value>(in, out, n);
  });
  // Element-wise functions join with one line each, e.g.
  //   add_orders<T>(fs, "sigmoid", [](auto o, const T* in, T* out, std::size_t n) {
  //     quake::sigmoid<decltype(o)::value>(in, out, n); });
  // and a row-wise one (softmax) through `rows_of` below, e.g.
  //   add_orders<T>(fs, "softmax", rows_of<T>([](auto o, const T* in, T* out, std::size_t n) {
  //     quake::softmax<decltype(o)::value>(in, out, n); }));
  return fs;
}

/// Adapts a row-wise function (softmax) to the golden input set: it runs on consecutive rows of
/// `golden_row` finite inputs (non-finite inputs are passed through one per row of their own).
constexpr std::size_t golden_row = 61;  // odd, so rows exercise every SIMD tail length
template <class T, class Call>
auto rows_of(Call call) {
  return [call](auto o, const T* in, T* out, std::size_t n) {
    for (std::size_t i = 0; i < n; i += golden_row) {
      call(o, in + i, out + i, n - i < golden_row ? n - i : golden_row);
    }
  };
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

/// Built from integers and bit patterns only (no floating-point arithmetic, which a compiler
/// might contract differently per target), so it is the same on every architecture:
/// - every edge input of test_support.hpp, and 257 consecutive values around each threshold;
/// - 65536 values evenly spaced in ordinal over all finite values: every binade, both signs;
/// - 65536 values with pseudo-random mantissas and exponents in the domain (|x| < 2^8 float,
///   2^11 double), where the kernels do their work.
template <class T>
std::vector<T> golden_inputs() {
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  std::vector<T> v = edge_inputs<T>();
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
/// every result in [-FLT_MIN, FLT_MIN] as +0 (NEON flushes subnormal results to 0, and quake
/// raises the order-1 results next to FLT_MIN to FLT_MIN there; README, "ARM").
template <class T>
std::vector<T> canonical(std::vector<T> v) {
  for (T& y : v) {
    if (std::isnan(y)) y = std::numeric_limits<T>::quiet_NaN();
    if (std::fabs(y) <= std::numeric_limits<T>::min()) y = T(0);
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
    {"exp<1>", "float", 0xb271c2851615c224u, 0xf0f3c3648a2d8bfbu, 0xdaff1c84e5378a42u, 0xcd616c19796d8c7bu},
    {"exp<1>", "double", 0x9a373f385b3c6f71u, 0x68a9594d62828335u, 0x10d51388a9f4ac1eu, 0x9a373f385b3c6f71u},
    {"exp<2>", "float", 0x9d3a1268fa4fb668u, 0xee05b2809ef5f5e2u, 0xbea9f65e5f38755bu, 0xee05b2809ef5f5e2u},
    {"exp<2>", "double", 0xf30ebf1325a65556u, 0x648adac3bfa77168u, 0xd9524e6b7cc4039bu, 0xf30ebf1325a65556u},
    {"exp<3>", "float", 0x626e8d4ec214d4c6u, 0x6985c0af48837dd4u, 0xb729000af1911dd2u, 0x6985c0af48837dd4u},
    {"exp<3>", "double", 0x9d2b9e98cabdde95u, 0x3c573e6aff30ee9fu, 0x21c63d8ee56dcf3bu, 0x9d2b9e98cabdde95u},
    {"exp<4>", "float", 0x26dd72d3b03f77b2u, 0x441bbaa6504f39f8u, 0x075a3160d43f0d40u, 0x441bbaa6504f39f8u},
    {"exp<4>", "double", 0x828591437b30e346u, 0x83ece18cffb39880u, 0x55ce9ce9becff334u, 0x828591437b30e346u},
    {"exp<5>", "float", 0xef7649f44dd72365u, 0x6c654c0267913ff3u, 0xa3eb1cb20686609bu, 0x6c654c0267913ff3u},
    {"exp<5>", "double", 0xf5432e4197f8877eu, 0x31c24dab8798b568u, 0xd73b726bcd5e3cdau, 0xf5432e4197f8877eu},
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
