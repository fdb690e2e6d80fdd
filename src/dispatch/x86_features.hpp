// Which of quake::dispatch's x86-64 kernel sets this CPU runs: the library's choice
// (dispatch.cpp), and the build's probe of the building machine (host_sets.cpp,
// QUAKE_DISPATCH_SETS=host).
#pragma once

#include <cpuid.h>

namespace quake_dispatch {

/// What this CPU and its operating system support, from CPUID and XGETBV: AVX state needs the
/// OS to save the YMM registers (XCR0 bits 1-2), AVX-512 also the opmask and ZMM state (5-7).
struct x86_features {
  bool avx2_fma = false;
  bool avx512 = false;
  bool avx512_bf16 = false;  // AVX512-BF16 besides (the avx512 set's bfloat16 stores use it)
};

inline x86_features detect_x86() noexcept {
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
  const unsigned leaf7_subleaves = a;
  const bool avx2 = (b & (1u << 5)) != 0;
  const bool avx512 = (b & (1u << 16)) != 0 && (b & (1u << 17)) != 0 &&  // F, DQ
                      (b & (1u << 28)) != 0 && (b & (1u << 30)) != 0 &&  // CD, BW
                      (b & (1u << 31)) != 0;                             // VL
  f.avx2_fma = ymm_state && avx && avx2 && fma && f16c;
  f.avx512 = f.avx2_fma && zmm_state && avx512;
  if (f.avx512 && leaf7_subleaves >= 1) {
    __cpuid_count(7, 1, a, b, c, d);
    f.avx512_bf16 = (a & (1u << 5)) != 0;
  }
  return f;
}

}  // namespace quake_dispatch
