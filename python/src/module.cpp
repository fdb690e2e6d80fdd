// quake._quake: the Python module's compiled half. It binds the C API of quake::dispatch
// (<quake/quake.h>) on raw addresses, and the registry's bounds; quake/__init__.py does the
// NumPy and PyTorch side (dtypes, shapes, copies, errors). Every list here expands
// <quake/functions.inc>, so a function added there is a function of the Python module too.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <quake/quake.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <quake/registry.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

// The storage types, in the order quake/__init__.py numbers them.
enum storage : int { f32, f64, bf16, f16, storage_count };

using elementwise_fn = int (*)(const void*, void*, std::size_t, int);
using rows_fn = int (*)(const void*, void*, std::size_t, std::size_t, int);
using masked_fn = int (*)(const void*, void*, std::size_t, std::size_t, double, const void*,
                          std::size_t, int);

// The C API's functions take typed pointers and a float or double scale; these adapters give them
// one signature per kind, so the tables below can hold every storage type.
template <class T, int (*F)(const T*, T*, std::size_t, int)>
int elementwise_adapter(const void* in, void* out, std::size_t n, int order) {
  return F(static_cast<const T*>(in), static_cast<T*>(out), n, order);
}
template <class T, int (*F)(const T*, T*, std::size_t, std::size_t, int)>
int rows_adapter(const void* in, void* out, std::size_t rows, std::size_t cols, int order) {
  return F(static_cast<const T*>(in), static_cast<T*>(out), rows, cols, order);
}
template <class T, class Scale,
          int (*F)(const T*, T*, std::size_t, std::size_t, Scale, const T*, std::size_t, int)>
int masked_adapter(const void* in, void* out, std::size_t rows, std::size_t cols, double scale,
                   const void* mask, std::size_t mask_stride, int order) {
  return F(static_cast<const T*>(in), static_cast<T*>(out), rows, cols, static_cast<Scale>(scale),
           static_cast<const T*>(mask), mask_stride, order);
}

struct elementwise_entry {
  const char* name;
  elementwise_fn fn[storage_count];
};
struct rows_entry {
  const char* name;
  rows_fn fn[storage_count];
  masked_fn masked[storage_count];
};

const elementwise_entry elementwise_table[] = {
#define QUAKE_ELEMENTWISE(name)                                \
  {#name,                                                      \
   {&elementwise_adapter<float, &quake_##name##_f32>,          \
    &elementwise_adapter<double, &quake_##name##_f64>,         \
    &elementwise_adapter<std::uint16_t, &quake_##name##_bf16>, \
    &elementwise_adapter<std::uint16_t, &quake_##name##_f16>}},
#include <quake/functions.inc>
};
const rows_entry rows_table[] = {
#define QUAKE_ROWS(name)                                                                   \
  {#name,                                                                                  \
   {&rows_adapter<float, &quake_##name##_f32>, &rows_adapter<double, &quake_##name##_f64>, \
    &rows_adapter<std::uint16_t, &quake_##name##_bf16>,                                    \
    &rows_adapter<std::uint16_t, &quake_##name##_f16>},                                    \
   {&masked_adapter<float, float, &quake_##name##_masked_f32>,                             \
    &masked_adapter<double, double, &quake_##name##_masked_f64>,                           \
    &masked_adapter<std::uint16_t, float, &quake_##name##_masked_bf16>,                    \
    &masked_adapter<std::uint16_t, float, &quake_##name##_masked_f16>}},
#include <quake/functions.inc>
};
constexpr std::size_t elementwise_count = sizeof(elementwise_table) / sizeof(elementwise_table[0]);
constexpr std::size_t rows_count = sizeof(rows_table) / sizeof(rows_table[0]);
static_assert(elementwise_count == std::tuple_size<quake::registry::elementwise>::value,
              "the tables and the registry list the same element-wise functions");
static_assert(rows_count == std::tuple_size<quake::registry::row_functions>::value,
              "the tables and the registry list the same row functions");

const void* address(std::uintptr_t p) { return reinterpret_cast<const void*>(p); }
void* mutable_address(std::uintptr_t p) { return reinterpret_cast<void*>(p); }

// The caller (quake/__init__.py) has checked the index, the storage type and the buffers; the
// status checks the order (and, defensively, the rest).
void check(int status) {
  if (status == QUAKE_OK) return;
  const std::string what = quake_status_string(status);
  if (status == QUAKE_ERROR_ORDER) throw py::value_error(what);
  throw std::runtime_error(what);
}

void check_storage(int s) {
  if (s < 0 || s >= storage_count) throw py::value_error("unknown storage type");
}

void elementwise(std::size_t f, int s, std::uintptr_t in, std::uintptr_t out, std::size_t n,
                 int order) {
  if (f >= elementwise_count) throw py::value_error("unknown element-wise function");
  check_storage(s);
  int status;
  {
    py::gil_scoped_release unlocked;
    status = elementwise_table[f].fn[s](address(in), mutable_address(out), n, order);
  }
  check(status);
}

void rows(std::size_t f, int s, std::uintptr_t in, std::uintptr_t out, std::size_t rows_,
          std::size_t cols, int order) {
  if (f >= rows_count) throw py::value_error("unknown row function");
  check_storage(s);
  int status;
  {
    py::gil_scoped_release unlocked;
    status = rows_table[f].fn[s](address(in), mutable_address(out), rows_, cols, order);
  }
  check(status);
}

// The masked form over blocks: `blocks` runs of block_rows rows each, every block reading the same
// mask rows (mask row r of a block at mask + r * mask_stride). One block is the C API's call; more
// let a mask of the last two dimensions serve every leading index.
void rows_masked(std::size_t f, int s, std::uintptr_t in, std::uintptr_t out, std::size_t blocks,
                 std::size_t block_rows, std::size_t cols, double scale, std::uintptr_t mask,
                 std::size_t mask_stride, int order) {
  if (f >= rows_count) throw py::value_error("unknown row function");
  check_storage(s);
  const std::size_t width = (s == f32) ? 4 : (s == f64) ? 8 : 2;
  int status = QUAKE_OK;
  {
    py::gil_scoped_release unlocked;
    const std::size_t step = block_rows * cols * width;
    for (std::size_t b = 0; b < blocks && status == QUAKE_OK; ++b)
      status = rows_table[f].masked[s](address(in + b * step), mutable_address(out + b * step),
                                       block_rows, cols, scale, address(mask), mask_stride, order);
  }
  check(status);
}

// ---- the fast path: C-contiguous NumPy arrays ------------------------------------------------
// quake/__init__.py calls these first; they return None for anything but the common case (an
// aligned C-contiguous float32/float64/float16 array in native byte order, an int order in
// 1..5, no out or an out of the same shape and dtype, contiguous, writable and not partly
// overlapping x), which then takes the Python path with its checks and messages. The same C API
// call either way, so the same bits.

constexpr int ready_flags =
    py::detail::npy_api::NPY_ARRAY_C_CONTIGUOUS_ | py::detail::npy_api::NPY_ARRAY_ALIGNED_;

int numpy_storage(const py::array& a) {
  if ((a.flags() & ready_flags) != ready_flags) return -1;
  const py::dtype d = a.dtype();
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  constexpr char swapped = '<';
#else
  constexpr char swapped = '>';
#endif
  if (d.byteorder() == swapped) return -1;  // '=' native, '|' not applicable
  switch (d.num()) {
    case py::detail::npy_api::NPY_FLOAT_:
      return f32;
    case py::detail::npy_api::NPY_DOUBLE_:
      return f64;
    case 23:  // NPY_HALF, which pybind11 2.10 does not name
      return f16;
    default:
      return -1;
  }
}

// A plain ndarray: subclasses (np.matrix, masked arrays) take the Python path.
bool exact_array(py::handle x) {
  return Py_TYPE(x.ptr()) == py::detail::npy_api::get().PyArray_Type_;
}

int small_order(py::handle order) {
  if (!PyLong_CheckExact(order.ptr())) return -1;
  const long o = PyLong_AsLong(order.ptr());
  return (o >= 1 && o <= QUAKE_MAX_ORDER) ? static_cast<int>(o) : -1;
}

// The array to write: a new one like `a`, or `out` when it qualifies; a null handle when not.
py::object destination(const py::array& a, py::handle out) {
  if (out.is_none())
    return py::array(a.dtype(), std::vector<py::ssize_t>(a.shape(), a.shape() + a.ndim()));
  if (!py::isinstance<py::array>(out)) return py::object();
  const auto o = py::reinterpret_borrow<py::array>(out);
  if (numpy_storage(o) != numpy_storage(a) || !o.writeable() || o.ndim() != a.ndim() ||
      !std::equal(a.shape(), a.shape() + a.ndim(), o.shape()))
    return py::object();
  const auto pa = reinterpret_cast<std::uintptr_t>(a.data());
  const auto po = reinterpret_cast<std::uintptr_t>(o.data());
  const auto bytes = static_cast<std::uintptr_t>(a.nbytes());
  if (pa != po && pa < po + bytes && po < pa + bytes) return py::object();
  return o;
}

// The fast path's common part: x qualifies (with at least min_ndim dimensions), its result goes
// to destination(), and call(storage, in, out, x) runs the C function without the GIL.
template <class Call>
py::object fast(py::handle x, py::handle order, py::handle out, py::ssize_t min_ndim, Call&& call) {
  if (!exact_array(x)) return py::none();
  const auto a = py::reinterpret_borrow<py::array>(x);
  const int s = numpy_storage(a), o = small_order(order);
  if (s < 0 || o < 0 || a.ndim() < min_ndim) return py::none();
  py::object dst = destination(a, out);
  if (!dst) return py::none();
  auto d = py::reinterpret_borrow<py::array>(dst);
  const void* in = a.data();
  void* to = d.mutable_data();
  int status;
  {
    py::gil_scoped_release unlocked;
    status = call(s, in, to, a, o);
  }
  check(status);
  return dst;
}

py::object fast_elementwise(std::size_t f, py::handle x, py::handle order, py::handle out) {
  if (f >= elementwise_count) return py::none();
  return fast(x, order, out, 0, [f](int s, const void* in, void* to, const py::array& a, int o) {
    return elementwise_table[f].fn[s](in, to, static_cast<std::size_t>(a.size()), o);
  });
}

py::object fast_rows(std::size_t f, py::handle x, py::handle order, py::handle out) {
  if (f >= rows_count) return py::none();
  return fast(x, order, out, 1, [f](int s, const void* in, void* to, const py::array& a, int o) {
    const auto cols = static_cast<std::size_t>(a.shape(a.ndim() - 1));
    const std::size_t rows = cols == 0 ? 0 : static_cast<std::size_t>(a.size()) / cols;
    return rows_table[f].fn[s](in, to, rows, cols, o);
  });
}

// ---- the registry's references, for the tests ------------------------------------------------
// In long double (NumPy's longdouble): the reference the C++ tests check every bound against.

using ref_array = py::array_t<long double>;
using in_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

ref_array reference(std::size_t f, const in_array& x) {
  if (f >= elementwise_count) throw py::value_error("unknown element-wise function");
  ref_array y(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
  const double* in = x.data();
  long double* out = y.mutable_data();
  std::size_t i = 0;
  quake::registry::for_each<quake::registry::elementwise>([&](auto t) {
    using F = typename decltype(t)::type;
    if (i++ != f) return;
    for (py::ssize_t k = 0; k < x.size(); ++k)
      out[k] = F::reference(static_cast<long double>(in[k]));
  });
  return y;
}

// Rows of the last dimension; a NaN row (the nan_row rule) gives NaN throughout.
ref_array row_reference(std::size_t f, const in_array& x) {
  if (f >= rows_count) throw py::value_error("unknown row function");
  if (x.ndim() == 0) throw py::value_error("rows need a dimension");
  ref_array y(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
  const auto cols = static_cast<std::size_t>(x.shape(x.ndim() - 1));
  const std::size_t rows = cols == 0 ? 0 : static_cast<std::size_t>(x.size()) / cols;
  std::size_t i = 0;
  quake::registry::for_each<quake::registry::row_functions>([&](auto t) {
    using F = typename decltype(t)::type;
    if (i++ != f) return;
    for (std::size_t r = 0; r < rows; ++r) {
      const double* in = x.data() + r * cols;
      long double* out = y.mutable_data() + r * cols;
      if (F::nan_row(in, cols))
        std::fill(out, out + cols, std::numeric_limits<long double>::quiet_NaN());
      else
        F::template reference<long double>(in, out, cols);
    }
  });
  return y;
}

std::vector<std::string> names(bool row_functions) {
  std::vector<std::string> v;
  if (row_functions)
    for (const auto& e : rows_table) v.emplace_back(e.name);
  else
    for (const auto& e : elementwise_table) v.emplace_back(e.name);
  return v;
}

template <class F, class T>
std::vector<double> bounds_of() {
  std::vector<double> b;
  quake::registry::for_each_order(
      [&](auto order) { b.push_back(quake::bound<F, decltype(order)::value, T>); });
  return b;
}

template <class F>
std::string measure_of() {
  if constexpr (F::rows) {
    // softmax: relative to |y|; log_softmax: to max(1, |y|) (<quake/softmax.hpp>).
    return F::name == std::string("softmax") ? "relative" : "max_1_abs";
  } else {
    return F::error == quake::measure::relative ? "relative" : "per_abs_x";
  }
}

// Every registry entry's facts, in the list's order: its bound at every order for float and
// double, how the bound is measured, its formula and summary, and the interval its tests sample.
py::list registry_facts() {
  py::list all;
  quake::registry::for_each([&](auto t) {
    using F = typename decltype(t)::type;
    py::dict d;
    d["name"] = F::name;
    d["rows"] = F::rows;
    d["measure"] = measure_of<F>();
    d["bound_text"] = F::bound_text;
    d["summary"] = F::summary;
    d["sample"] = py::make_tuple(F::sample_lo, F::sample_hi);
    d["float32"] = bounds_of<F, float>();
    d["float64"] = bounds_of<F, double>();
    all.append(d);
  });
  return all;
}

}  // namespace

PYBIND11_MODULE(_quake, m) {
  m.doc() =
      "quake's compiled half: the C API of quake::dispatch on raw addresses (internal; use "
      "the functions of the quake package)";
  m.attr("max_order") = QUAKE_MAX_ORDER;
  m.attr("version") = quake_version();
  m.def("arch", &quake_arch, "The kernel set quake::dispatch runs.");
  m.def("names", &names, py::arg("rows"));
  m.def("elementwise", &elementwise, py::arg("function"), py::arg("storage"), py::arg("src"),
        py::arg("dst"), py::arg("n"), py::arg("order"));
  m.def("rows", &rows, py::arg("function"), py::arg("storage"), py::arg("src"), py::arg("dst"),
        py::arg("rows"), py::arg("cols"), py::arg("order"));
  m.def("rows_masked", &rows_masked, py::arg("function"), py::arg("storage"), py::arg("src"),
        py::arg("dst"), py::arg("blocks"), py::arg("block_rows"), py::arg("cols"), py::arg("scale"),
        py::arg("mask"), py::arg("mask_stride"), py::arg("order"));
  m.def("fast_elementwise", &fast_elementwise, py::arg("function"), py::arg("x"), py::arg("order"),
        py::arg("out"));
  m.def("fast_rows", &fast_rows, py::arg("function"), py::arg("x"), py::arg("order"),
        py::arg("out"));
  m.def("reference", &reference, py::arg("function"), py::arg("x"));
  m.def("row_reference", &row_reference, py::arg("function"), py::arg("x"));
  m.def("registry", &registry_facts);
}
