// oneDNN 2.6's eltwise and softmax primitives (Debian libdnnl-dev): what PyTorch's CPU backend and
// ONNX Runtime run on x86. One CPU engine and stream; each primitive is created for its shape
// outside any timed loop and runs on one thread (Debian builds oneDNN with OpenMP).
#include <dnnl.hpp>
#include <memory>
#include <string>

#include "peers.hpp"

extern "C" void omp_set_num_threads(int);  // libgomp, which Debian's oneDNN links

namespace quake_bench {
namespace onednn {
namespace {

struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  Context() { omp_set_num_threads(1); }
};

Context& context() {
  static Context c;
  return c;
}

/// A primitive bound to (in, out) of the given shape, executed on the calling thread.
template <class Primitive, class Desc>
Runner bind(const Desc& desc, const float* in, float* out, const dnnl::memory::desc& md) {
  Context& c = context();
  const typename Primitive::primitive_desc pd(desc, c.engine);
  auto prim = std::make_shared<Primitive>(pd);
  auto src = std::make_shared<dnnl::memory>(md, c.engine, const_cast<float*>(in));
  auto dst = std::make_shared<dnnl::memory>(md, c.engine, out);
  return [prim, src, dst, &c] {
    prim->execute(c.stream, {{DNNL_ARG_SRC, *src}, {DNNL_ARG_DST, *dst}});
    c.stream.wait();
  };
}

dnnl::memory::desc flat(std::size_t n) {
  return dnnl::memory::desc({static_cast<dnnl::memory::dim>(n)}, dnnl::memory::data_type::f32,
                            dnnl::memory::format_tag::a);
}

dnnl::memory::desc matrix(std::size_t rows, std::size_t cols) {
  return dnnl::memory::desc(
      {static_cast<dnnl::memory::dim>(rows), static_cast<dnnl::memory::dim>(cols)},
      dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab);
}

Runner eltwise(dnnl::algorithm alg, float alpha, const float* in, float* out, std::size_t n) {
  const dnnl::memory::desc md = flat(n);
  const dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, alg, md, alpha, 0.0f);
  return bind<dnnl::eltwise_forward>(d, in, out, md);
}

}  // namespace

Runner sigmoid(const float* in, float* out, std::size_t n) {
  return eltwise(dnnl::algorithm::eltwise_logistic, 0, in, out, n);
}
Runner tanh(const float* in, float* out, std::size_t n) {
  return eltwise(dnnl::algorithm::eltwise_tanh, 0, in, out, n);
}
Runner gelu_tanh(const float* in, float* out, std::size_t n) {
  return eltwise(dnnl::algorithm::eltwise_gelu_tanh, 0, in, out, n);
}
Runner gelu_erf(const float* in, float* out, std::size_t n) {
  return eltwise(dnnl::algorithm::eltwise_gelu_erf, 0, in, out, n);
}
Runner swish(float alpha, const float* in, float* out, std::size_t n) {
  return eltwise(dnnl::algorithm::eltwise_swish, alpha, in, out, n);
}
Runner mish(const float* in, float* out, std::size_t n) {
  return eltwise(dnnl::algorithm::eltwise_mish, 0, in, out, n);
}

Runner softmax(const float* in, float* out, std::size_t rows, std::size_t cols) {
  const dnnl::memory::desc md = matrix(rows, cols);
  const dnnl::softmax_v2_forward::desc d(dnnl::prop_kind::forward_inference,
                                         dnnl::algorithm::softmax_accurate, md, md, 1);
  return bind<dnnl::softmax_v2_forward>(d, in, out, md);
}
Runner log_softmax(const float* in, float* out, std::size_t rows, std::size_t cols) {
  const dnnl::memory::desc md = matrix(rows, cols);
  const dnnl::softmax_v2_forward::desc d(dnnl::prop_kind::forward_inference,
                                         dnnl::algorithm::softmax_log, md, md, 1);
  return bind<dnnl::softmax_v2_forward>(d, in, out, md);
}

Runner softmax_bf16(const void* in, void* out, std::size_t rows, std::size_t cols) {
  const dnnl::memory::desc md(
      {static_cast<dnnl::memory::dim>(rows), static_cast<dnnl::memory::dim>(cols)},
      dnnl::memory::data_type::bf16, dnnl::memory::format_tag::ab);
  Context& c = context();
  try {
    const dnnl::softmax_v2_forward::desc d(dnnl::prop_kind::forward_inference,
                                           dnnl::algorithm::softmax_accurate, md, md, 1);
    const dnnl::softmax_v2_forward::primitive_desc pd(d, c.engine);
    auto prim = std::make_shared<dnnl::softmax_v2_forward>(pd);
    auto src = std::make_shared<dnnl::memory>(md, c.engine, const_cast<void*>(in));
    auto dst = std::make_shared<dnnl::memory>(md, c.engine, out);
    return [prim, src, dst, &c] {
      prim->execute(c.stream, {{DNNL_ARG_SRC, *src}, {DNNL_ARG_DST, *dst}});
      c.stream.wait();
    };
  } catch (const dnnl::error&) {
    return {};
  }
}

/// The kernel oneDNN picked for an eltwise primitive (its implementation name), for the report.
const char* implementation() {
  static const std::string name = [] {
    Context& c = context();
    const dnnl::memory::desc md = flat(4096);
    const dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference,
                                        dnnl::algorithm::eltwise_logistic, md, 0.0f, 0.0f);
    return std::string(dnnl::eltwise_forward::primitive_desc(d, c.engine).impl_info_str());
  }();
  return name.c_str();
}

}  // namespace onednn
}  // namespace quake_bench
