// The one driver of quake's array functions and row passes: vectors of a compute type T on an
// xsimd architecture A -- xsimd::batch<T, A> where A has registers for T, else T itself, a vector
// of one lane (as Highway's Vec1 target) -- read from and written to any storage type S. Every
// loop over an array is written once, over these vectors, for SIMD and scalar builds alike.
#pragma once

#include <cstddef>
#include <cstring>
#include <quake/config.hpp>
#include <quake/detail/simd_ops.hpp>
#include <quake/detail/storage.hpp>
#include <type_traits>

namespace quake::detail {

/// True when architecture A runs T on SIMD registers (else vectors of T have one lane).
template <class T, class A>
inline constexpr bool simd_for = compat::has_register<T, A>::value;

/// Vectors of T on architecture A: the type V, its lanes, loads and stores of any storage type S
/// whose compute type is T (16-bit types converted on load, rounded once on store).
template <class T, class A, bool = simd_for<T, A>>
struct lanes {
  using V = xsimd::batch<T, A>;
  static constexpr std::size_t size = V::size;
  static constexpr std::size_t alignment = A::alignment();

  template <class S>
  static V load(const S* p) noexcept {
    return storage<S>::template load<A>(p);
  }
  template <class S>
  static void store(S* p, const V& v) noexcept {
    storage<S>::template store<A>(p, v);
  }
  /// Whether store2 stores two vectors of S faster than two stores do.
  template <class S>
  static constexpr bool pair_store = storage<S>::template pair_store<A>;
  /// store(p, a), then store(p + size, b).
  template <class S>
  static void store2(S* p, const V& a, const V& b) noexcept {
    if constexpr (pair_store<S>) {
      storage<S>::template store2<A>(p, a, b);
    } else {
      store(p, a);
      store(p + size, b);
    }
  }
  /// `count` (< size) elements of p, the lanes past them set to `fill`.
  template <class S>
  static V load_tail(const S* p, std::size_t count, S fill) noexcept {
    alignas(alignment) S buf[size];
    if constexpr (compat::has_masked_tails<A, sizeof(S), size>()) {
      compat::load_first<A, sizeof(S), size>(buf, p, count, &fill);
    } else {
      for (std::size_t j = 0; j < size; ++j) buf[j] = fill;
      std::memcpy(buf, p, count * sizeof(S));
    }
    return load(buf);
  }
  /// Stores the first `count` (< size) lanes of v.
  template <class S>
  static void store_tail(S* p, std::size_t count, const V& v) noexcept {
    alignas(alignment) S buf[size];
    store(buf, v);
    if constexpr (compat::has_masked_tails<A, sizeof(S), size>()) {
      compat::store_first<A, sizeof(S), size>(p, buf, count);
    } else {
      std::memcpy(p, buf, count * sizeof(S));
    }
  }
  /// The lanes of v, in order, to an array of `size` T.
  static void spill(T* p, const V& v) noexcept { v.store_unaligned(p); }
  /// v with the lanes from `count` on set to `fill`: a compare with the lane indices and a blend.
  static V keep_first(const V& v, std::size_t count, T fill) noexcept {
    alignas(alignment) static constexpr T index[] = {0, 1, 2,  3,  4,  5,  6,  7,
                                                     8, 9, 10, 11, 12, 13, 14, 15};
    static_assert(size <= sizeof index / sizeof index[0], "one index per lane");
    return compat::select(V::load_aligned(index) < V(static_cast<T>(count)), v, V(fill));
  }
  /// The sum of v's lanes by the halving tree (lane j plus lane j + size/2, then size/4, ...),
  /// and their maximum by the same tree of x86 maxima (a > b ? a : b): in registers where the
  /// architecture has the shuffles, else on the spilled lanes.
  static T halving_sum(const V& v) noexcept { return halve<false>(v); }
  static T halving_max(const V& v) noexcept { return halve<true>(v); }

 private:
  template <bool Max>
  static T halve(const V& v) noexcept {
    if constexpr (compat::has_halving<T, A>()) {
      return compat::halving<Max>(v);
    } else {
      T p[size];
      spill(p, v);
      for (std::size_t h = size / 2; h > 0; h /= 2) {
        for (std::size_t j = 0; j < h; ++j) p[j] = Max ? max_b(p[j], p[j + h]) : p[j] + p[j + h];
      }
      return p[0];
    }
  }
};

template <class T, class A>
struct lanes<T, A, false> {  // one lane: the scalar type itself
  using V = T;
  static constexpr std::size_t size = 1;

  template <class S>
  static T load(const S* p) noexcept {
    return storage<S>::to_compute(*p);
  }
  template <class S>
  static void store(S* p, T v) noexcept {
    *p = storage<S>::from_compute(v);
  }
  // A vector of one lane has no partial vectors: the drivers never call these with count > 0.
  template <class S>
  static T load_tail(const S*, std::size_t, S fill) noexcept {
    return storage<S>::to_compute(fill);
  }
  template <class S>
  static void store_tail(S*, std::size_t, T) noexcept {}
  template <class S>
  static constexpr bool pair_store = false;
  template <class S>
  static void store2(S* p, T a, T b) noexcept {
    store(p, a);
    store(p + 1, b);
  }
  static void spill(T* p, T v) noexcept { *p = v; }
  static T keep_first(T v, std::size_t, T) noexcept { return v; }
  static T halving_sum(T v) noexcept { return v; }
  static T halving_max(T v) noexcept { return v; }
};

/// body(i) for each whole vector of W elements, i = 0, W, 2W, ... while i + W <= n; then, where
/// n is not a multiple of W, tail(i, n - i) once.
template <std::size_t W, class Body, class Tail>
inline void for_each_vector(std::size_t n, const Body& body, const Tail& tail) noexcept {
  std::size_t i = 0;
  for (; i + W <= n; i += W) body(i);
  if (i < n) tail(i, n - i);
}

/// out[i] = kernel(in[i]) for i < n, on architecture A, in S's compute type. Any n, any
/// alignment, in == out allowed (other overlaps are not); nothing outside in[0, n) is read and
/// nothing outside out[0, n) is written. The tail is computed through a zero-padded vector with the
/// same kernel, so every element gets the same bits as the scalar kernel gives it.
template <class A, class S, class Kernel>
inline void apply_elementwise(const Kernel& kernel_ref, const S* in, S* out,
                              std::size_t n) noexcept {
  // A copy of the kernel (a lambda of a few scalars): the stores through out, of the intrinsics'
  // may-alias type, could otherwise write the caller's kernel object, and where this loop is not
  // inlined g++ would re-read every captured scalar after each store.
  const Kernel kernel = kernel_ref;
  using L = lanes<compute_t<S>, A>;
  constexpr std::size_t W = L::size;
  std::size_t i = 0;
  // Four independent vectors per iteration hide the latency of the kernel's dependency chain.
  for (; i + 4 * W <= n; i += 4 * W) {
    const auto a = L::load(in + i);
    const auto b = L::load(in + i + W);
    const auto c = L::load(in + i + 2 * W);
    const auto d = L::load(in + i + 3 * W);
    L::store2(out + i, kernel(a), kernel(b));
    L::store2(out + i + 2 * W, kernel(c), kernel(d));
  }
  for_each_vector<W>(
      n - i, [&](std::size_t j) { L::store(out + i + j, kernel(L::load(in + i + j))); },
      [&](std::size_t j, std::size_t count) {
        L::store_tail(out + i + j, count, kernel(L::load_tail(in + i + j, count, S{})));
      });
}

/// out[i] = in[i] rounded to S, for i < n, with the drivers' stores on architecture A: pairs of
/// vectors (store2) while two fit, then one vector, then the tail. For tests and benchmarks.
template <class A, class S>
inline void store_rounded(const compute_t<S>* in, S* out, std::size_t n) noexcept {
  using L = lanes<compute_t<S>, A>;
  constexpr std::size_t W = L::size;
  std::size_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) L::store2(out + i, L::load(in + i), L::load(in + i + W));
  for_each_vector<W>(
      n - i, [&](std::size_t j) { L::store(out + i + j, L::load(in + i + j)); },
      [&](std::size_t j, std::size_t count) {
        L::store_tail(out + i + j, count, L::load_tail(in + i + j, count, compute_t<S>(0)));
      });
}

/// Applies an element-wise kernel to one value (a scalar or a batch). Identity but for scalar
/// floats in builds where simd_flushes_subnormals<float> (32-bit NEON): there the float goes
/// through the SIMD kernel (x in every lane, lane 0 returned), because NEON flushes subnormal
/// operands and results of every float operation to zero and scalar VFP code does not; only the
/// same instructions reproduce those bits. Scalar, batch and array forms thus agree there too.
template <class V, class Kernel>
inline V apply_one(const Kernel& kernel, const V& x) noexcept {
  if constexpr (std::is_same<V, float>::value && simd_flushes_subnormals<float>) {
    using B = xsimd::batch<V, simd_arch>;  // dependent on V: not instantiated elsewhere
    alignas(B::arch_type::alignment()) V each[B::size];
    kernel(B(x)).store_aligned(each);
    return each[0];
  } else {
    return kernel(x);
  }
}

}  // namespace quake::detail
