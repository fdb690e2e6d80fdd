// libFuzzer entry for one of the runner's targets (targets.hpp), chosen at build time by
// QUAKE_MODELS_FUZZ_TARGET: a broken contract prints what broke and aborts.
#include <cstdio>
#include <cstdlib>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const quake_models::fuzz::Target* target =
      quake_models::fuzz::find(QUAKE_MODELS_FUZZ_TARGET);
  if (target == nullptr) std::abort();
  const auto outcome = target->run(data, size);
  if (!outcome.broken.empty()) {
    std::fprintf(stderr, "%s: %s\n", target->name, outcome.broken.c_str());
    std::abort();
  }
  return 0;
}
