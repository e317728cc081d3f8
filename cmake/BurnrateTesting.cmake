# burnrate_add_test(<name> SOURCES <files…> [LIBS <targets…>] [LABEL <label>] [TIMEOUT <s>])
# One Qt Test executable per unit, headless (offscreen), with the test data directory compiled in.
function(burnrate_add_test name)
    cmake_parse_arguments(T "" "LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
    if(NOT T_LABEL)
        set(T_LABEL unit)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    qt_add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE burnrate_flags Qt6::Test ${T_LIBS})
    target_compile_definitions(${name} PRIVATE
        BURNRATE_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
        BURNRATE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        LABELS ${T_LABEL}
        TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;TZ=UTC")
endfunction()
