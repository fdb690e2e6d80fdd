// quake::max_order, the accuracy ladder's highest order: every function has orders
// 1 .. max_order. (Its own header: quake::dispatch's, which includes no SIMD code, needs it too.)
#pragma once

namespace quake {

/// The accuracy ladder's highest order: every function has orders 1 .. max_order.
inline constexpr int max_order = 5;

}  // namespace quake
