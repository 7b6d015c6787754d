#pragma once
// Private. Turns a schema document into Nodes the way santhosh's compiler
// does: resources and anchors collected per draft, the document checked
// against its metaschema, then every subschema reachable from the root
// compiled once, references resolved to nodes.
#include "common/jsonschema/detail/node.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace airlock::jsonschema::detail {

// Why a document is not a usable schema.
struct CompileFailure {
    std::string message; // santhosh's text (several lines for a metaschema failure)
    std::string line;    // the same on one line
};

// Throws CompileFailure.
std::shared_ptr<Compiled> compile_document(const nlohmann::json& document, const Options& options);

} // namespace airlock::jsonschema::detail
