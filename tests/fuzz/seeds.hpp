// The fuzzer's seed corpus, tests/fuzz/corpus/ (format: fuzz_input.hpp), from the registry: for
// every function's fuzz_id (and each row function's fuzz_id_scaled, and the online softmax
// step's fuzz_id_online), float and double, the 16-bit forms, every order, in place or not,
// small deterministic files with every kind of value tag (raw bits, specials, threshold
// neighbourhoods, moderate values, subnormals, huge values) and lengths around the SIMD widths
// (tails, unaligned starts). A file's bytes never change once
// committed; quake_fuzz_seeds --write adds the missing ones (a new function's), and the unit
// suite checks that every file is there with exactly these bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_input.hpp"

namespace quake_fuzz {
namespace seeds {

using Bytes = std::vector<std::uint8_t>;

inline void append(Bytes& b, const void* p, std::size_t n) {
  const auto* c = static_cast<const std::uint8_t*>(p);
  b.insert(b.end(), c, c + n);
}
/// Little-endian bytes of an unsigned value (every target quake runs on is little-endian; the
/// corpus files are its bytes).
template <class U>
void append_le(Bytes& b, U u, std::size_t n = sizeof(U)) {
  for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

/// Byte 0 (type, order, placement, id field), the two offsets, and the id's extra byte.
inline Bytes header(bool wide, int order, bool in_place, unsigned id) {
  const unsigned field = id < 7 ? id : 7;
  Bytes b = {static_cast<std::uint8_t>((wide ? 1u : 0u) | unsigned(order - 1) << 1 |
                                       (in_place ? 16u : 0u) | field << 5),
             static_cast<std::uint8_t>(order % 16),
             static_cast<std::uint8_t>((order * 3 + (in_place ? 1 : 0)) % 16)};
  if (id >= 7) b.push_back(static_cast<std::uint8_t>(id - 7));
  return b;
}

/// n tagged values (tag % 6 kinds in turn, from `salt`) of float or double.
inline Bytes values(bool is_double, std::size_t n, int salt) {
  Bytes b;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint64_t kk = k, s = static_cast<std::uint64_t>(salt);
    switch ((kk + s) % 6) {
      case 0: {
        b.push_back(0);
        const double v = (static_cast<double>(k) * 7.25 - 40.0) * (k % 2 ? 1 : -1);
        if (is_double) {
          append(b, &v, 8);
        } else {
          const float f = static_cast<float>(v);
          append(b, &f, 4);
        }
        break;
      }
      case 1:
        b.push_back(1);
        b.push_back(static_cast<std::uint8_t>((kk * 5 + s) % 256));
        break;
      case 2:
        b.push_back(2);
        b.push_back(static_cast<std::uint8_t>((kk + s) % 256));
        b.push_back(static_cast<std::uint8_t>(((kk * 37) % 256 + 128) % 256));  // (k*37)%256 - 128
        break;
      case 3: {
        b.push_back(3);
        const auto v = static_cast<std::int16_t>(((kk * 13) % 200 - 100) * 128);
        append_le(b, static_cast<std::uint16_t>(v));
        break;
      }
      case 4:
        b.push_back(4);
        append_le(b, (kk + s) * 0x9E3779B97F4A7C15u, is_double ? 8 : 4);
        break;
      default:
        b.push_back(5);
        append_le(b, (kk + s) * 0xD1B54A32D192ED03u, is_double ? 8 : 4);
        break;
    }
  }
  return b;
}

/// n raw 16-bit patterns: zeros, infinities, NaNs, subnormals, the largest values, and a spread
/// of moderate magnitudes of both signs.
inline Bytes half_values(bool float16, std::size_t n, int salt) {
  static const std::uint16_t f16[] = {0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x7D01,
                                      0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF};
  static const std::uint16_t bf16[] = {0x0000, 0x8000, 0x7F80, 0xFF80, 0x7FC0, 0x7F81,
                                       0x0001, 0x8001, 0x007F, 0x0080, 0x7F7F, 0xFF7F};
  const std::uint16_t* special = float16 ? f16 : bf16;
  const unsigned shift = float16 ? 10 : 7;
  Bytes b;
  for (std::size_t k = 0; k < n; ++k) {
    std::uint64_t u;
    if (k % 3 == 0) {
      u = special[(k / 3 + static_cast<std::size_t>(salt)) % 12];
    } else {
      const std::uint64_t bias = float16 ? 15u << 10 : 127u << 7;
      u = bias - (3u << shift) +
          (static_cast<std::uint64_t>(k) * 2654435761u + static_cast<std::uint64_t>(salt)) %
              (7u << shift);  // 64-bit arithmetic on every target (size_t is 32 bits on armv7)
      if (k % 2) u |= 0x8000;
    }
    append_le(b, static_cast<std::uint16_t>(u & 0xffff));
  }
  return b;
}

/// Every seed, by file name.
inline std::vector<std::pair<std::string, Bytes>> all() {
  struct Id {
    unsigned id;
    bool scaled;
    bool online = false;  // the online softmax step: float and double only
  };
  std::vector<Id> ids;
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    ids.push_back({F::fuzz_id, false});
    if constexpr (F::rows) ids.push_back({F::fuzz_id_scaled, true});
  });
  ids.push_back({quake::fn::softmax::fuzz_id_online, true, true});
  std::vector<std::pair<std::string, Bytes>> out;
  for (bool half : {false, true}) {
    for (const Id& f : ids) {
      if (half && f.online) continue;
      for (bool wide : {false, true}) {  // double, or float16 for the 16-bit forms
        for (int order = 1; order <= quake::max_order; ++order) {
          for (bool in_place : {false, true}) {
            static const std::size_t lengths[] = {0, 1, 7, 17, 33, 70};
            std::size_t n = lengths[(order + 2 * in_place + 3 * wide) % 6];
            Bytes b = header(wide, order, in_place, half ? kHalfIds + f.id : f.id);
            if (f.scaled) {  // a scale byte, then the scores and as many mask values
              b.push_back(static_cast<std::uint8_t>((order + 3 * in_place) % 8));
              n *= 2;
              if (f.online) n += 2;  // the max and the sum before the step
            }
            const Bytes v = half ? half_values(wide, n, order) : values(wide, n, order);
            b.insert(b.end(), v.begin(), v.end());
            const char* type = half ? (wide ? "float16" : "bfloat16") : (wide ? "double" : "float");
            out.push_back({std::string(half ? "half" : "api") + std::to_string(f.id) + "_" + type +
                               "_order" + std::to_string(order) + (in_place ? "_inplace" : "_copy"),
                           std::move(b)});
          }
        }
      }
    }
  }
  return out;
}

}  // namespace seeds
}  // namespace quake_fuzz
