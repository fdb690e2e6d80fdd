# Fails unless the libmvec peer's object calls glibc's vector expf at the width of the build's
# target: _ZGV<isa>N<lanes>v_expf with isa e (AVX-512, 16 lanes), d (AVX2, 8), c (AVX, 8) or b
# (SSE, 4). Without -ffast-math and `#pragma omp simd` GCC silently falls back to scalar expf
# calls; without the target flags it calls the SSE variant.
#   cmake -DNM=nm -DOBJECTS=a.o;b.o -DEXPECT=_ZGVeN16v_expf -P check_libmvec.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(
  COMMAND ${NM} -u ${OBJECTS}
  OUTPUT_VARIABLE _symbols
  RESULT_VARIABLE _rc)
string(REGEX MATCHALL "_ZGV[a-z]N[0-9]+v_expf" _vector_calls "${_symbols}")
if(NOT _rc EQUAL 0 OR NOT _vector_calls)
  message(FATAL_ERROR "libmvec peer: ${OBJECTS} calls no _ZGV*_expf; undefined symbols:\n${_symbols}")
endif()
list(REMOVE_DUPLICATES _vector_calls)
if(NOT EXPECT IN_LIST _vector_calls)
  message(FATAL_ERROR "libmvec peer: expected a call to ${EXPECT} (the build's SIMD width), "
                      "found ${_vector_calls}")
endif()
message(STATUS "libmvec peer calls ${_vector_calls}")
