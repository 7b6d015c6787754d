#pragma once
// What `--json` prints for the builder's create and sign results. The results
// are plain structs owned by their modules; the JSON shape is the command
// line's contract with release pipelines, so it is kept with the commands.
#include <nlohmann/json_fwd.hpp>

namespace airlock::builder {

struct CreateResult;
struct SignResult;

nlohmann::json to_json(const CreateResult& result);
nlohmann::json to_json(const SignResult& result);

} // namespace airlock::builder
