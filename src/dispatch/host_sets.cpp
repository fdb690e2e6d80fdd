// Prints the x86-64 kernel sets the machine running it can run, as a CMake list (best last):
// the build's probe for QUAKE_DISPATCH_SETS=host (src/dispatch/CMakeLists.txt).
#include <cstdio>

#include "x86_features.hpp"

int main() {
  const quake_dispatch::x86_features cpu = quake_dispatch::detect_x86();
  std::printf("sse2%s%s", cpu.avx2_fma ? ";avx2" : "", cpu.avx512 ? ";avx512" : "");
  return 0;
}
