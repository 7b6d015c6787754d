# Per-target warnings; AIRLOCK_WERROR turns them into errors (CI sets it).
option(AIRLOCK_WERROR "Treat warnings as errors" ON)

function(airlock_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
        -Wcast-align -Woverloaded-virtual
        -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
    # GCC 12's -Wrestrict misfires on std::string at -O2 (GCC bug 105329).
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    if(AIRLOCK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
