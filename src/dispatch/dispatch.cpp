// quake::dispatch: which kernel set runs (chosen once), and the entry points that forward to it.
// Compiled for the baseline target: nothing here may need more than the oldest CPU of the
// target. CMake defines which sets the library holds: QUAKE_DISPATCH_X86 (sse2, and avx2 and
// avx512 where QUAKE_DISPATCH_WITH_AVX2 and QUAKE_DISPATCH_WITH_AVX512 say so),
// QUAKE_DISPATCH_AARCH64 (neon64) or neither (the target's own set, "baseline").
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <quake/dispatch.hpp>

#include "table.hpp"

#if defined(QUAKE_DISPATCH_X86)
#include "x86_features.hpp"
#endif

namespace quake_dispatch {
namespace {

/// A set of this library. Its table is built by code compiled for the set (kernels.cpp), which
/// may use the set's instructions: get() is called only where `supported`.
struct candidate {
  const table& (*get)();
  bool supported;
  const char* name;  // nullptr: the baseline set, whose name its table holds

  const char* name_of() const noexcept { return name != nullptr ? name : get().name; }
};

/// The sets of this library, best first, and whether this CPU runs each.
template <class Fn>
void for_each_candidate(Fn&& fn) {
#if defined(QUAKE_DISPATCH_X86)
  // sse2 always; avx2 and avx512 where CMake built them (QUAKE_DISPATCH_SETS).
  [[maybe_unused]] static const x86_features cpu = detect_x86();
#if defined(QUAKE_DISPATCH_WITH_AVX512) && defined(QUAKE_DISPATCH_WITH_AVX512_BF16)
  fn(candidate{cpu.avx512_bf16 ? &table_avx512_bf16 : &table_avx512, cpu.avx512, "avx512"});
#elif defined(QUAKE_DISPATCH_WITH_AVX512)
  fn(candidate{&table_avx512, cpu.avx512, "avx512"});
#endif
#if defined(QUAKE_DISPATCH_WITH_AVX2)
  fn(candidate{&table_avx2, cpu.avx2_fma, "avx2"});
#endif
  fn(candidate{&table_sse2, true, "sse2"});  // x86-64's baseline
#elif defined(QUAKE_DISPATCH_AARCH64)
  fn(candidate{&table_neon64, true, "neon64"});  // AArch64's baseline
#else
  fn(candidate{&table_baseline, true, nullptr});
#endif
}

const table& select() noexcept {
  const table* best = nullptr;
  for_each_candidate([&](const candidate& c) {
    if (best == nullptr && c.supported) best = &c.get();
  });
  const char* want = std::getenv("QUAKE_ARCH");
  if (want == nullptr || *want == '\0') return *best;
  const table* forced = nullptr;
  bool known = false;
  for_each_candidate([&](const candidate& c) {
    if (std::strcmp(c.name_of(), want) != 0) return;
    known = true;
    if (c.supported) forced = &c.get();
  });
  if (forced != nullptr) return *forced;
  std::fprintf(stderr, "quake: QUAKE_ARCH=%s %s; using %s\n", want,
               known ? "is not supported by this CPU" : "names no kernel set of this library",
               best->name);
  return *best;
}

/// The selected set, chosen on first use (a function-local static: thread-safe).
const table& selected() noexcept {
  static const table& t = select();
  return t;
}

template <class In, class Out>
const functions<In, Out>& of(const table& t) noexcept {
  if constexpr (std::is_same<In, double>::value) {
    return t.f64;
  } else if constexpr (std::is_same<In, quake::bfloat16>::value) {
    return t.bf16;
  } else if constexpr (std::is_same<In, quake::float16>::value) {
    return t.f16;
  } else if constexpr (std::is_same<Out, quake::bfloat16>::value) {
    return t.f32_bf16;
  } else if constexpr (std::is_same<Out, quake::float16>::value) {
    return t.f32_f16;
  } else {
    return t.f32;
  }
}

/// The function's index; a bad op or order would be a bug in dispatch.hpp (it checks Order at
/// compile time), so both are clamped rather than trusted.
template <class E>
std::size_t index(E e, std::size_t count) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < count ? i : 0;
}
std::size_t order_index(int order) noexcept {
  return order >= 1 && order <= quake::max_order ? static_cast<std::size_t>(order - 1) : 1;
}

template <class T>
void run_elementwise(quake::dispatch::detail::elementwise_op f, int order, const T* in, T* out,
                     std::size_t n) noexcept {
  of<T, T>(selected()).elementwise[index(f, elementwise_count)][order_index(order)](in, out, n);
}
template <class In, class Out>
void run_rows(quake::dispatch::detail::row_op f, int order, const In* in, Out* out,
              std::size_t rows, std::size_t cols) noexcept {
  of<In, Out>(selected()).rows[index(f, row_count)][order_index(order)](in, out, rows, cols);
}
template <class In, class Out, class Scale>
void run_scaled(quake::dispatch::detail::row_op f, int order, const In* in, Out* out,
                std::size_t rows, std::size_t cols, Scale scale, const In* mask,
                std::size_t stride) noexcept {
  of<In, Out>(selected())
      .scaled[index(f, row_count)][order_index(order)](in, out, rows, cols, scale, mask, stride);
}

template <class T, class M>
const online_functions<T, M>& online_of(const table& t) noexcept {
  if constexpr (std::is_same<T, double>::value) {
    return t.online_f64;
  } else if constexpr (std::is_same<M, quake::bfloat16>::value) {
    return t.online_f32_bf16;
  } else if constexpr (std::is_same<M, quake::float16>::value) {
    return t.online_f32_f16;
  } else {
    return t.online_f32;
  }
}

}  // namespace
}  // namespace quake_dispatch

namespace quake {
namespace dispatch {

const char* arch() noexcept { return quake_dispatch::selected().name; }

bool available(const char* name) noexcept {
  bool found = false;
  if (name == nullptr) return false;
  quake_dispatch::for_each_candidate([&](const quake_dispatch::candidate& c) {
    if (c.supported && std::strcmp(c.name_of(), name) == 0) found = true;
  });
  return found;
}

namespace detail {

#define QUAKE_DISPATCH_DEFINE_ELEMENTWISE(T)                                                   \
  void elementwise(elementwise_op f, int order, const T* in, T* out, std::size_t n) noexcept { \
    quake_dispatch::run_elementwise(f, order, in, out, n);                                     \
  }
QUAKE_DISPATCH_DEFINE_ELEMENTWISE(float)
QUAKE_DISPATCH_DEFINE_ELEMENTWISE(double)
QUAKE_DISPATCH_DEFINE_ELEMENTWISE(quake::bfloat16)
QUAKE_DISPATCH_DEFINE_ELEMENTWISE(quake::float16)
#undef QUAKE_DISPATCH_DEFINE_ELEMENTWISE

#define QUAKE_DISPATCH_DEFINE_ROWS(In, Out, Scale)                                       \
  void rows(row_op f, int order, const In* in, Out* out, std::size_t rows,               \
            std::size_t cols) noexcept {                                                 \
    quake_dispatch::run_rows(f, order, in, out, rows, cols);                             \
  }                                                                                      \
  void scaled_rows(row_op f, int order, const In* in, Out* out, std::size_t rows,        \
                   std::size_t cols, Scale scale, const In* mask,                        \
                   std::size_t mask_stride) noexcept {                                   \
    quake_dispatch::run_scaled(f, order, in, out, rows, cols, scale, mask, mask_stride); \
  }
QUAKE_DISPATCH_DEFINE_ROWS(float, float, float)
QUAKE_DISPATCH_DEFINE_ROWS(double, double, double)
QUAKE_DISPATCH_DEFINE_ROWS(quake::bfloat16, quake::bfloat16, float)
QUAKE_DISPATCH_DEFINE_ROWS(quake::float16, quake::float16, float)
QUAKE_DISPATCH_DEFINE_ROWS(float, quake::bfloat16, float)
QUAKE_DISPATCH_DEFINE_ROWS(float, quake::float16, float)
#undef QUAKE_DISPATCH_DEFINE_ROWS

#define QUAKE_DISPATCH_DEFINE_ONLINE(T, M)                                                         \
  void online_softmax(int order, const T* in, T* out, std::size_t rows, std::size_t cols, T scale, \
                      const M* mask, std::size_t mask_stride, T slope, T* max, T* sum,             \
                      T* rescale) noexcept {                                                       \
    quake_dispatch::online_of<T, M>(quake_dispatch::selected())                                    \
        .online[quake_dispatch::order_index(order)](in, out, rows, cols, scale, mask, mask_stride, \
                                                    slope, max, sum, rescale);                     \
  }
QUAKE_DISPATCH_DEFINE_ONLINE(float, float)
QUAKE_DISPATCH_DEFINE_ONLINE(float, quake::bfloat16)
QUAKE_DISPATCH_DEFINE_ONLINE(float, quake::float16)
QUAKE_DISPATCH_DEFINE_ONLINE(double, double)
#undef QUAKE_DISPATCH_DEFINE_ONLINE

traits selected_traits() noexcept { return quake_dispatch::selected().traits; }

}  // namespace detail
}  // namespace dispatch
}  // namespace quake
