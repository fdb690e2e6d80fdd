# ctest driver for one consumer test:
#   cmake -DKIND=<dir> -DQUAKE_SOURCE_DIR=... -DWORK=... [-DNO_XTL=ON] [-DCONSUMER_CXX=...]
#         -P run_consumer.cmake
# For header_only_install, quake is configured with its defaults and installed without a build.
# For find_package*, quake is first configured (tests and benchmarks off; quake::dispatch only
# for find_package_dispatch), built and installed into a temporary prefix. The consumer is then
# configured, built and run, and must not contain any of quake's own test or benchmark targets.
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
elseif(KIND MATCHES "^find_package")
  if(KIND STREQUAL "find_package_dispatch")
    set(dispatch -DQUAKE_BUILD_DISPATCH=ON)
  else()
    set(dispatch -DQUAKE_BUILD_DISPATCH=OFF)
  endif()
  run(${CMAKE_COMMAND} -S "${QUAKE_SOURCE_DIR}" -B "${WORK}/quake-build" -DCMAKE_BUILD_TYPE=Release
      -DQUAKE_BUILD_TESTS=OFF -DQUAKE_BUILD_BENCHMARKS=OFF ${dispatch} ${no_xtl})
  run(${CMAKE_COMMAND} --build "${WORK}/quake-build")
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
