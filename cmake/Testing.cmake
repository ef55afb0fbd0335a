# tunnelsim_add_gtest(NAME SOURCES a_test.cc ... LIBS lib ...)
# Builds one GoogleTest executable and registers each of its tests with CTest.
include(GoogleTest)
function(tunnelsim_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES ENVIRONMENT "TUNNELSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# Adds every immediate subfolder of the current folder that has a CMakeLists.txt, so that a
# new model is one new folder and no shared list has to change.
function(tunnelsim_add_subfolders)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child ${children})
    # TUNNELSIM_SKIP_DIRS lets a developer leave out a folder that is mid-rewrite.
    if(child IN_LIST TUNNELSIM_SKIP_DIRS)
      continue()
    endif()
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${child}
       AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
