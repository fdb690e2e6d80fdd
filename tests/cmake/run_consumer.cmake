# ctest driver for one consumer test:
#   cmake -DKIND=<dir> -DQUAKE_SOURCE_DIR=... -DWORK=... [-DNO_XTL=ON] [-DCONSUMER_CXX=...]
#         -P run_consumer.cmake
# For header_only_install, quake is configured with its defaults and installed without a build.
# For find_package*, quake is first configured (tests and benchmarks off; quake::dispatch only
# for find_package_dispatch, as a Debug build), built and installed into a temporary prefix. The
# consumer is then configured, built and run, and must not contain any of quake's own test or
# benchmark targets.
cmake_minimum_required(VERSION 3.25)
foreach(v KIND QUAKE_SOURCE_DIR WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_consumer.cmake: ${v} not set")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(extra "")
set(no_xtl "")
if(NO_XTL)
  # Prove the workaround for Debian's xsimd 8.1, whose package links a target `xtl` it does not
  # define: with xtl's own package hidden, quake must still provide the target.
  set(no_xtl "-DCMAKE_DISABLE_FIND_PACKAGE_xtl=TRUE")
endif()
if(KIND STREQUAL "header_only_install")
  # docs/usage.md's header-only install, as written: configure with the defaults, install, no
  # build.
  run(${CMAKE_COMMAND} -S "${QUAKE_SOURCE_DIR}" -B "${WORK}/quake-build")
  run(${CMAKE_COMMAND} --install "${WORK}/quake-build" --prefix "${WORK}/prefix")
  set(extra "-DCMAKE_PREFIX_PATH=${WORK}/prefix")
  file(GLOB_RECURSE pcs "${WORK}/prefix/*.pc")
  if(NOT pcs MATCHES "/quake\\.pc" OR pcs MATCHES "quake-dispatch\\.pc")
    message(FATAL_ERROR "a header-only install has quake.pc and no quake-dispatch.pc: ${pcs}")
  endif()
elseif(KIND MATCHES "^find_package")
  # quake::dispatch as a Debug build, the one its optimised presets never make: it must build,
  # install and be found, and its kernel sets must still share no symbol
  # (tests/cmake/dispatch_symbols.cmake). On x86-64, two of the sets: the kernel sets compile
  # optimised in every configuration (src/dispatch/CMakeLists.txt), so each is the same code as
  # the suite's own build of it, and the third would add about 45 s of compiling to the test
  # stage and nothing to check.
  if(KIND STREQUAL "find_package_dispatch")
    # A list (its semicolon would split run()'s arguments), so through an initial cache file.
    file(WRITE "${WORK}/sets.cmake" "set(QUAKE_DISPATCH_SETS \"sse2;avx2\" CACHE STRING \"\")\n")
    set(dispatch -DQUAKE_BUILD_DISPATCH=ON -DCMAKE_BUILD_TYPE=Debug -C "${WORK}/sets.cmake")
  else()
    set(dispatch -DQUAKE_BUILD_DISPATCH=OFF -DCMAKE_BUILD_TYPE=Release)
  endif()
  run(${CMAKE_COMMAND} -S "${QUAKE_SOURCE_DIR}" -B "${WORK}/quake-build" -DQUAKE_BUILD_TESTS=OFF
      -DQUAKE_BUILD_BENCHMARKS=OFF ${dispatch} ${no_xtl})
  run(${CMAKE_COMMAND} --build "${WORK}/quake-build")
  if(KIND STREQUAL "find_package_dispatch")
    file(GLOB sets "${WORK}/quake-build/src/dispatch/CMakeFiles/quake_dispatch_*.dir/kernels.cpp.o")
    list(LENGTH sets count)
    if(count LESS 1)
      message(FATAL_ERROR "no kernel set objects under ${WORK}/quake-build/src/dispatch")
    endif()
    find_program(NM nm REQUIRED)
    list(JOIN sets "|" objects)
    run(${CMAKE_COMMAND} -DNM=${NM} "-DOBJECTS=${objects}" -P
        "${QUAKE_SOURCE_DIR}/tests/cmake/dispatch_symbols.cmake")
    message(STATUS "Debug build: ${last_output}")
  endif()
  run(${CMAKE_COMMAND} --install "${WORK}/quake-build" --prefix "${WORK}/prefix")
  set(extra "-DCMAKE_PREFIX_PATH=${WORK}/prefix")
  if(NOT EXISTS "${WORK}/prefix/share/cmake/quake/quakeConfigVersion.cmake")
    message(FATAL_ERROR "install did not produce quakeConfigVersion.cmake")
  endif()
endif()
if(CONSUMER_CXX)
  list(APPEND extra "-DCMAKE_CXX_COMPILER=${CONSUMER_CXX}")
endif()
run(${CMAKE_COMMAND} -S "${QUAKE_SOURCE_DIR}/tests/cmake/${KIND}" -B "${WORK}/consumer"
    -DCMAKE_BUILD_TYPE=Release -DQUAKE_SOURCE_DIR=${QUAKE_SOURCE_DIR} ${extra} ${no_xtl})
run(${CMAKE_COMMAND} --build "${WORK}/consumer")
run(${CMAKE_COMMAND} --build "${WORK}/consumer" --target help)
if(last_output MATCHES "exp_test|quake_tests|quake_bench")
  message(FATAL_ERROR "quake's tests or benchmarks leaked into the consumer build:\n${last_output}")
endif()
run("${WORK}/consumer/consumer")
message(STATUS "${last_output}")

# With the library: a C99 program on the C API, built with gcc through pkg-config alone
# (quake-dispatch.pc; shared and --static link lines), and quake.pc for the headers.
if(KIND STREQUAL "find_package_dispatch")
  find_program(PKG_CONFIG pkg-config REQUIRED)
  find_program(CC gcc REQUIRED)
  file(GLOB_RECURSE pcs "${WORK}/prefix/*.pc")
  set(pc_path "")
  foreach(pc IN LISTS pcs)
    get_filename_component(dir "${pc}" DIRECTORY)
    list(APPEND pc_path "${dir}")
  endforeach()
  list(REMOVE_DUPLICATES pc_path)
  list(JOIN pc_path ":" pc_path)
  set(ENV{PKG_CONFIG_PATH} "${pc_path}")
  function(pkg out)
    run(${PKG_CONFIG} ${ARGN})
    string(STRIP "${last_output}" v)
    separate_arguments(v UNIX_COMMAND "${v}")
    set(${out} "${v}" PARENT_SCOPE)
  endfunction()
  pkg(version --modversion quake-dispatch)
  pkg(header_version --modversion quake)
  file(STRINGS "${QUAKE_SOURCE_DIR}/include/quake/version.h" want REGEX "QUAKE_VERSION_STRING")
  if(NOT want MATCHES "\"${version}\"" OR NOT header_version STREQUAL version)
    message(FATAL_ERROR "pkg-config says ${version} and ${header_version}; version.h: ${want}")
  endif()
  pkg(quake_cflags --cflags quake)
  if(NOT quake_cflags MATCHES "-I${WORK}/prefix/[^;]*include")
    message(FATAL_ERROR "quake.pc's Cflags lack the prefix's include directory: ${quake_cflags}")
  endif()
  pkg(cflags --cflags quake-dispatch)
  foreach(link shared static)
    if(link STREQUAL "static")
      pkg(libs --libs --static quake-dispatch)
    else()
      pkg(libs --libs quake-dispatch)
    endif()
    run(${CC} -std=c99 -Wall -Wextra -Werror -pedantic ${cflags}
        "${QUAKE_SOURCE_DIR}/tests/c_api_c99.c" -o "${WORK}/c_consumer_${link}" ${libs})
    run("${WORK}/c_consumer_${link}")
    message(STATUS "pkg-config (${link} link line): ${last_output}")
  endforeach()
endif()
