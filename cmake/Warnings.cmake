# Per-target warnings; AIRLOCK_WERROR turns them into errors (CI sets it).
option(AIRLOCK_WERROR "Treat warnings as errors" ON)

function(airlock_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
        -Wcast-align -Woverloaded-virtual
        -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
    if(AIRLOCK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
