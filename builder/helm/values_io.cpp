#include "builder/helm/values_io.hpp"

#include "builder/helm/go_yaml_read.hpp"
#include "builder/helm/go_yaml_write.hpp"
#include "builder/helm/values_file.hpp"
#include "common/core/error.hpp"

namespace airlock::helm {

gotemplate::Value read_values(std::string_view text, const std::string& what) {
    return load_values(text, what + ": ");
}

gotemplate::Value read_yaml_document(std::string_view text, const std::string& what) {
    YamlDecoded decoded = yaml_unmarshal(text, JsonTarget::any);
    if (!decoded.error.empty()) {
        fail(ErrorCode::spec, what + ": " + decoded.error);
    }
    return decoded.value;
}

std::string to_yaml(const gotemplate::Value& v) {
    std::string out = yaml_marshal(v);
    if (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

} // namespace airlock::helm
