# Unity builds: several source files compiled as one translation unit, so the
# headers they share (nlohmann/json above all, whose templates are
# instantiated and optimised again in every file that uses them) are compiled
# once per group instead of once per file. This is most of what keeps CI
# within its time budget; the files stay separate in the tree.
#
# Groups are folders: a folder is one module, written together, and the
# group a file joins never changes when files are added elsewhere. Within a
# folder, names in anonymous namespaces must therefore be unique (a clash is a
# compile error, and -Wshadow reports the subtler cases); a constant that two
# files of a module need belongs in the module's header.

# Every source of `target` joins the group of its folder. Folders listed after
# SHARED_GROUP form one group instead: small modules that each instantiate
# nlohmann/json (signed documents: sign, json, license, trust) cost 20 to 50 s
# apiece under the sanitizers when compiled apart, and share the same code.
function(airlock_unity_by_folder target)
    cmake_parse_arguments(PARSE_ARGV 1 unity "" "" "SHARED_GROUP")
    get_target_property(sources ${target} SOURCES)
    get_target_property(source_dir ${target} SOURCE_DIR)
    foreach(source ${sources})
        get_filename_component(folder ${source} DIRECTORY)
        file(RELATIVE_PATH group ${CMAKE_SOURCE_DIR} ${folder})
        if(group IN_LIST unity_SHARED_GROUP)
            list(GET unity_SHARED_GROUP 0 group)
        endif()
        string(MAKE_C_IDENTIFIER "${group}" group)
        set_property(SOURCE ${source} TARGET_DIRECTORY ${target} PROPERTY UNITY_GROUP ${group})
    endforeach()
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
endfunction()

# All of `target`'s sources as one translation unit: for each program's command
# line, where CLI11 2.1 (header-only) costs seconds per file that includes it.
function(airlock_one_translation_unit target)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
endfunction()
