#pragma once
// Private. The draft metaschemas, built in (santhosh embeds the same ones;
// nothing is fetched).
#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace airlock::jsonschema::detail {

struct MetaschemaText {
    std::string_view url; // "https://json-schema.org/draft/2020-12/meta/core"
    std::string_view text;
};

// Generated: metaschemas.cpp.
const std::vector<MetaschemaText>& metaschema_texts();

// The parsed document for a json-schema.org URL (http or https, no
// fragment), as santhosh's loader finds it: "…/schema" is the latest draft.
// nullptr for any other URL.
const nlohmann::json* metaschema_document(std::string_view url);

} // namespace airlock::jsonschema::detail
