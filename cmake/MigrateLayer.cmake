# Heavy standard and third-party headers parsed once per target: the build is CPU-bound on two
# cores, and nlohmann/json and Catch2 dominate each translation unit's parse time.
function(migrate_precompile target)
  if(MIGRATE_PCH)
    target_precompile_headers(${target} PRIVATE
      <string> <string_view> <vector> <map> <unordered_map> <optional> <variant> <memory>
      <functional> <algorithm> <stdexcept> <nlohmann/json.hpp> ${ARGN})
  endif()
endfunction()

# migrate_layer(<layer> DEPENDS <targets...> [PRIVATE_DEPENDS <targets...>])
# One static library per lib/ folder, named migrate_<layer>, aliased migrate::<layer>.
# Sources are globbed so that adding a file to a layer needs no CMake edit.
function(migrate_layer layer)
  cmake_parse_arguments(L "" "" "DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(target migrate_${layer})
  if(NOT srcs)
    # A layer not written yet: a header-only placeholder target keeps the graph whole.
    add_library(${target} INTERFACE)
    add_library(migrate::${layer} ALIAS ${target})
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer})
    target_include_directories(${target} INTERFACE
      $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_link_libraries(${target} INTERFACE ${L_DEPENDS})
    install(TARGETS ${target} EXPORT migrateTargets)
    return()
  endif()
  add_library(${target} STATIC ${srcs})
  add_library(migrate::${layer} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} PUBLIC ${L_DEPENDS} PRIVATE ${L_PRIVATE_DEPENDS} $<BUILD_INTERFACE:migrate_warnings>)
  migrate_precompile(${target})
  install(TARGETS ${target} EXPORT migrateTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()
