// The C API (<quake/quake.h>): each function checks its arguments, then calls quake::dispatch's
// table for the function of the list, the storage type and the order.
#include <quake/quake.h>

#include <cstdint>
#include <limits>
#include <quake/dispatch.hpp>
#include <quake/half.hpp>

namespace {

namespace qd = quake::dispatch::detail;

// The 16-bit types are one uint16_t of bits each, the C API's storage for them.
static_assert(sizeof(quake::bfloat16) == sizeof(std::uint16_t) &&
                  alignof(quake::bfloat16) == alignof(std::uint16_t),
              "quake::bfloat16 is its 16 bits");
static_assert(sizeof(quake::float16) == sizeof(std::uint16_t) &&
                  alignof(quake::float16) == alignof(std::uint16_t),
              "quake::float16 is its 16 bits");

using bf16 = quake::bfloat16;
using f16 = quake::float16;

template <class Q, class C>
const Q* as(const C* p) noexcept {
  return reinterpret_cast<const Q*>(p);
}
template <class Q, class C>
Q* as(C* p) noexcept {
  return reinterpret_cast<Q*>(p);
}

bool bad_order(int order) noexcept { return order < 1 || order > quake::max_order; }

int check_elementwise(const void* in, const void* out, std::size_t n, int order) noexcept {
  if (bad_order(order)) return QUAKE_ERROR_ORDER;
  if (n != 0 && (in == nullptr || out == nullptr)) return QUAKE_ERROR_NULL;
  return QUAKE_OK;
}

int check_rows(const void* in, const void* out, std::size_t rows, std::size_t cols, int order,
               const void* mask = nullptr, std::size_t mask_stride = 0) noexcept {
  if (bad_order(order)) return QUAKE_ERROR_ORDER;
  if (rows == 0 || cols == 0) return QUAKE_OK;
  constexpr std::size_t max = std::numeric_limits<std::size_t>::max();
  if (rows > max / cols) return QUAKE_ERROR_SIZE;
  if (mask != nullptr && mask_stride != 0 &&
      (rows - 1 > (max - cols) / mask_stride))  // (rows - 1) * mask_stride + cols
    return QUAKE_ERROR_SIZE;
  if (in == nullptr || out == nullptr) return QUAKE_ERROR_NULL;
  return QUAKE_OK;
}

}  // namespace

extern "C" {

const char* quake_status_string(int status) {
  switch (status) {
    case QUAKE_OK:
      return "ok";
    case QUAKE_ERROR_ORDER:
      return "order outside 1..5";
    case QUAKE_ERROR_NULL:
      return "a NULL array where there are elements";
    case QUAKE_ERROR_SIZE:
      return "rows * cols (or the mask's reach) does not fit in size_t";
    default:
      return "not a quake status";
  }
}

const char* quake_arch(void) { return quake::dispatch::arch(); }

const char* quake_version(void) { return QUAKE_VERSION_STRING; }

#define QUAKE_C_ELEMENTWISE_(name, S, T, Q)                                     \
  int quake_##name##_##S(const T* in, T* out, size_t n, int order) {            \
    const int status = check_elementwise(in, out, n, order);                    \
    if (status != QUAKE_OK || n == 0) return status;                            \
    qd::elementwise(qd::elementwise_op::name, order, as<Q>(in), as<Q>(out), n); \
    return QUAKE_OK;                                                            \
  }
#define QUAKE_C_ROWS_(name, S, T, Q, Scale)                                                 \
  int quake_##name##_##S(const T* in, T* out, size_t rows, size_t cols, int order) {        \
    const int status = check_rows(in, out, rows, cols, order);                              \
    if (status != QUAKE_OK || rows == 0 || cols == 0) return status;                        \
    qd::rows(qd::row_op::name, order, as<Q>(in), as<Q>(out), rows, cols);                   \
    return QUAKE_OK;                                                                        \
  }                                                                                         \
  int quake_##name##_masked_##S(const T* in, T* out, size_t rows, size_t cols, Scale scale, \
                                const T* mask, size_t mask_stride, int order) {             \
    const int status = check_rows(in, out, rows, cols, order, mask, mask_stride);           \
    if (status != QUAKE_OK || rows == 0 || cols == 0) return status;                        \
    qd::scaled_rows(qd::row_op::name, order, as<Q>(in), as<Q>(out), rows, cols, scale,      \
                    as<Q>(mask), mask_stride);                                              \
    return QUAKE_OK;                                                                        \
  }
#define QUAKE_C_ONLINE_(suffix, T, M, Q)                                                        \
  int quake_online_softmax_##suffix(const T* in, T* out, size_t rows, size_t cols, T scale,     \
                                    const M* mask, size_t mask_stride, T slope, T* max, T* sum, \
                                    T* rescale, int order) {                                    \
    const int status = check_rows(in, out, rows, cols, order, mask, mask_stride);               \
    if (status != QUAKE_OK || rows == 0 || cols == 0) return status;                            \
    if (max == nullptr || sum == nullptr || rescale == nullptr) return QUAKE_ERROR_NULL;        \
    qd::online_softmax(order, in, out, rows, cols, scale, as<Q>(mask), mask_stride, slope, max, \
                       sum, rescale);                                                           \
    return QUAKE_OK;                                                                            \
  }
QUAKE_C_ONLINE_(f32, float, float, float)
QUAKE_C_ONLINE_(f32_mask_bf16, float, uint16_t, bf16)
QUAKE_C_ONLINE_(f32_mask_f16, float, uint16_t, f16)
QUAKE_C_ONLINE_(f64, double, double, double)
#undef QUAKE_C_ONLINE_

#define QUAKE_ELEMENTWISE(name)                    \
  QUAKE_C_ELEMENTWISE_(name, f32, float, float)    \
  QUAKE_C_ELEMENTWISE_(name, f64, double, double)  \
  QUAKE_C_ELEMENTWISE_(name, bf16, uint16_t, bf16) \
  QUAKE_C_ELEMENTWISE_(name, f16, uint16_t, f16)
#define QUAKE_ROWS(name)                           \
  QUAKE_C_ROWS_(name, f32, float, float, float)    \
  QUAKE_C_ROWS_(name, f64, double, double, double) \
  QUAKE_C_ROWS_(name, bf16, uint16_t, bf16, float) \
  QUAKE_C_ROWS_(name, f16, uint16_t, f16, float)
#include <quake/functions.inc>
#undef QUAKE_C_ELEMENTWISE_
#undef QUAKE_C_ROWS_

}  // extern "C"
