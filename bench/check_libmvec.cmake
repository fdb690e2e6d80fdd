# Fails unless the libmvec peer's object calls glibc's vector expf (_ZGV<isa>N<lanes>v_expf):
# without -ffast-math and `#pragma omp simd`, GCC silently falls back to scalar expf calls.
#   cmake -DNM=nm -DOBJECTS=a.o;b.o -P check_libmvec.cmake
execute_process(
  COMMAND ${NM} -u ${OBJECTS}
  OUTPUT_VARIABLE _symbols
  RESULT_VARIABLE _rc)
string(REGEX MATCHALL "_ZGV[a-z]N[0-9]+v_expf" _vector_calls "${_symbols}")
if(NOT _rc EQUAL 0 OR NOT _vector_calls)
  message(FATAL_ERROR "libmvec peer: ${OBJECTS} calls no _ZGV*_expf; undefined symbols:\n${_symbols}")
endif()
list(REMOVE_DUPLICATES _vector_calls)
message(STATUS "libmvec peer calls ${_vector_calls}")
