// libFuzzer target over quake's array APIs: fuzz_input.hpp says how bytes become a call and
// what is checked. Any broken contract aborts, so libFuzzer saves the input; put that file in
// tests/fuzz/regressions/ and the GoogleTest suite replays it from then on.
#include <cstdio>
#include <cstdlib>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string broken = quake_fuzz::check_input(data, size);
  if (!broken.empty()) {
    std::fprintf(stderr, "quake contract broken: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
