// The program every consumer test builds: it must compile, link and run against quake.
#include <cmath>
#include <cstdio>
#include <quake/quake.hpp>

int main() {
  const float y = quake::exp(1.0f);
  float in[5] = {-1, 0, 1, 2, 3}, out[5];
  quake::exp<3>(in, out, 5);
  const bool ok = std::fabs(y - 2.718281828f) < 0.01f && std::fabs(out[4] - 20.0855f) < 0.01f;
  std::printf("quake consumer: exp(1) = %g, exp<3>(3) = %g: %s\n", y, out[4], ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
