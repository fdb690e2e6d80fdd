// quake_bench: every benchmark of bench/*.cpp in one binary, so ratios come from one run.
//   quake_bench --benchmark_min_time=0.05 --benchmark_out=bench.json --benchmark_out_format=json
// bench/report.py turns the JSON (and quake_bench_accuracy's) into README's tables and plot.
#include <quake/quake.hpp>

#include "bench_support.hpp"
#include "peers.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("quake_simd_arch", quake::simd_arch::name());
  benchmark::AddCustomContext("quake_fma", quake::has_fma ? "yes" : "no");
#if QUAKE_BENCH_HAVE_SLEEF
  benchmark::AddCustomContext("sleef_exp", quake_bench::sleef_exp_u10_name());
#endif
  quake_bench::register_exp();
  quake_bench::register_activations();
  quake_bench::register_softmax();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
