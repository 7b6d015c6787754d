#include "builder/helm/values_file.hpp"

#include "builder/helm/go_strings.hpp"
#include "builder/helm/go_yaml_read.hpp"
#include "common/core/error.hpp"

#include <string>
#include <vector>

namespace airlock::helm {

using gotemplate::Kind;
using gotemplate::Map;
using gotemplate::Value;

namespace {

// k8s.io/apimachinery's YAMLReader over a LineReader: lines lose "\n" or
// "\r\n" and get "\n" back; a line starting with "---" ends a document and
// may be followed only by blanks or a comment.
// Whether a line of `text` starts with "---".
bool has_separator_line(std::string_view text) {
    if (text.substr(0, 3) == "---") {
        return true;
    }
    for (std::size_t nl = text.find('\n'); nl != std::string_view::npos;
         nl = text.find('\n', nl + 1)) {
        if (text.substr(nl + 1, 3) == "---") {
            return true;
        }
    }
    return false;
}

std::vector<std::string> split_yaml_documents(std::string_view text,
                                              std::string_view error_prefix) {
    std::vector<std::string> documents;
    if (text.empty()) {
        return documents;
    }
    if (text.find('\r') == std::string_view::npos && !has_separator_line(text)) {
        // One document, lines as they are (the reader ends the last one).
        std::string document(text);
        if (document.back() != '\n') {
            document += '\n';
        }
        documents.push_back(std::move(document));
        return documents;
    }
    std::string buffer;
    std::size_t pos = 0;
    while (true) {
        if (pos >= text.size()) {
            // The reader's last line is "\n" with io.EOF: never added.
            if (!buffer.empty()) {
                documents.push_back(std::move(buffer));
            }
            return documents;
        }
        const std::size_t nl = text.find('\n', pos);
        std::string line;
        if (nl == std::string_view::npos) {
            line = std::string(text.substr(pos));
            pos = text.size();
        } else {
            std::size_t end = nl;
            if (end > pos && text[end - 1] == '\r') {
                --end;
            }
            line = std::string(text.substr(pos, end - pos));
            pos = nl + 1;
        }
        line += '\n';
        if (line.compare(0, 3, "---") == 0) {
            const std::string trimmed = go_trim_space(std::string_view(line).substr(3));
            if (!trimmed.empty() && trimmed[0] != '#') {
                fail(ErrorCode::spec, std::string(error_prefix) +
                                          "error reading yaml document: invalid Yaml document "
                                          "separator: " +
                                          trimmed);
            }
            if (!buffer.empty()) {
                documents.push_back(std::move(buffer));
                buffer.clear();
            }
            continue;
        }
        buffer += line;
    }
}

} // namespace

Value merge_maps(const Value& a, const Value& b) {
    Map out;
    if (a.kind() == Kind::map) {
        out = a.as_map();
    }
    if (b.kind() == Kind::map) {
        for (const auto& [key, value] : b.as_map()) {
            if (value.kind() == Kind::map) {
                if (auto it = out.find(key); it != out.end() && it->second.kind() == Kind::map) {
                    it->second = merge_maps(it->second, value);
                    continue;
                }
            }
            out.insert_or_assign(key, value);
        }
    }
    return Value::map(std::move(out));
}

Value load_values(std::string_view text, std::string_view error_prefix) {
    Value values = Value::map(Map{});
    for (const std::string& document : split_yaml_documents(text, error_prefix)) {
        YamlDecoded decoded = yaml_unmarshal(document, JsonTarget::map);
        if (!decoded.error.empty()) {
            fail(ErrorCode::spec,
                 std::string(error_prefix) + "cannot unmarshal yaml document: " + decoded.error);
        }
        values = merge_maps(values, decoded.value);
    }
    return values;
}

} // namespace airlock::helm
