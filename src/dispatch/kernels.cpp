// One kernel set of the dispatch library: quake's header-only array functions, compiled with the
// set's target flags. CMake compiles this file once per set, with those flags and
// QUAKE_DISPATCH_SET, the set's name (sse2, avx2, avx512, neon64, or baseline: the target's own).
// With QUAKE_DISPATCH_BF16_PART (as "avx512bf16", with AVX512-BF16 besides the avx512 flags) it
// compiles the bfloat16 functions alone, for table_avx512_bf16() (table.hpp).
//
// Every set's translation unit instantiates the same inline functions of quake's headers --
// scalar helpers, constants, the public templates themselves -- with different instructions.
// Under one name the linker would keep one copy for every set, and the baseline set could run
// the AVX-512 copy. So quake's namespace is renamed here, before its headers are included:
// `quake` becomes `quake_<set>` in this file and in every quake header, and no two sets share a
// symbol. What those headers use besides is included first under its own names: the standard
// library (compiled to the same baseline code in every set: integer helpers and calls into
// libm) and xsimd (whose functions take the set's own batch types).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <tuple>
#include <type_traits>
#include <utility>

// xsimd, as quake includes it (before the renaming: it keeps its own names).
#include <quake/detail/xsimd_include.hpp>

// The two 16-bit types are shared by every set (the library's callers pass arrays of them): their
// classes without the conversion members, which the kernels never call (quake/half.hpp), so no
// set compiles a function under a shared name. Each set's conversions are its own (below).
#define QUAKE_DETAIL_HALF_DECLARATIONS_ONLY 1
#include <quake/half.hpp>
#undef QUAKE_DETAIL_HALF_DECLARATIONS_ONLY

#include "table.hpp"

#ifndef QUAKE_DISPATCH_SET
#error "QUAKE_DISPATCH_SET (the kernel set's name) is set by src/dispatch/CMakeLists.txt"
#endif

namespace quake_dispatch {
namespace api = ::quake::dispatch::detail;  // the shared names, before the renaming below
}  // namespace quake_dispatch

#define QUAKE_DISPATCH_PASTE2(a, b) a##b
#define QUAKE_DISPATCH_PASTE(a, b) QUAKE_DISPATCH_PASTE2(a, b)
#define QUAKE_DISPATCH_STRING2(a) #a
#define QUAKE_DISPATCH_STRING(a) QUAKE_DISPATCH_STRING2(a)
// A namespace named by a macro, which clang-format misreads.
// clang-format off
namespace QUAKE_DISPATCH_PASTE(quake_, QUAKE_DISPATCH_SET) {
using ::quake::bfloat16;
using ::quake::float16;
using ::quake::max_order;  // quake/order.hpp, already included (by table.hpp)
}  // namespace quake_<set>
// clang-format on

#define quake QUAKE_DISPATCH_PASTE(quake_, QUAKE_DISPATCH_SET)

#include <quake/quake.hpp>

namespace quake_dispatch {
namespace {

constexpr bool same(const char* a, const char* b) noexcept {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

/// The registry's element-wise functions and row functions are, in order, those of the
/// dispatch tables: both come from <quake/functions.inc>.
template <class List, std::size_t N>
constexpr bool same_names(const char* const (&names)[N]) noexcept {
  if (std::tuple_size<List>::value != N) return false;
  bool ok = true;
  std::size_t i = 0;
  quake::registry::for_each<List>(
      [&](auto tag) { ok = ok && same(names[i++], decltype(tag)::type::name); });
  return ok;
}
static_assert(same_names<quake::registry::elementwise>(api::elementwise_names) &&
                  same_names<quake::registry::row_functions>(api::row_names),
              "quake/dispatch.hpp and quake's registry list different functions");

template <class In, class Out = In>
functions<In, Out> make_functions() noexcept {
  functions<In, Out> fs{};
  if constexpr (std::is_same<In, Out>::value) {
    std::size_t i = 0;
    quake::registry::for_each<quake::registry::elementwise>([&](auto tag) {
      using F = typename decltype(tag)::type;
      quake::registry::for_each_order([&](auto order) {
        constexpr int N = decltype(order)::value;
        fs.elementwise[i][N - 1] = &F::template array<N, In>;
      });
      ++i;
    });
  }
  std::size_t i = 0;
  quake::registry::for_each<quake::registry::row_functions>([&](auto tag) {
    using F = typename decltype(tag)::type;
    quake::registry::for_each_order([&](auto order) {
      constexpr int N = decltype(order)::value;
      fs.rows[i][N - 1] = &F::template rows_form<N, In, Out>;
      fs.scaled[i][N - 1] = &F::template scaled<N, In, Out>;
    });
    ++i;
  });
  return fs;
}

/// quake::online_softmax from scores T and mask M, every order.
template <class T, class M>
online_functions<T, M> make_online() noexcept {
  online_functions<T, M> fs{};
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    fs.online[N - 1] = &quake::fn::softmax::template online<N, T, M>;
  });
  return fs;
}

#if !defined(QUAKE_DISPATCH_BF16_PART)
const char* set_name() noexcept {
  const char* name = QUAKE_DISPATCH_STRING(QUAKE_DISPATCH_SET);
  if (same(name, "baseline")) return quake::has_simd<float> ? quake::simd_arch::name() : "scalar";
  return name;
}
#endif

constexpr api::traits set_traits{
    quake::has_fma, quake::detail::simd_flushes_subnormals<float>,
    quake::detail::storage<quake::bfloat16>::hardware_store<quake::simd_arch>};

}  // namespace

#if defined(QUAKE_DISPATCH_BF16_PART)
const table& table_avx512_bf16() {
  static const table t = [] {
    table with = table_avx512();
    with.traits = set_traits;
    with.bf16 = make_functions<quake::bfloat16>();
    with.f32_bf16 = make_functions<float, quake::bfloat16>();
    with.online_f32_bf16 = make_online<float, quake::bfloat16>();
    return with;
  }();
  return t;
}
#else
const table& QUAKE_DISPATCH_PASTE(table_, QUAKE_DISPATCH_SET)() {
  static const table t{
      set_name(),
      set_traits,
      make_functions<float>(),
      make_functions<double>(),
      make_functions<quake::bfloat16>(),
      make_functions<quake::float16>(),
      make_functions<float, quake::bfloat16>(),
      make_functions<float, quake::float16>(),
      make_online<float, float>(),
      make_online<float, quake::bfloat16>(),
      make_online<float, quake::float16>(),
      make_online<double, double>(),
  };
  return t;
}
#endif

}  // namespace quake_dispatch
