/* A C99 program on quake's C API (<quake/quake.h>), built with -std=c99 -pedantic -Wall -Wextra
 * -Werror: in the test suite against the library target, and by the pkg-config consumer test
 * against an installed prefix. Exit status 0 when every check holds; each failure prints a line. */
#include <math.h>
#include <quake/quake.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

int main(void) {
  float x[8] = {-2.0f, -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 2.0f, 4.0f}, y[8], z[8];
  double xd[3] = {-1.0, 0.0, 1.0}, yd[3];
  uint16_t h[2] = {0x0000u, 0x3C00u}, hb[2] = {0x0000u, 0x3F80u}, hy[2];
  float rows[6] = {1.0f, 2.0f, 3.0f, 0.0f, 0.0f, 0.0f}, mask[3] = {0.0f, 0.0f, -INFINITY}, p[6];
  size_t i;
  int order;

  check(strlen(quake_arch()) > 0, "quake_arch() names a set");
  check(strcmp(quake_version(), QUAKE_VERSION_STRING) == 0, "quake_version() is the header's");
  for (order = 1; order <= QUAKE_MAX_ORDER; ++order) {
    check(quake_exp_f32(x, y, 8, order) == QUAKE_OK, "quake_exp_f32 returns QUAKE_OK");
    for (i = 0; i < 8; ++i) check(fabs(y[i] / exp(x[i]) - 1.0) < 0.05, "exp is near e^x");
  }
  check(quake_sigmoid_f32(x, y, 8, 5) == QUAKE_OK, "sigmoid");
  memcpy(z, x, sizeof z);
  check(quake_sigmoid_f32(z, z, 8, 5) == QUAKE_OK, "sigmoid in place");
  check(memcmp(y, z, sizeof y) == 0, "in place gives the same bits");
  check(y[3] == 0.5f, "sigmoid(0) = 1/2");
  check(quake_tanh_f64(xd, yd, 3, 5) == QUAKE_OK && yd[1] == 0.0, "tanh, double");
  check(quake_exp_f16(h, hy, 2, 2) == QUAKE_OK && hy[0] == 0x3C00u, "exp(0) = 1 in binary16");
  check(quake_exp_bf16(hb, hy, 2, 2) == QUAKE_OK && hy[0] == 0x3F80u, "exp(0) = 1 in bfloat16");
  check(quake_silu_f32(x, y, 8, 0) == QUAKE_ERROR_ORDER, "order 0 is QUAKE_ERROR_ORDER");
  check(quake_silu_f32(x, y, 8, 6) == QUAKE_ERROR_ORDER, "order 6 is QUAKE_ERROR_ORDER");
  check(quake_silu_f32(NULL, y, 8, 2) == QUAKE_ERROR_NULL, "NULL input is QUAKE_ERROR_NULL");
  check(quake_silu_f32(NULL, NULL, 0, 2) == QUAKE_OK, "nothing to do is QUAKE_OK");
  check(strcmp(quake_status_string(QUAKE_OK), "ok") == 0, "quake_status_string");

  check(quake_softmax_f32(rows, p, 2, 3, 5) == QUAKE_OK, "softmax");
  check(fabs(p[0] + p[1] + p[2] - 1.0) < 1e-6 && p[3] == p[4], "softmax rows sum to 1");
  check(quake_softmax_masked_f32(rows, p, 2, 3, 0.5f, mask, 0, 5) == QUAKE_OK, "masked softmax");
  check(p[2] == 0.0f && p[5] == 0.0f, "a -inf mask value gives exactly 0");
  check(fabs(p[3] - 0.5) < 1e-6, "the mask row broadcasts (mask_stride 0)");
  check(quake_log_softmax_f32(rows, p, 2, 3, 5) == QUAKE_OK && p[2] < 0.0f, "log_softmax");

  {
    float tile[6] = {0.0f, 2.0f, 4.0f, 4.0f, 2.0f, 0.0f}, m[2] = {-INFINITY, 8.0f}, s[2] = {0.0f, 1.0f},
          r[2];
    check(quake_online_softmax_f32(tile, tile, 2, 3, 0.5f, NULL, 0, 1.0f, m, s, r, 5) == QUAKE_OK,
          "online softmax step");
    check(m[0] == 2.0f && m[1] == 8.0f && r[1] == 1.0f, "the running max, and rescale 1 where it stays");
    check(fabs(s[0] - (1.0 + exp(-1.0) + exp(-2.0))) < 1e-5 && tile[2] == 1.0f, "the running sum");
  }

  if (failures == 0) printf("C API: all checks passed (%s, quake %s)\n", quake_arch(), quake_version());
  return failures == 0 ? 0 : 1;
}
