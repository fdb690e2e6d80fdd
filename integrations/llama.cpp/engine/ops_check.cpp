// Checks the patched ggml-cpu against quake on SmolLM2-135M's shapes, through ggml's graph API.
// For each op the patch routes and each order 1..5 (QUAKE_ORDER set before each graph runs):
//   - the op's result has exactly the bits of quake's C API called directly on the same rows
//     (the routing: function, order, strides, scale, mask, slope);
//   - every element is within quake's bound (the registry's) of a double reference;
//   - with QUAKE_ORDER 0, the op has the bits of ggml's own code with QUAKE_ORDER unset.
// Flash attention, whose matrix products are ggml's, is checked against a double reference
// instead of the C API's bits (check_flash_attn).
// Prints one line per op and order; exits 1 on any failure.
#include "ggml-cpu.h"
#include "ggml.h"

#include <quake/quake.h>
#include <quake/quake.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int n_ff = 1536, n_head = 9, n_tokens = 32, n_kv = 256;
int failures = 0;

void set_order(int order) {
  if (order < 0) {
    unsetenv("QUAKE_ORDER");
  } else {
    setenv("QUAKE_ORDER", std::to_string(order).c_str(), 1);
  }
}

std::vector<float> uniform(std::size_t n, float lo, float hi, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(gen);
  return v;
}

// Builds a graph with `make`, runs it on one thread at QUAKE_ORDER `order` (-1: unset) and
// returns its output.
std::vector<float> run(int order, const std::function<ggml_tensor*(ggml_context*)>& make) {
  ggml_init_params params = {std::size_t(256) << 20, nullptr, false};
  ggml_context* ctx = ggml_init(params);
  ggml_tensor* out = make(ctx);
  ggml_cgraph* graph = ggml_new_graph(ctx);
  ggml_build_forward_expand(graph, out);
  set_order(order);
  if (ggml_graph_compute_with_ctx(ctx, graph, 1) != GGML_STATUS_SUCCESS) {
    std::fprintf(stderr, "ops_check: graph failed\n");
    std::exit(1);
  }
  std::vector<float> result(static_cast<const float*>(out->data),
                            static_cast<const float*>(out->data) + ggml_nelements(out));
  ggml_free(ctx);
  return result;
}

ggml_tensor* tensor(ggml_context* ctx, const std::vector<float>& v, int64_t ne0, int64_t ne1,
                    int64_t ne2 = 1) {
  ggml_tensor* t = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, ne0, ne1, ne2);
  std::memcpy(t->data, v.data(), v.size() * sizeof(float));
  return t;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void report(const char* op, int order, bool bits, double worst, std::size_t outside, bool stock,
            const char* bits_label = "bits of quake's C API") {
  const bool ok = bits && outside == 0 && stock;
  failures += !ok;
  std::printf("%-22s order %d: %s  %s: %s, worst error / bound %.3f%s%s\n", op, order,
              ok ? "ok  " : "FAIL", bits_label, bits ? "yes" : "NO", worst,
              outside ? " (elements outside the bound)" : "",
              stock ? "" : ", QUAKE_ORDER=0 differs from ggml's own code");
}

// An element-wise op (or a GLU: f(x) * g) against quake's function F.
template <class F>
void check_elementwise(const char* op, int (*c_fn)(const float*, float*, size_t, int),
                       ggml_tensor* (*unary)(ggml_context*, ggml_tensor*),
                       ggml_tensor* (*glu)(ggml_context*, ggml_tensor*, ggml_tensor*)) {
  const int64_t ne0 = n_ff, ne1 = n_tokens;  // the FFN's width (SmolLM2-135M)
  const std::size_t n = std::size_t(ne0 * ne1);
  const auto x = uniform(n, -12.f, 12.f, 1), g = uniform(n, -2.f, 2.f, 2);
  auto make = [&](ggml_context* ctx) {
    ggml_tensor* a = tensor(ctx, x, ne0, ne1);
    return glu ? glu(ctx, a, tensor(ctx, g, ne0, ne1)) : unary(ctx, a);
  };
  const bool stock = same_bits(run(-1, make), run(0, make));
  quake::registry::for_each_order([&](auto order_constant) {
    constexpr int order = decltype(order_constant)::value;
    const auto got = run(order, make);
    std::vector<float> want(n);
    c_fn(x.data(), want.data(), n, order);
    double worst = 0;
    std::size_t outside = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double ref = F::reference(static_cast<long double>(x[i]));
      const double scale = F::error == quake::measure::relative ? std::fabs(ref) : std::fabs(x[i]);
      const double allowed = quake::bound<F, order, float>* scale + F::template slack<float>;
      // f(x) is checked against the bound; a GLU's product f(x) * g is then one float rounding.
      const double err = std::fabs(double(want[i]) - ref);
      if (glu) want[i] *= g[i];
      outside += err > allowed;
      if (allowed > 0) worst = std::max(worst, err / allowed);
    }
    report(op, order, same_bits(got, want), worst, outside, stock);
  });
}

// softmax(scale * kq + slope * mask), the attention softmax of ggml_soft_max_ext.
void check_soft_max(const char* op, ggml_type mask_type, float max_bias) {
  const float scale = 0.125f;  // 1/sqrt(head_dim 64)
  const std::size_t n = std::size_t(n_kv) * n_tokens * n_head;
  const auto kq = uniform(n, -40.f, 40.f, 3);
  // A causal mask over a cache of n_kv - n_tokens earlier tokens, plus a few -inf holes.
  std::vector<float> mask(std::size_t(n_kv) * n_tokens);
  for (int t = 0; t < n_tokens; ++t)
    for (int k = 0; k < n_kv; ++k)
      mask[std::size_t(t) * n_kv + k] =
          (k > n_kv - n_tokens + t || k % 37 == 5) ? -INFINITY : 0.01f * float(k % 13);
  if (mask_type == GGML_TYPE_F16)
    for (float& m : mask) m = ggml_fp16_to_fp32(ggml_fp32_to_fp16(m));
  auto make = [&](ggml_context* ctx) {
    ggml_tensor* a = tensor(ctx, kq, n_kv, n_tokens, n_head);
    ggml_tensor* m = ggml_new_tensor_2d(ctx, mask_type, n_kv, n_tokens);
    for (std::size_t i = 0; i < mask.size(); ++i) {
      if (mask_type == GGML_TYPE_F16)
        static_cast<ggml_fp16_t*>(m->data)[i] = ggml_fp32_to_fp16(mask[i]);
      else
        static_cast<float*>(m->data)[i] = mask[i];
    }
    return ggml_soft_max_ext(ctx, a, m, scale, max_bias);
  };
  const bool stock = same_bits(run(-1, make), run(0, make));
  const int n_head_log2 = 1 << int(std::floor(std::log2(n_head)));
  const float m0 = std::pow(2.0f, -max_bias / n_head_log2);
  const float m1 = std::pow(2.0f, -(max_bias / 2.0f) / n_head_log2);
  quake::registry::for_each_order([&](auto order_constant) {
    constexpr int order = decltype(order_constant)::value;
    const auto got = run(order, make);
    std::vector<float> want(n), row_mask(n_kv);
    double worst = 0;
    std::size_t outside = 0;
    for (int h = 0; h < n_head; ++h) {
      const float slope = max_bias > 0 ? (h < n_head_log2 ? std::pow(m0, float(h + 1))
                                                          : std::pow(m1, float(2 * (h - n_head_log2) + 1)))
                                       : 1.0f;
      for (int t = 0; t < n_tokens; ++t) {
        const std::size_t at = (std::size_t(h) * n_tokens + t) * n_kv;
        for (int k = 0; k < n_kv; ++k) row_mask[k] = slope * mask[std::size_t(t) * n_kv + k];
        quake_softmax_masked_f32(&kq[at], &want[at], 1, n_kv, scale, row_mask.data(), 0, order);
        double top = -INFINITY, tmax = 0, sum = 0;
        std::vector<double> v(n_kv);
        for (int k = 0; k < n_kv; ++k) {
          v[k] = double(scale * kq[at + k]) + double(row_mask[k]);
          top = std::max(top, v[k]);
          if (std::isfinite(v[k])) tmax = std::max(tmax, std::fabs(v[k]));
        }
        for (int k = 0; k < n_kv; ++k) sum += std::exp(v[k] - top);
        for (int k = 0; k < n_kv; ++k) {
          const double ref = std::exp(v[k] - top) / sum;
          const double err = std::fabs(double(want[at + k]) - ref);
          const double allowed =
              ref < quake::fn::softmax::tiny
                  ? quake::fn::softmax::tiny_result
                  : quake::fn::softmax::allowed<order, float>(n_kv, std::fabs(v[k] - top), ref, tmax);
          outside += err > allowed;
          if (allowed > 0) worst = std::max(worst, err / allowed);
        }
      }
    }
    report(op, order, same_bits(got, want), worst, outside, stock);
  });
}

// Flash attention (ggml_flash_attn_ext) on SmolLM2-135M's heads (9 query heads over 3 KV heads
// of 64, an f16 cache), n_q query rows over n_keys keys: 64 rows or more take ggml's tiled path
// (whole and partial 64-key tiles), fewer the one-chunk path (from 512 keys its split form, with
// partials); a causal mask with holes, and an ALiBi slope. Each output element within quake's softmax
// bound (2.2 B, plus 1e-4 for the float dot products both paths share) of a double reference,
// relative to sum_k p_k |v_k|; ggml's own code within the 1e-4 alone (2^-8 where it accumulates
// in f16); QUAKE_ORDER 0 the bits of ggml's code, and each order not (the op is routed).
void check_flash_attn(const char* op, int n_q, int n_keys, float max_bias) {
  constexpr int d = 64, n_head_kv = 3;
  const float scale = 0.125f;
  const auto q = uniform(std::size_t(d) * n_q * n_head, -1.f, 1.f, 4);
  std::vector<float> k = uniform(std::size_t(d) * n_keys * n_head_kv, -1.f, 1.f, 5);
  std::vector<float> v = uniform(std::size_t(d) * n_keys * n_head_kv, -1.f, 1.f, 6);
  for (float& x : k) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(x));
  for (float& x : v) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(x));
  std::vector<float> mask(std::size_t(n_keys) * n_q);
  for (int t = 0; t < n_q; ++t)
    for (int j = 0; j < n_keys; ++j)
      mask[std::size_t(t) * n_keys + j] =
          (j > n_keys - n_q + t || j % 29 == 3) ? -INFINITY
                                                : ggml_fp16_to_fp32(ggml_fp32_to_fp16(0.01f * float(j % 13)));
  auto half = [](ggml_context* ctx, const std::vector<float>& x, int64_t ne0, int64_t ne1, int64_t ne2) {
    ggml_tensor* t = ggml_new_tensor_3d(ctx, GGML_TYPE_F16, ne0, ne1, ne2);
    for (std::size_t i = 0; i < x.size(); ++i) static_cast<ggml_fp16_t*>(t->data)[i] = ggml_fp32_to_fp16(x[i]);
    return t;
  };
  auto make = [&](ggml_context* ctx) {
    return ggml_flash_attn_ext(ctx, tensor(ctx, q, d, n_q, n_head), half(ctx, k, d, n_keys, n_head_kv),
                               half(ctx, v, d, n_keys, n_head_kv), half(ctx, mask, n_keys, n_q, 1), scale,
                               max_bias, 0.0f);
  };
  const auto stock_out = run(-1, make);
  const bool stock = same_bits(stock_out, run(0, make));
  const int n_head_log2 = 1 << int(std::floor(std::log2(n_head)));
  const float m0 = std::pow(2.0f, -max_bias / n_head_log2);
  const float m1 = std::pow(2.0f, -(max_bias / 2.0f) / n_head_log2);
  // The double reference, and each element's scale sum_k p_k |v_k|.
  std::vector<double> ref(stock_out.size()), mag(stock_out.size());
  for (int h = 0; h < n_head; ++h) {
    const int hk = h / (n_head / n_head_kv);
    const float slope = max_bias > 0 ? (h < n_head_log2 ? std::pow(m0, float(h + 1))
                                                        : std::pow(m1, float(2 * (h - n_head_log2) + 1)))
                                     : 1.0f;
    for (int t = 0; t < n_q; ++t) {
      std::vector<double> s(n_keys);
      double top = -INFINITY, sum = 0;
      for (int j = 0; j < n_keys; ++j) {
        double dot = 0;
        for (int i = 0; i < d; ++i)
          dot += double(q[(std::size_t(h) * n_q + t) * d + i]) * double(k[(std::size_t(hk) * n_keys + j) * d + i]);
        s[j] = scale * dot + double(slope) * double(mask[std::size_t(t) * n_keys + j]);
        top = std::max(top, s[j]);
      }
      for (int j = 0; j < n_keys; ++j) sum += std::exp(s[j] - top);
      for (int i = 0; i < d; ++i) {
        const std::size_t at = (std::size_t(t) * n_head + h) * d + i;
        for (int j = 0; j < n_keys; ++j) {
          const double p = std::exp(s[j] - top) / sum, vv = v[(std::size_t(hk) * n_keys + j) * d + i];
          ref[at] += p * vv;
          mag[at] += p * std::fabs(vv);
        }
      }
    }
  }
  const double shared = 1e-4;
  auto worst_of = [&](const std::vector<float>& got, double bound, std::size_t& outside) {
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const double err = std::fabs(double(got[i]) - ref[i]), allowed = bound * mag[i];
      outside += !(err <= allowed);
      worst = std::max(worst, err / allowed);
    }
    return worst;
  };
  // ggml's one-chunk path accumulates V in f16 (its tiled path and quake's paths in f32): it is
  // held to 2^-8 instead, which still catches a wrong reference.
  const bool f16_accumulator = n_q < 64;
  const double stock_allowed = f16_accumulator ? 1.0 / 256 : shared;
  std::size_t stock_outside = 0;
  const double stock_worst = worst_of(stock_out, stock_allowed, stock_outside);
  std::printf("%-22s stock  : %s  worst error / %g %.3f%s\n", op, stock_outside ? "FAIL" : "ok  ",
              stock_allowed, stock_worst, f16_accumulator ? " (ggml accumulates V in f16 here)" : "");
  failures += stock_outside != 0;
  quake::registry::for_each_order([&](auto order_constant) {
    constexpr int order = decltype(order_constant)::value;
    const auto got = run(order, make);
    std::size_t outside = 0;
    const double worst = worst_of(got, quake::bound<quake::fn::softmax, order, float> + shared, outside);
    report(op, order, !same_bits(got, stock_out), worst, outside, stock, "routed to quake");
  });
}

}  // namespace

int main() {
  namespace fn = quake::fn;
  check_elementwise<fn::exp>("exp", quake_exp_f32, ggml_exp, nullptr);
  check_elementwise<fn::sigmoid>("sigmoid", quake_sigmoid_f32, ggml_sigmoid, nullptr);
  check_elementwise<fn::tanh>("tanh", quake_tanh_f32, ggml_tanh, nullptr);
  check_elementwise<fn::silu>("silu", quake_silu_f32, ggml_silu, nullptr);
  check_elementwise<fn::gelu>("gelu", quake_gelu_f32, ggml_gelu, nullptr);
  check_elementwise<fn::gelu_erf>("gelu_erf", quake_gelu_erf_f32, ggml_gelu_erf, nullptr);
  check_elementwise<fn::gelu_sigmoid>("gelu_quick", quake_gelu_sigmoid_f32, ggml_gelu_quick, nullptr);
  check_elementwise<fn::silu>("swiglu", quake_silu_f32, nullptr, ggml_swiglu_split);
  check_elementwise<fn::gelu>("geglu", quake_gelu_f32, nullptr, ggml_geglu_split);
  check_elementwise<fn::gelu_erf>("geglu_erf", quake_gelu_erf_f32, nullptr, ggml_geglu_erf_split);
  check_elementwise<fn::gelu_sigmoid>("geglu_quick", quake_gelu_sigmoid_f32, nullptr, ggml_geglu_quick_split);
  check_soft_max("soft_max f16 mask", GGML_TYPE_F16, 0.0f);
  check_soft_max("soft_max f32 mask", GGML_TYPE_F32, 0.0f);
  check_soft_max("soft_max f16 ALiBi 8", GGML_TYPE_F16, 8.0f);
  check_flash_attn("flash_attn tiled", 96, 200, 0.0f);
  check_flash_attn("flash_attn tiled ALiBi", 96, 200, 8.0f);
  check_flash_attn("flash_attn one chunk", 7, 200, 0.0f);
  check_flash_attn("flash_attn split kv", 1, 600, 0.0f);
  std::printf("%s: %d failure%s\n", failures ? "FAILED" : "passed", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
