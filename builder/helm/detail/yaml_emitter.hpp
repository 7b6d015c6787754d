#pragma once
// Private to builder/helm: libyaml's emitter as go-yaml v2 and v3 run it,
// for the documents the data functions write (block collections, empty
// collections in flow style, scalars in the style the encoder asks for). The
// encoders decide what a value looks like (go_yaml_write.cpp); this decides
// how it is laid out: indentation, line folding at the best width, and when
// a requested style is not possible (a plain scalar that would not read back
// becomes single-quoted, and so on).
#include <cstdint>
#include <string>
#include <vector>

namespace airlock::helm::detail {

enum class ScalarStyle : std::uint8_t { plain, single_quoted, double_quoted, literal };

struct EmitNode {
    enum class Kind : std::uint8_t { scalar, sequence, mapping };
    Kind kind = Kind::scalar;
    ScalarStyle style = ScalarStyle::plain; // the style asked for
    std::string text;                       // a scalar's value
    std::string tag;                        // "!!binary", or empty (implicit)
    std::vector<EmitNode> items;            // items, or keys and values in turn

    static EmitNode scalar(std::string text, ScalarStyle style) {
        EmitNode n;
        n.text = std::move(text);
        n.style = style;
        return n;
    }
    static EmitNode of(Kind kind) {
        EmitNode n;
        n.kind = kind;
        return n;
    }
};

struct EmitterOptions {
    // go-yaml v3 indents a sequence under a mapping key, treats tabs as
    // allowed in literal blocks, and (as Helm's toYamlPretty makes it)
    // never folds long lines.
    bool v3 = false;
};

// One implicit document ("---" is not written), ending in a line break.
std::string emit_yaml_document(const EmitNode& root, const EmitterOptions& options);

} // namespace airlock::helm::detail
