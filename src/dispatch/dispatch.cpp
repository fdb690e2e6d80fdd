// quake::dispatch: which kernel set runs (chosen once), and the entry points that forward to it.
// Compiled for the baseline target: nothing here may need more than the oldest CPU of the
// target. CMake defines which sets the library holds: QUAKE_DISPATCH_X86 (sse2, avx2, avx512),
// QUAKE_DISPATCH_AARCH64 (neon64) or neither (the target's own set, "baseline").
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <quake/dispatch.hpp>

#include "table.hpp"

#if defined(QUAKE_DISPATCH_X86)
#include <cpuid.h>
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

#if defined(QUAKE_DISPATCH_X86)
/// What this CPU and its operating system support, from CPUID and XGETBV: AVX state needs the
/// OS to save the YMM registers (XCR0 bits 1-2), AVX-512 also the opmask and ZMM state (5-7).
struct x86_features {
  bool avx2_fma = false;
  bool avx512 = false;
};

x86_features detect_x86() noexcept {
  x86_features f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return f;
  const bool fma = (c & (1u << 12)) != 0, osxsave = (c & (1u << 27)) != 0,
             avx = (c & (1u << 28)) != 0, f16c = (c & (1u << 29)) != 0;
  if (!osxsave || !avx) return f;
  unsigned xcr0_lo = 0, xcr0_hi = 0;
  __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  const bool ymm_state = (xcr0_lo & 0x6u) == 0x6u;
  const bool zmm_state = (xcr0_lo & 0xe6u) == 0xe6u;
  if (__get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  const bool avx2 = (b & (1u << 5)) != 0;
  const bool avx512 = (b & (1u << 16)) != 0 && (b & (1u << 17)) != 0 &&  // F, DQ
                      (b & (1u << 28)) != 0 && (b & (1u << 30)) != 0 &&  // CD, BW
                      (b & (1u << 31)) != 0;                             // VL
  f.avx2_fma = ymm_state && avx && avx2 && fma && f16c;
  f.avx512 = f.avx2_fma && zmm_state && avx512;
  return f;
}
#endif

/// The sets of this library, best first, and whether this CPU runs each.
template <class Fn>
void for_each_candidate(Fn&& fn) {
#if defined(QUAKE_DISPATCH_X86)
  static const x86_features cpu = detect_x86();
  fn(candidate{&table_avx512, cpu.avx512, "avx512"});
  fn(candidate{&table_avx2, cpu.avx2_fma, "avx2"});
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
