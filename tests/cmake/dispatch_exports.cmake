# ctest driver: cmake -DNM=... -DLIBRARY=<shared object> -P dispatch_exports.cmake
# Every dynamic symbol the shared object defines is quake's: a C function quake_*, or a C++
# name in namespace quake (demangled). The linker's own markers (_init, _edata, ...) and a
# sanitiser's aside.
execute_process(COMMAND ${NM} -D --defined-only -C ${LIBRARY} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed: ${err}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(quake 0)
set(foreign "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^[0-9a-fA-F]+ [A-Za-z] (.+)$")
    continue()
  endif()
  set(name "${CMAKE_MATCH_1}")
  if(name MATCHES "^(quake_[a-z0-9_]+|quake::.+)$")
    math(EXPR quake "${quake} + 1")
  elseif(name MATCHES "^(_init|_fini|_edata|_end|__bss_start)$"
         OR name MATCHES "^_*(asan|odr_asan|ubsan|sancov|tsan)")  # a sanitised build's own
  else()
    list(APPEND foreign "${name}")
  endif()
endforeach()
if(foreign)
  list(JOIN foreign "\n  " foreign)
  message(FATAL_ERROR "exported symbols outside quake_* and quake::\n  ${foreign}")
endif()
if(quake LESS 10)
  message(FATAL_ERROR "only ${quake} quake symbols exported: is this the library?")
endif()
message(STATUS "${quake} exported symbols, all quake_* or quake::")
