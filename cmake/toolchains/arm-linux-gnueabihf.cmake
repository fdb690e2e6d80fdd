# Cross build for 32-bit ARM (armv7-a, hard float) with Debian's g++-arm-linux-gnueabihf; ctest
# runs the tests under qemu-user (Debian's qemu-user), so `ctest` works as on a native build.
#   cmake --workflow --preset test-armv7
# (Copying it into another project: take debian-cross.cmake beside it too.)
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(QUAKE_CROSS_TRIPLE arm-linux-gnueabihf)
set(QUAKE_CROSS_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)

# The FPU (and so NEON or not) is chosen per build by QUAKE_ARCH_FLAGS in the presets:
#   -march=armv7-a -mfpu=neon-vfpv4 -mfloat-abi=hard   NEON with fused multiply-add
#   -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard    VFP only: quake's scalar path
