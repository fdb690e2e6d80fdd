// The C API (<quake/quake.h>): every function of the list, storage type and order gives
// quake::dispatch's bits, in place too; bad arguments are status codes that write nothing.
#include <gtest/gtest.h>
#include <quake/quake.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <quake/dispatch.hpp>
#include <quake/half.hpp>
#include <quake/registry.hpp>
#include <string>
#include <vector>

namespace {

using BF16 = quake::bfloat16;
using F16 = quake::float16;

/// quake::dispatch's F<order>(in, out, n), the order a run-time value.
template <class Call>
void with_order(int order, Call call) {
  quake::registry::for_each_order([&](auto o) {
    if (decltype(o)::value == order) call(o);
  });
}

/// One element-wise function of the list: its C forms, and its C++ dispatch form.
struct Elementwise {
  const char* name;
  int (*f32)(const float*, float*, size_t, int);
  int (*f64)(const double*, double*, size_t, int);
  int (*bf16)(const std::uint16_t*, std::uint16_t*, size_t, int);
  int (*f16)(const std::uint16_t*, std::uint16_t*, size_t, int);
  void (*cxx_f32)(int, const float*, float*, std::size_t);
  void (*cxx_f64)(int, const double*, double*, std::size_t);
  void (*cxx_bf16)(int, const BF16*, BF16*, std::size_t);
  void (*cxx_f16)(int, const F16*, F16*, std::size_t);
};

#define QUAKE_C_TEST_CXX_(name, T)                                                             \
  [](int order, const T* in, T* out, std::size_t n) {                                          \
    with_order(order, [&](auto o) { quake::dispatch::name<decltype(o)::value>(in, out, n); }); \
  }
#define QUAKE_ELEMENTWISE(name)     \
  {#name,                           \
   quake_##name##_f32,              \
   quake_##name##_f64,              \
   quake_##name##_bf16,             \
   quake_##name##_f16,              \
   QUAKE_C_TEST_CXX_(name, float),  \
   QUAKE_C_TEST_CXX_(name, double), \
   QUAKE_C_TEST_CXX_(name, BF16),   \
   QUAKE_C_TEST_CXX_(name, F16)},
const Elementwise elementwise[] = {
#include <quake/functions.inc>
};
#undef QUAKE_C_TEST_CXX_

/// Values through the whole range: signed zeros, infinities, NaN, subnormals, the working domain.
template <class T>
std::vector<T> values() {
  std::vector<T> v = {T(0.0f), T(-0.0f), T(INFINITY), T(-INFINITY), T(NAN), T(1e-40f), T(-1e-40f)};
  for (int i = -700; i <= 700; ++i) v.push_back(T(static_cast<float>(i) * 0.0625f));
  for (int e = -30; e <= 30; ++e) {
    v.push_back(T(std::ldexp(1.3f, e)));
    v.push_back(T(-std::ldexp(1.7f, e)));
  }
  return v;
}

template <class T, class C>
void same_bits_as_dispatch(const char* name, int (*c)(const C*, C*, size_t, int),
                           void (*cxx)(int, const T*, T*, std::size_t)) {
  const std::vector<T> in = values<T>();
  for (int order = 1; order <= QUAKE_MAX_ORDER; ++order) {
    std::vector<T> want(in.size()), got(in.size(), T(7.0f)), inplace = in;
    cxx(order, in.data(), want.data(), in.size());
    ASSERT_EQ(c(reinterpret_cast<const C*>(in.data()), reinterpret_cast<C*>(got.data()), in.size(),
                order),
              QUAKE_OK);
    ASSERT_EQ(c(reinterpret_cast<const C*>(inplace.data()), reinterpret_cast<C*>(inplace.data()),
                inplace.size(), order),
              QUAKE_OK);
    EXPECT_EQ(std::memcmp(got.data(), want.data(), in.size() * sizeof(T)), 0)
        << name << " order " << order;
    EXPECT_EQ(std::memcmp(inplace.data(), want.data(), in.size() * sizeof(T)), 0)
        << name << " order " << order << " in place";
  }
}

TEST(CApi, EveryElementwiseFunctionTypeAndOrderIsDispatchBits) {
  ASSERT_EQ(std::size(elementwise), std::size(quake::dispatch::detail::elementwise_names));
  for (const auto& f : elementwise) {
    same_bits_as_dispatch(f.name, f.f32, f.cxx_f32);
    same_bits_as_dispatch(f.name, f.f64, f.cxx_f64);
    same_bits_as_dispatch(f.name, f.bf16, f.cxx_bf16);
    same_bits_as_dispatch(f.name, f.f16, f.cxx_f16);
  }
}

TEST(CApi, BadArgumentsAreStatusesThatWriteNothing) {
  for (const auto& f : elementwise) {
    float in[3] = {1, 2, 3}, out[3] = {9, 9, 9};
    for (int order : {0, 6, -1, std::numeric_limits<int>::min()}) {
      EXPECT_EQ(f.f32(in, out, 3, order), QUAKE_ERROR_ORDER) << f.name << " order " << order;
    }
    EXPECT_EQ(f.f32(nullptr, out, 3, 2), QUAKE_ERROR_NULL) << f.name;
    EXPECT_EQ(f.f32(in, nullptr, 3, 2), QUAKE_ERROR_NULL) << f.name;
    EXPECT_EQ(f.f32(nullptr, nullptr, 0, 2), QUAKE_OK) << f.name;           // nothing to do
    EXPECT_EQ(f.f64(nullptr, nullptr, 0, 0), QUAKE_ERROR_ORDER) << f.name;  // the order first
    EXPECT_EQ(out[0], 9.0f);
    EXPECT_EQ(out[2], 9.0f);
  }
  float x[4] = {1, 2, 3, 4}, y[4] = {9, 9, 9, 9};
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  EXPECT_EQ(quake_softmax_f32(x, y, 2, 2, 0), QUAKE_ERROR_ORDER);
  EXPECT_EQ(quake_softmax_f32(x, nullptr, 2, 2, 2), QUAKE_ERROR_NULL);
  EXPECT_EQ(quake_softmax_f32(nullptr, nullptr, 0, 2, 2), QUAKE_OK);
  EXPECT_EQ(quake_softmax_f32(nullptr, nullptr, 2, 0, 2), QUAKE_OK);
  EXPECT_EQ(quake_log_softmax_f32(x, y, max / 2 + 1, 2, 2), QUAKE_ERROR_SIZE);
  EXPECT_EQ(quake_softmax_masked_f32(x, y, max / 8, 2, 1.0f, x, 16, 2), QUAKE_ERROR_SIZE);
  EXPECT_EQ(quake_softmax_masked_f32(x, y, 2, 2, 1.0f, x, 0, 6), QUAKE_ERROR_ORDER);
  for (float v : y) EXPECT_EQ(v, 9.0f);
}

/// One row function of the list and storage type: the C forms against quake::dispatch's.
template <class T, class C, class Scale, class Plain, class Masked, class Cxx, class CxxMasked>
void rows_same_bits(const char* name, Plain plain, Masked masked, Cxx cxx, CxxMasked cxx_masked) {
  const std::size_t rows = 5, cols = 37;
  std::vector<T> in(rows * cols), mask(rows * cols);
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = T(std::sin(static_cast<float>(i)) * 9.0f);
    mask[i] = T(i % cols > i / cols * 7 + 3 ? -INFINITY : 0.0f);  // causal-like
  }
  in[3] = T(NAN);  // a NaN row
  const auto c_in = reinterpret_cast<const C*>(in.data());
  for (int order = 1; order <= QUAKE_MAX_ORDER; ++order) {
    std::vector<T> want(in.size()), got(in.size());
    cxx(order, in.data(), want.data(), rows, cols);
    ASSERT_EQ(plain(c_in, reinterpret_cast<C*>(got.data()), rows, cols, order), QUAKE_OK);
    EXPECT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(T)), 0)
        << name << " order " << order;
    for (std::size_t stride : {std::size_t{0}, cols}) {
      for (const T* m : {static_cast<const T*>(nullptr), static_cast<const T*>(mask.data())}) {
        const Scale scale = Scale(0.125);
        cxx_masked(order, in.data(), want.data(), rows, cols, scale, m, stride);
        std::vector<T> inplace = in;
        ASSERT_EQ(
            masked(reinterpret_cast<const C*>(inplace.data()), reinterpret_cast<C*>(inplace.data()),
                   rows, cols, scale, reinterpret_cast<const C*>(m), stride, order),
            QUAKE_OK);
        EXPECT_EQ(std::memcmp(inplace.data(), want.data(), want.size() * sizeof(T)), 0)
            << name << " masked, order " << order << ", stride " << stride
            << (m ? "" : ", no mask");
      }
    }
  }
}

#define QUAKE_C_TEST_ROWS_(name, S, T, C, Scale)                                                   \
  rows_same_bits<T, C, Scale>(                                                                     \
      #name "_" #S, quake_##name##_##S, quake_##name##_masked_##S,                                 \
      [](int order, const T* in, T* out, std::size_t r, std::size_t c) {                           \
        with_order(order,                                                                          \
                   [&](auto o) { quake::dispatch::name<decltype(o)::value>(in, out, r, c); });     \
      },                                                                                           \
      [](int order, const T* in, T* out, std::size_t r, std::size_t c, Scale scale, const T* mask, \
         std::size_t stride) {                                                                     \
        with_order(order, [&](auto o) {                                                            \
          quake::dispatch::name<decltype(o)::value>(in, out, r, c, scale, mask, stride);           \
        });                                                                                        \
      });
#define QUAKE_ROWS(name)                                     \
  QUAKE_C_TEST_ROWS_(name, f32, float, float, float)         \
  QUAKE_C_TEST_ROWS_(name, f64, double, double, double)      \
  QUAKE_C_TEST_ROWS_(name, bf16, BF16, std::uint16_t, float) \
  QUAKE_C_TEST_ROWS_(name, f16, F16, std::uint16_t, float)

TEST(CApi, EveryRowFunctionTypeAndOrderIsDispatchBits) {
#include <quake/functions.inc>
}
#undef QUAKE_C_TEST_ROWS_

/// The online softmax step of scores T with mask M: the C form against quake::dispatch's, every
/// order, with and without a mask, in place; its argument checks.
template <class T, class M, class C, class Cfn>
void online_same_bits(const char* name, Cfn c_form) {
  const std::size_t rows = 3, cols = 41;
  std::vector<T> in(rows * cols);
  std::vector<M> mask(rows * cols);
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = T(std::sin(static_cast<double>(i)) * 9.0);
    mask[i] = M(i % 6 == 2 ? -INFINITY : static_cast<float>(i % 3));
  }
  for (int order = 1; order <= QUAKE_MAX_ORDER; ++order) {
    for (const M* m : {static_cast<const M*>(nullptr), static_cast<const M*>(mask.data())}) {
      std::vector<T> want(in.size()), got(in);
      std::vector<T> wm{-INFINITY, T(1), T(2)}, ws{T(0), T(1), T(3)}, wr(rows);
      std::vector<T> gm(wm), gs(ws), gr(rows);
      with_order(order, [&](auto o) {
        quake::dispatch::online_softmax<decltype(o)::value>(in.data(), want.data(), rows, cols,
                                                            T(0.5), m, cols, T(0.25), wm.data(),
                                                            ws.data(), wr.data());
      });
      ASSERT_EQ(c_form(got.data(), got.data(), rows, cols, T(0.5), reinterpret_cast<const C*>(m),
                       cols, T(0.25), gm.data(), gs.data(), gr.data(), order),
                QUAKE_OK);
      EXPECT_TRUE(want == got && wm == gm && ws == gs && wr == gr)
          << name << " order " << order << (m ? "" : ", no mask");
    }
  }
  T x[2] = {1, 2}, y[2] = {9, 9}, mx[1] = {0}, sm[1] = {0}, rs[1] = {9};
  EXPECT_EQ(c_form(x, y, 1, 2, T(1), nullptr, 0, T(1), mx, sm, rs, 0), QUAKE_ERROR_ORDER);
  EXPECT_EQ(c_form(x, y, 1, 2, T(1), nullptr, 0, T(1), nullptr, sm, rs, 2), QUAKE_ERROR_NULL);
  EXPECT_EQ(c_form(x, y, 1, 2, T(1), nullptr, 0, T(1), mx, sm, nullptr, 2), QUAKE_ERROR_NULL);
  EXPECT_EQ(c_form(nullptr, y, 1, 2, T(1), nullptr, 0, T(1), mx, sm, rs, 2), QUAKE_ERROR_NULL);
  EXPECT_EQ(c_form(nullptr, nullptr, 0, 2, T(1), nullptr, 0, T(1), nullptr, nullptr, nullptr, 2),
            QUAKE_OK);
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  EXPECT_EQ(c_form(x, y, max / 2 + 1, 2, T(1), nullptr, 0, T(1), mx, sm, rs, 2), QUAKE_ERROR_SIZE);
  EXPECT_TRUE(y[0] == T(9) && y[1] == T(9) && rs[0] == T(9)) << name << " wrote on an error";
}

TEST(CApi, OnlineSoftmaxIsDispatchBits) {
  online_same_bits<float, float, float>("f32", quake_online_softmax_f32);
  online_same_bits<float, BF16, std::uint16_t>("f32_mask_bf16", quake_online_softmax_f32_mask_bf16);
  online_same_bits<float, F16, std::uint16_t>("f32_mask_f16", quake_online_softmax_f32_mask_f16);
  online_same_bits<double, double, double>("f64", quake_online_softmax_f64);
}

TEST(CApi, ArchVersionAndStatusStrings) {
  EXPECT_STREQ(quake_arch(), quake::dispatch::arch());
  EXPECT_STREQ(quake_version(), QUAKE_VERSION_STRING);
  EXPECT_EQ(std::string(QUAKE_VERSION_STRING), std::to_string(QUAKE_VERSION_MAJOR) + "." +
                                                   std::to_string(QUAKE_VERSION_MINOR) + "." +
                                                   std::to_string(QUAKE_VERSION_PATCH));
  EXPECT_EQ(QUAKE_MAX_ORDER, quake::max_order);
  std::vector<std::string> seen;
  for (int s : {QUAKE_OK, QUAKE_ERROR_ORDER, QUAKE_ERROR_NULL, QUAKE_ERROR_SIZE}) {
    ASSERT_NE(quake_status_string(s), nullptr);
    for (const auto& other : seen) EXPECT_NE(other, quake_status_string(s));
    seen.push_back(quake_status_string(s));
  }
  EXPECT_STREQ(quake_status_string(42), "not a quake status");
}

}  // namespace
