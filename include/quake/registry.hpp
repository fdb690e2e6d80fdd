// quake's registry: every public function once, as the list <quake/functions.inc> names them,
// each with its entry quake::fn::<name> -- its bound per order, its edge rules, its reference,
// its properties -- defined in the function's own header.
//
// The tests, the exhaustive checker, the double sweep, the fuzzer, the golden test, the
// benchmarks, quake::dispatch, the C API, the Python module and the generated tables of the
// headers and docs/ all read the registry. docs/contributing.md shows how to add a function.
#pragma once

#include <cstddef>
#include <limits>
#include <quake/bounds.hpp>
#include <tuple>
#include <type_traits>
#include <utility>

#define QUAKE_FUNCTION_HEADERS
#include <quake/functions.inc>
#undef QUAKE_FUNCTION_HEADERS

namespace quake {
namespace registry {

namespace detail {
template <class First, class... Fs>
struct drop_first {
  using type = std::tuple<Fs...>;
};
}  // namespace detail

/// Every public function, once, in the order of <quake/functions.inc>.
using functions = typename detail::drop_first<void
#define QUAKE_ELEMENTWISE(name) , fn::name
#define QUAKE_ROWS(name) , fn::name
#include <quake/functions.inc>
                                              >::type;

/// The element-wise functions and the row functions of the list, each in its order.
template <class List, bool Rows>
struct of_kind;
template <bool Rows, class... Fs>
struct of_kind<std::tuple<Fs...>, Rows> {
  using type = decltype(std::tuple_cat(
      std::declval<std::conditional_t<Fs::rows == Rows, std::tuple<Fs>, std::tuple<>>>()...));
};
using elementwise = typename of_kind<functions, false>::type;
using row_functions = typename of_kind<functions, true>::type;

template <class F>
struct tag {
  using type = F;
};

/// f(tag<F>{}) for every F in the list, in order.
template <class List = functions, class Fn>
constexpr void for_each(Fn&& f) {
  std::apply([&](auto... fs) { (f(tag<decltype(fs)>{}), ...); }, List{});
}

namespace detail {
template <class Fn, std::size_t... I>
constexpr void for_each_order(Fn&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<int, static_cast<int>(I) + 1>{}), ...);
}
}  // namespace detail

/// f(std::integral_constant<int, N>{}) for N = 1 .. quake::max_order.
template <class Fn>
constexpr void for_each_order(Fn&& f) {
  detail::for_each_order(f, std::make_index_sequence<max_order>{});
}

/// f(tag<F>{}, std::integral_constant<int, N>{}) for every element-wise F of the list and every
/// order N.
template <class Fn>
constexpr void for_each_elementwise(Fn&& f) {
  for_each<elementwise>([&](auto t) { for_each_order([&](auto order) { f(t, order); }); });
}

/// The index of the function named `name` in the list, or its size when there is none.
constexpr std::size_t index_of(const char* name) noexcept {
  std::size_t i = 0, found = std::tuple_size<functions>::value;
  for_each([&](auto t) {
    const char* a = decltype(t)::type::name;
    const char* b = name;
    while (*a != '\0' && *a == *b) {
      ++a;
      ++b;
    }
    if (*a == *b && found == std::tuple_size<functions>::value) found = i;
    ++i;
  });
  return found;
}

/// The interval around 0 where none of F's edge rules applies at Order, for T: from the
/// largest finite end of a rule below 0 to the smallest above 0. Where the bound is measured.
template <class F, int Order, class T>
constexpr std::pair<T, T> measured_domain() noexcept {
  constexpr auto edges = F::template edge_rules<Order, T>();
  T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
  for (const auto& e : edges) {
    if (e.hi < 0 && e.hi > lo && e.hi != -std::numeric_limits<T>::infinity()) lo = e.hi;
    if (e.lo > 0 && e.lo < hi && e.lo != std::numeric_limits<T>::infinity()) hi = e.lo;
  }
  return {lo, hi};
}

}  // namespace registry
}  // namespace quake
