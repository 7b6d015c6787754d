#include "common/jsonschema/detail/metaschemas.hpp"

#include <map>
#include <string>

namespace airlock::jsonschema::detail {

namespace {

// "https://json-schema.org/draft/2020-12/schema" -> "draft/2020-12/schema".
std::string_view meta_path(std::string_view url) {
    for (const std::string_view prefix : {"http://json-schema.org/", "https://json-schema.org/"}) {
        if (url.substr(0, prefix.size()) == prefix) {
            return url.substr(prefix.size());
        }
    }
    return {};
}

} // namespace

const nlohmann::json* metaschema_document(std::string_view url) {
    static const auto documents = [] {
        std::map<std::string, nlohmann::json, std::less<>> docs;
        for (const auto& text : metaschema_texts()) {
            docs.emplace(std::string(meta_path(text.url)), nlohmann::json::parse(text.text));
        }
        return docs;
    }();
    std::string_view path = meta_path(url);
    if (path.empty()) {
        return nullptr;
    }
    if (path == "schema") {
        path = "draft/2020-12/schema";
    }
    const auto it = documents.find(path);
    return it == documents.end() ? nullptr : &it->second;
}

} // namespace airlock::jsonschema::detail
