# FK_FUZZ: build the libFuzzer targets of tests/fuzz/ (clang only). Every target of the project is
# compiled with the fuzzer's coverage instrumentation and ASan+UBSan, so the fuzzers see into the
# static libraries they link; the normal builds (FK_FUZZ off) are unchanged.
option(FK_FUZZ "Build the libFuzzer targets under tests/fuzz (needs clang)" OFF)

if(FK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FK_FUZZ=ON needs clang (libFuzzer): configure with CC=clang CXX=clang++")
  endif()
  if(FK_SANITIZE)
    message(FATAL_ERROR "FK_FUZZ=ON brings its own sanitizers (address,undefined); leave FK_SANITIZE empty")
  endif()
  message(STATUS "fetch-kaggle: building the libFuzzer targets (-fsanitize=fuzzer-no-link,address,undefined)")
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
