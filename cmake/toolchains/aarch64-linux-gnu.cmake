# Cross build for 64-bit ARM (AArch64, NEON with FMA) with Debian's g++-aarch64-linux-gnu; ctest
# runs the tests under qemu-user (Debian's qemu-user), so `ctest` works as on a native build.
#   cmake --workflow --preset test-aarch64
# (Copying it into another project: take debian-cross.cmake beside it too.)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(QUAKE_CROSS_TRIPLE aarch64-linux-gnu)
set(QUAKE_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
