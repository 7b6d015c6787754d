#pragma once
// The functions a chart's templates can call: sprig, Helm's data-format
// functions, and the engine's own (include, tpl, required, fail, lookup,
// getHostByName), bound to one render.
#include "common/gotemplate/function.hpp"

#include <map>
#include <string>
#include <string_view>

namespace airlock::helm {

// required and fail wrap their message in these, so that the engine can
// report it as Helm does ("execution error at (...): message").
inline constexpr std::string_view helm_error_start = "HELM_ERR_START";
inline constexpr std::string_view helm_error_end = "HELM_ERR_END";

// What include counts during one render (Helm stops a name nested more than
// 1000 deep).
struct EngineState {
    std::map<std::string, int, std::less<>> included;
};

gotemplate::FunctionTable template_functions(EngineState& state);

// Sprig and the data-format functions (toYaml, fromJson, ...): what does not
// depend on the render.
void register_library_functions(gotemplate::FunctionTable& table);

} // namespace airlock::helm
