# Warnings every target of this project compiles with; FK_WERROR makes them errors.
# Not enabled: -Wnull-dereference (GCC 12 reports false positives inside libstdc++ strings inlined from CLI11).
add_library(fk_warnings INTERFACE)
target_compile_options(fk_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(FK_WERROR)
  target_compile_options(fk_warnings INTERFACE -Werror)
endif()

if(FK_SANITIZE)
  message(STATUS "fetch-kaggle: building with -fsanitize=${FK_SANITIZE}")
  add_compile_options(-fsanitize=${FK_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${FK_SANITIZE})
endif()

# Add a static library for one src/ domain folder: headers included as "domain/file.hpp".
function(fk_domain_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE fk_warnings)
endfunction()
