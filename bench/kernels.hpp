// Every kernel the benchmarks and the accuracy program measure, in one list: quake's (every
// registry function and order), the scalar std:: references, quake's own discarded variants,
// the SIMD peers a user could pick instead (xsimd, SLEEF, glibc's libmvec, XNNPACK), and the
// copy roofline. Benchmarks are named "<function>/<kernel>/<size>"; the accuracy program keys
// its results "<function>/<kernel>"; bench/report.py joins the two.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace quake_bench {

/// out[i] = f(in[i]) for i < n, prepared for fixed buffers (an operator created and set up
/// outside any timed loop); the returned call runs it once.
using PrepareMap = std::function<std::function<void()>(const float* in, float* out, std::size_t n)>;
/// `rows` contiguous rows of `cols` floats, prepared likewise.
using PrepareRows = std::function<std::function<void()>(const float* in, float* out,
                                                        std::size_t rows, std::size_t cols)>;

/// What a kernel is, for the report: quake's; a peer a user could pick instead; the scalar
/// std:: loop (the naive baseline); a variant of quake's algorithm kept for comparison; the
/// memory roofline; quake::dispatch called from baseline x86-64 code (dispatched.cpp).
enum class Role { quake, peer, baseline, variant, roofline, dispatch };

struct Kernel {
  std::string function;  // a registry function's name, or "copy"
  std::string name;      // "quake<2>", "xsimd", "sleef_u10", "std", ...
  Role role;
  PrepareMap map;    // element-wise functions
  PrepareRows rows;  // row functions
};

/// Every kernel this build can run (peers whose library was not found are left out).
const std::vector<Kernel>& kernels();

/// Where a function's benchmark inputs are drawn from (the registry's sample range).
struct Range {
  float lo, hi;
};
Range sample_range(const std::string& function);

#if QUAKE_BENCH_HAVE_DISPATCH
/// quake::dispatch's functions at orders 2 and 5, "dispatch<N>" (dispatched.cpp).
void add_dispatched(std::vector<Kernel>& ks);
/// The kernel set quake::dispatch picked.
const char* dispatched_arch();
#endif

/// The 16-bit storage benchmarks, "storage/<function>:<storage>/<elements>" (storage_bench.cpp).
void register_storage_benchmarks();

/// Context for the report: which SLEEF entry points the build calls, and so on.
std::vector<std::pair<std::string, std::string>> context();

}  // namespace quake_bench
