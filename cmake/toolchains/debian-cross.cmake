# The part of quake's cross toolchain files that does not depend on the target: Debian's
# <triple>-gcc/g++, the target's sysroot under /usr/<triple>, and qemu-user running the tests.
# The including file sets CMAKE_SYSTEM_PROCESSOR, QUAKE_CROSS_TRIPLE and QUAKE_CROSS_QEMU first.
set(CMAKE_SYSTEM_NAME Linux)

set(CMAKE_C_COMPILER ${QUAKE_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${QUAKE_CROSS_TRIPLE}-g++)

# Debian installs the target's C library and runtime under /usr/<triple>.
set(CMAKE_FIND_ROOT_PATH /usr/${QUAKE_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# qemu-user runs each test binary; -L points it at the target's dynamic loader and libraries.
set(CMAKE_CROSSCOMPILING_EMULATOR ${QUAKE_CROSS_QEMU} -L /usr/${QUAKE_CROSS_TRIPLE})

# xsimd is header-only and the same for every target, but the host's copy lives in /usr/include,
# which must not reach the cross compiler's include path (it would shadow the target's C library
# headers). quake stages just the xsimd directory (cmake/quakeDependencies.cmake).
set(QUAKE_XSIMD_HOST_HEADERS /usr/include/xsimd CACHE PATH "Host copy of xsimd's headers")
