# ctest driver: QUAKE_DISPATCH_SETS at configure time (src/dispatch/CMakeLists.txt), x86-64.
#   cmake -DQUAKE_SOURCE_DIR=... -DWORK=... -P dispatch_sets.cmake
# A list must name known sets and hold sse2; a good list is built in the library's order; host
# builds what this machine's CPU probe reports, sse2 first.
cmake_minimum_required(VERSION 3.25)
foreach(v QUAKE_SOURCE_DIR WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "dispatch_sets.cmake: ${v} not set")
  endif()
endforeach()

# Configures quake with QUAKE_DISPATCH_SETS=`value`; `out` gets the output, `rc` the status.
function(configure value out rc)
  file(REMOVE_RECURSE "${WORK}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S "${QUAKE_SOURCE_DIR}" -B "${WORK}" -DQUAKE_BUILD_TESTS=OFF
            -DQUAKE_BUILD_BENCHMARKS=OFF -DQUAKE_BUILD_DISPATCH=ON "-DQUAKE_DISPATCH_SETS=${value}"
    RESULT_VARIABLE r OUTPUT_VARIABLE o ERROR_VARIABLE o)
  set(${out} "${o}" PARENT_SCOPE)
  set(${rc} "${r}" PARENT_SCOPE)
endfunction()

function(expect_error value pattern)
  configure("${value}" out rc)
  if(rc EQUAL 0 OR NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "QUAKE_DISPATCH_SETS=${value}: expected an error matching '${pattern}', "
                        "got (exit ${rc}):\n${out}")
  endif()
endfunction()
expect_error("avx2;avx512" "must hold sse2")
expect_error("sse2;avx3" "no kernel set 'avx3'")

function(expect_sets value want)
  configure("${value}" out rc)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "quake::dispatch kernel sets: ${want}\n")
    message(FATAL_ERROR "QUAKE_DISPATCH_SETS=${value}: expected the sets ${want}, got (exit "
                        "${rc}):\n${out}")
  endif()
endfunction()
expect_sets("avx512;sse2" "sse2;avx512")
expect_sets("all" "sse2;avx2;avx512")
configure("host" out rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "quake::dispatch kernel sets: (sse2(;avx2(;avx512)?)?)\n")
  message(FATAL_ERROR "QUAKE_DISPATCH_SETS=host: expected sse2[;avx2[;avx512]], got:\n${out}")
endif()
message(STATUS "host: ${CMAKE_MATCH_1}")
file(REMOVE_RECURSE "${WORK}")
