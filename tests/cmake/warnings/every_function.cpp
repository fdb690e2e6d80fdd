// Calls every public function of quake as a user would: scalar and batch forms, arrays and rows
// of constant sizes (which let the compiler reason about trip counts) and of run-time sizes,
// float and double, every order. Built with -Werror: any warning quake causes fails the build.
#include <cmath>
#include <cstdio>
#include <quake/quake.hpp>
#include <vector>

namespace {

float in_f[4096], out_f[4096];
double in_d[1024], out_d[1024];

template <int N>
float constant_sizes() {
  quake::exp<N>(in_f, out_f, 4096);
  quake::sigmoid<N>(in_f, out_f, 17);
  quake::tanh<N>(in_f, out_f, 1000);
  quake::gelu<N>(in_f, out_f, 7);
  quake::gelu_sigmoid<N>(in_f, out_f, 64);
  quake::silu<N>(in_f, out_f, 3);
  quake::gelu_erf<N>(in_f, out_f, 29);
  quake::softmax<N>(in_f, out_f, 4, 1024);
  quake::softmax<N>(in_f, out_f, 1024);
  quake::softmax<N>(in_f, out_f, 5);
  quake::log_softmax<N>(in_f, out_f, 4, 1024);
  quake::log_softmax<N>(in_f, out_f, 33);
  quake::softmax<N>(in_d, out_d, 8, 128);
  quake::log_softmax<N>(in_d, out_d, 1, 1000);
  quake::exp<N>(in_d, out_d, 1024);
  return out_f[3] + static_cast<float>(out_d[5]);
}

template <int N, class T>
T run_time_sizes(std::vector<T>& x, std::vector<T>& y, std::size_t rows) {
  const std::size_t n = x.size(), cols = n / rows;
  quake::exp<N>(x.data(), y.data(), n);
  quake::sigmoid<N>(x.data(), y.data(), n);
  quake::tanh<N>(x.data(), y.data(), n);
  quake::gelu<N>(x.data(), y.data(), n);
  quake::gelu_sigmoid<N>(x.data(), y.data(), n);
  quake::silu<N>(x.data(), y.data(), n);
  quake::gelu_erf<N>(x.data(), y.data(), n);
  quake::softmax<N>(x.data(), y.data(), rows, cols);
  quake::softmax<N>(x.data(), y.data(), n);
  quake::log_softmax<N>(x.data(), y.data(), rows, cols);
  quake::log_softmax<N>(x.data(), y.data(), n);
  const T v = x[0];
  return y[0] + quake::exp<N>(v) + quake::sigmoid<N>(v) + quake::tanh<N>(v) + quake::gelu<N>(v) +
         quake::gelu_sigmoid<N>(v) + quake::silu<N>(v) + quake::gelu_erf<N>(v);
}

/// The 16-bit array forms, and softmax from float scores to 16-bit results.
template <int N, class S>
float half_sizes(const std::vector<float>& x, std::size_t rows) {
  const std::size_t n = x.size(), cols = n / rows;
  std::vector<S> h(n), y(n);
  for (std::size_t i = 0; i < n; ++i) h[i] = S(x[i]);
  quake::exp<N>(h.data(), y.data(), n);
  quake::sigmoid<N>(h.data(), y.data(), n);
  quake::tanh<N>(h.data(), y.data(), n);
  quake::gelu<N>(h.data(), y.data(), n);
  quake::gelu_sigmoid<N>(h.data(), y.data(), n);
  quake::silu<N>(h.data(), y.data(), n);
  quake::gelu_erf<N>(h.data(), y.data(), n);
  quake::softmax<N>(h.data(), y.data(), rows, cols);
  quake::log_softmax<N>(h.data(), y.data(), n);
  quake::softmax<N>(h.data(), y.data(), rows, cols, 0.125f, h.data(), 0);
  quake::softmax<N>(x.data(), y.data(), rows, cols);
  quake::log_softmax<N>(x.data(), y.data(), n);
  return static_cast<float>(y[0]);
}

template <int N>
float batches() {
  using B = xsimd::batch<float>;
  const B v(0.5f);
  const B r = quake::exp<N>(v) + quake::sigmoid<N>(v) + quake::tanh<N>(v) + quake::gelu<N>(v) +
              quake::gelu_sigmoid<N>(v) + quake::silu<N>(v) + quake::gelu_erf<N>(v);
  return r.get(0);
}

}  // namespace

int main(int argc, char**) {
  for (int i = 0; i < 4096; ++i) in_f[i] = static_cast<float>(i % 97) * 0.25f - 12.0f;
  for (int i = 0; i < 1024; ++i) in_d[i] = static_cast<double>(i % 89) * 0.5 - 22.0;
  const std::size_t n = static_cast<std::size_t>(argc) * 1000 + 24;
  std::vector<float> xf(n, 0.5f), yf(n);
  std::vector<double> xd(n, -1.5), yd(n);
  double total = 0;
  total += constant_sizes<1>() + constant_sizes<2>() + constant_sizes<3>() + constant_sizes<4>() +
           constant_sizes<5>();
  total += run_time_sizes<1>(xf, yf, 8) + run_time_sizes<2>(xf, yf, 8) +
           run_time_sizes<3>(xf, yf, 8) + run_time_sizes<4>(xf, yf, 8) +
           run_time_sizes<5>(xf, yf, 8);
  total += run_time_sizes<1>(xd, yd, 4) + run_time_sizes<2>(xd, yd, 4) +
           run_time_sizes<3>(xd, yd, 4) + run_time_sizes<4>(xd, yd, 4) +
           run_time_sizes<5>(xd, yd, 4);
  total += half_sizes<1, quake::bfloat16>(xf, 8) + half_sizes<2, quake::bfloat16>(xf, 8) +
           half_sizes<3, quake::float16>(xf, 8) + half_sizes<5, quake::float16>(xf, 8);
  total += batches<1>() + batches<2>() + batches<3>() + batches<4>() + batches<5>();
  const bool ok = std::isfinite(total);
  std::printf("quake consumer (every public function): %s\n", ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
