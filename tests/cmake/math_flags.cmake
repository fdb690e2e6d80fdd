# Compiles a file that includes <quake/quake.hpp> with each compiler flag quake refuses (and one
# it accepts), with the C++ compiler CXX: each refused flag must fail with quake's message naming
# it, the accepted one must compile. Run by ctest (tests/CMakeLists.txt): cmake -DCXX=...
# -DQUAKE_SOURCE_DIR=... -DWORK=... -P math_flags.cmake
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/uses_quake.cpp" "#include <quake/quake.hpp>\nint main() { return 0; }\n")
execute_process(COMMAND ${CXX} --version OUTPUT_VARIABLE _version)
if(_version MATCHES "clang")
  # clang names only these two with a macro.
  set(_refused "-ffast-math|-ffast-math" "-ffinite-math-only|-ffinite-math-only")
else()
  set(_refused "-ffast-math|-ffast-math" "-funsafe-math-optimizations|-fassociative-math"
               "-fassociative-math -fno-signed-zeros -fno-trapping-math|-fassociative-math"
               "-freciprocal-math|-freciprocal-math" "-fno-signed-zeros|-fno-signed-zeros"
               "-ffinite-math-only|-ffinite-math-only")
endif()
set(_failed "")
function(_quake_compile flags out_rc out_log)
  separate_arguments(_flags UNIX_COMMAND "${flags}")
  execute_process(COMMAND ${CXX} -std=c++17 -fsyntax-only -I${QUAKE_SOURCE_DIR}/include ${_flags}
                          "${WORK}/uses_quake.cpp"
                  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  set(${out_rc} "${_rc}" PARENT_SCOPE)
  set(${out_log} "${_out}${_err}" PARENT_SCOPE)
endfunction()
foreach(pair IN LISTS _refused)
  string(REPLACE "|" ";" _pair "${pair}")
  list(GET _pair 0 _flags)
  list(GET _pair 1 _named)
  _quake_compile("${_flags}" _rc _log)
  string(FIND "${_log}" "quake: ${_named}" _at)
  if(_rc EQUAL 0 OR _at EQUAL -1)
    list(APPEND _failed "${_flags} (exit ${_rc}; expected quake's message naming ${_named})")
  else()
    message(STATUS "refused, naming ${_named}: ${_flags}")
  endif()
endforeach()
_quake_compile("-fno-math-errno -fno-trapping-math -ffp-contract=fast" _rc _log)
if(NOT _rc EQUAL 0)
  list(APPEND _failed "-fno-math-errno -fno-trapping-math -ffp-contract=fast must compile:\n${_log}")
endif()
if(_failed)
  string(REPLACE ";" "\n  " _failed "${_failed}")
  message(FATAL_ERROR "math flags:\n  ${_failed}")
endif()
