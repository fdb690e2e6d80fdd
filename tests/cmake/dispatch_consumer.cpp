// The quake::dispatch consumer: compiled without target flags, linked to the installed library.
#include <cmath>
#include <cstdio>
#include <quake/dispatch.hpp>
#include <quake/half.hpp>

int main() {
  float in[5] = {-1, 0, 1, 2, 3}, out[5];
  quake::dispatch::exp<3>(in, out, 5);
  double row[4] = {1, 2, 3, 4}, p[4];
  quake::dispatch::softmax<5>(row, p, 1, 4);
  quake::bfloat16 h[5], g[5];
  for (int i = 0; i < 5; ++i) h[i] = quake::bfloat16(in[i]);
  quake::dispatch::gelu<2>(h, g, 5);         // 16-bit arrays
  quake::dispatch::softmax<2>(in, h, 1, 5);  // float scores, bf16 probabilities
  const bool ok = std::fabs(out[4] - 20.0855f) < 0.01f && std::fabs(p[3] - 0.643914) < 1e-5 &&
                  std::fabs(static_cast<float>(g[4]) - 2.99636f) < 0.02f &&
                  std::fabs(static_cast<float>(h[4]) - 0.636409f) < 0.005f;
  std::printf("quake::dispatch consumer (%s): exp<3>(3) = %g, softmax<5> = %g: %s\n",
              quake::dispatch::arch(), static_cast<double>(out[4]), p[3], ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
