# ctest driver: no symbol is defined by the objects of two kernel sets of quake::dispatch.
#   cmake -DNM=<nm> -DOBJECTS="<set1.o>|<set2.o>|..." -P dispatch_symbols.cmake
# Each set compiles quake's inline functions with its own instructions under its own namespace
# (src/dispatch/kernels.cpp); a name two sets share would be merged by the linker, and one set
# could then run another's instructions.
cmake_minimum_required(VERSION 3.25)
string(REPLACE "|" ";" objects "${OBJECTS}")
list(REMOVE_ITEM objects "")
list(LENGTH objects count)
set(seen "")
set(clashes "")
foreach(object IN LISTS objects)
  execute_process(COMMAND ${NM} -g --defined-only --format=posix "${object}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} ${object} failed: ${err}")
  endif()
  string(REPLACE "\n" ";" lines "${out}")
  set(names "")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "^[^ ]+" name "${line}")
    # What is the same in every object, whatever its instructions: the personality routine's
    # reference, clang's __clang_call_terminate (two calls: __cxa_begin_catch, std::terminate)
    # and type information (_ZTI, _ZTS: clang's -fsanitize=function emits it for the function
    # types the kernels use).
    if(name AND NOT name MATCHES "^(DW\\.ref\\.__gxx_personality_v0|__clang_call_terminate|_ZT[IS].*)$")
      list(APPEND names "${name}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES names)
  foreach(name IN LISTS names)
    if(name IN_LIST seen)
      list(APPEND clashes "${name}")
    endif()
  endforeach()
  list(APPEND seen ${names})
endforeach()
if(clashes)
  list(JOIN clashes "\n  " text)
  message(FATAL_ERROR "symbols defined by more than one kernel set:\n  ${text}")
endif()
list(LENGTH seen symbols)
message(STATUS "${count} kernel sets, ${symbols} symbols, none shared")
