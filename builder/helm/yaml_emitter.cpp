#include "builder/helm/detail/yaml_emitter.hpp"

#include <climits>
#include <string_view>

namespace airlock::helm::detail {

namespace {

constexpr int best_indent = 2;
// libyaml folds plain and quoted scalars at spaces once a line is past this.
constexpr int v2_best_width = 80;
// A simple key ("key: value") is at most this long; longer keys are written
// in the explicit "? key" form.
constexpr std::size_t max_simple_key_length = 128;

// libyaml's character classes work on the UTF-8 bytes at position i; past the
// end of the value they see NUL.
class Bytes {
  public:
    explicit Bytes(std::string_view v) : v_(v) {}
    std::size_t size() const { return v_.size(); }
    unsigned char at(std::size_t i) const {
        return i < v_.size() ? static_cast<unsigned char>(v_[i]) : 0;
    }
    std::size_t width(std::size_t i) const {
        const unsigned char b = at(i);
        if ((b & 0x80) == 0) {
            return 1;
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 3;
        }
        if ((b & 0xF8) == 0xF0) {
            return 4;
        }
        return 1; // not UTF-8: the encoders never pass such text
    }
    bool is_space(std::size_t i) const { return at(i) == ' '; }
    bool is_tab(std::size_t i) const { return at(i) == '\t'; }
    bool is_blank(std::size_t i) const { return is_space(i) || is_tab(i); }
    bool is_break(std::size_t i) const {
        const unsigned char b = at(i);
        return b == '\r' || b == '\n' || (b == 0xC2 && at(i + 1) == 0x85) ||
               (b == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) == 0xA8 || at(i + 2) == 0xA9));
    }
    bool is_blankz(std::size_t i) const { return is_blank(i) || is_break(i) || at(i) == 0; }
    // Printable in YAML's sense: tab and 4-byte characters are not.
    bool is_printable(std::size_t i) const {
        const unsigned char b = at(i);
        const unsigned char b1 = at(i + 1);
        const unsigned char b2 = at(i + 2);
        return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) ||
               (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
               (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) &&
                !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
    }
    // libyaml looks for the byte order mark at the start of the value,
    // whatever position it is asked about.
    bool starts_with_bom() const { return at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF; }
    std::string_view view() const { return v_; }

  private:
    std::string_view v_;
};

struct Analysis {
    bool multiline = false;
    bool flow_plain_allowed = false;
    bool block_plain_allowed = true;
    bool single_quoted_allowed = true;
    bool block_allowed = false;
};

Analysis analyze(std::string_view value, bool v3) {
    Analysis a;
    if (value.empty()) {
        return a;
    }
    const Bytes v(value);
    bool block_indicators = false;
    bool flow_indicators = false;
    bool line_breaks = false;
    bool special_characters = false;
    bool tab_characters = false;
    bool leading_space = false;
    bool leading_break = false;
    bool trailing_space = false;
    bool trailing_break = false;
    bool break_space = false;
    bool space_break = false;
    bool previous_space = false;
    bool previous_break = false;

    if (value.size() >= 3 && (value.substr(0, 3) == "---" || value.substr(0, 3) == "...")) {
        block_indicators = true;
        flow_indicators = true;
    }
    bool preceded_by_whitespace = true;
    for (std::size_t i = 0; i < v.size();) {
        const std::size_t w = v.width(i);
        const bool followed_by_whitespace = i + w >= v.size() || v.is_blank(i + w);
        const unsigned char c = v.at(i);
        if (i == 0) {
            switch (c) {
            case '#':
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`':
                flow_indicators = true;
                block_indicators = true;
                break;
            case '?':
            case ':':
                flow_indicators = true;
                if (followed_by_whitespace) {
                    block_indicators = true;
                }
                break;
            case '-':
                if (followed_by_whitespace) {
                    flow_indicators = true;
                    block_indicators = true;
                }
                break;
            default:
                break;
            }
        } else {
            switch (c) {
            case ',':
            case '?':
            case '[':
            case ']':
            case '{':
            case '}':
                flow_indicators = true;
                break;
            case ':':
                flow_indicators = true;
                if (followed_by_whitespace) {
                    block_indicators = true;
                }
                break;
            case '#':
                if (preceded_by_whitespace) {
                    flow_indicators = true;
                    block_indicators = true;
                }
                break;
            default:
                break;
            }
        }
        if (v3 && c == '\t') {
            tab_characters = true;
        } else if (!v.is_printable(i)) {
            special_characters = true;
        }
        if (v.is_space(i)) {
            if (i == 0) {
                leading_space = true;
            }
            if (i + w == v.size()) {
                trailing_space = true;
            }
            if (previous_break) {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if (v.is_break(i)) {
            line_breaks = true;
            if (i == 0) {
                leading_break = true;
            }
            if (i + w == v.size()) {
                trailing_break = true;
            }
            if (previous_space) {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = v.is_blankz(i);
        i += w;
    }

    a.multiline = line_breaks;
    a.flow_plain_allowed = true;
    a.block_plain_allowed = true;
    a.single_quoted_allowed = true;
    a.block_allowed = true;
    if (leading_space || leading_break || trailing_space || trailing_break) {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if (trailing_space) {
        a.block_allowed = false;
    }
    if (break_space) {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if (space_break || tab_characters || special_characters) {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if (space_break || special_characters) {
        a.block_allowed = false;
    }
    if (line_breaks) {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if (flow_indicators) {
        a.flow_plain_allowed = false;
    }
    if (block_indicators) {
        a.block_plain_allowed = false;
    }
    return a;
}

// What the node being written sits in; go-yaml v3 indents the content of a
// block sequence item by two, everything else to the next indentation step.
enum class Parent : std::uint8_t { document, sequence_item, other };

class Emitter {
  public:
    explicit Emitter(const EmitterOptions& options)
        : v3_(options.v3), best_width_(options.v3 ? INT_MAX : v2_best_width) {}

    std::string run(const EmitNode& root) {
        node(root, Parent::document, false, false);
        write_indent();
        return std::move(out_);
    }

  private:
    // ---- output primitives ----------------------------------------------

    void put(char c) {
        out_ += c;
        ++column_;
    }

    void put_break() {
        out_ += '\n';
        column_ = 0;
        if (v3_) {
            indention_ = true;
        }
    }

    // Copies the character at v[i] and moves past it.
    void write(const Bytes& v, std::size_t& i) {
        const std::size_t w = v.width(i);
        out_.append(v.view().substr(i, w));
        ++column_;
        i += w;
    }

    void write_break(const Bytes& v, std::size_t& i) {
        if (v.at(i) == '\n') {
            put_break();
            ++i;
            return;
        }
        write(v, i);
        column_ = 0;
        if (v3_) {
            indention_ = true;
        }
    }

    void write_indent() {
        const int indent = indent_ < 0 ? 0 : indent_;
        if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) {
            put_break();
        }
        while (column_ < indent) {
            put(' ');
        }
        whitespace_ = true;
        indention_ = true;
    }

    void write_indicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                         bool is_indention) {
        if (need_whitespace && !whitespace_) {
            put(' ');
        }
        const Bytes v(indicator);
        for (std::size_t i = 0; i < v.size();) {
            write(v, i);
        }
        whitespace_ = is_whitespace;
        indention_ = indention_ && is_indention;
    }

    void write_tag(std::string_view tag) {
        // "!!binary": the handle "!!" and the suffix.
        if (!whitespace_) {
            put(' ');
        }
        const Bytes v(tag);
        for (std::size_t i = 0; i < v.size();) {
            write(v, i);
        }
        whitespace_ = false;
        indention_ = false;
    }

    void increase_indent(bool flow, bool indentless, Parent parent) {
        indents_.push_back(indent_);
        if (indent_ < 0) {
            indent_ = flow ? best_indent : 0;
        } else if (!indentless) {
            if (v3_) {
                indent_ = parent == Parent::sequence_item
                              ? indent_ + 2
                              : best_indent * ((indent_ + best_indent) / best_indent);
            } else {
                indent_ += best_indent;
            }
        }
    }

    void decrease_indent() {
        indent_ = indents_.back();
        indents_.pop_back();
    }

    // ---- nodes ----------------------------------------------------------

    void node(const EmitNode& n, Parent parent, bool mapping_context, bool simple_key_context) {
        mapping_context_ = mapping_context;
        simple_key_context_ = simple_key_context;
        switch (n.kind) {
        case EmitNode::Kind::scalar:
            scalar(n, parent);
            return;
        case EmitNode::Kind::sequence:
            if (flow_level_ > 0 || n.items.empty()) {
                empty_flow(n, "[", "]", parent);
            } else {
                block_sequence(n, parent);
            }
            return;
        case EmitNode::Kind::mapping:
            if (flow_level_ > 0 || n.items.empty()) {
                empty_flow(n, "{", "}", parent);
            } else {
                block_mapping(n, parent);
            }
            return;
        }
    }

    // Flow collections only ever come empty from the encoders.
    void empty_flow(const EmitNode& /*n*/, std::string_view open, std::string_view close,
                    Parent parent) {
        write_indicator(open, true, true, false);
        increase_indent(true, false, parent);
        ++flow_level_;
        --flow_level_;
        decrease_indent();
        write_indicator(close, false, false, false);
    }

    void block_sequence(const EmitNode& n, Parent parent) {
        const bool indentless = !v3_ && mapping_context_ && !indention_;
        increase_indent(false, indentless, parent);
        for (const EmitNode& item : n.items) {
            write_indent();
            write_indicator("-", true, false, true);
            node(item, Parent::sequence_item, false, false);
        }
        decrease_indent();
    }

    bool is_simple_key(const EmitNode& key, const Analysis& a) const {
        switch (key.kind) {
        case EmitNode::Kind::scalar:
            return !a.multiline && key.tag.size() + key.text.size() <= max_simple_key_length;
        case EmitNode::Kind::sequence:
        case EmitNode::Kind::mapping:
            return key.items.empty();
        }
        return false;
    }

    void block_mapping(const EmitNode& n, Parent parent) {
        increase_indent(false, false, parent);
        for (std::size_t i = 0; i + 1 < n.items.size(); i += 2) {
            const EmitNode& key = n.items[i];
            const EmitNode& value = n.items[i + 1];
            write_indent();
            Analysis key_analysis;
            if (key.kind == EmitNode::Kind::scalar) {
                key_analysis = analyze(key.text, v3_);
                key_analysis_ = &key_analysis;
            }
            if (is_simple_key(key, key_analysis)) {
                node(key, Parent::other, true, true);
                write_indicator(":", false, false, false);
            } else {
                write_indicator("?", true, false, true);
                node(key, Parent::other, true, false);
                write_indent();
                write_indicator(":", true, false, true);
            }
            node(value, Parent::other, true, false);
        }
        decrease_indent();
    }

    ScalarStyle select_style(const EmitNode& n, const Analysis& a) const {
        ScalarStyle style = n.style;
        if (simple_key_context_ && a.multiline) {
            style = ScalarStyle::double_quoted;
        }
        if (style == ScalarStyle::plain) {
            if ((flow_level_ > 0 && !a.flow_plain_allowed) ||
                (flow_level_ == 0 && !a.block_plain_allowed)) {
                style = ScalarStyle::single_quoted;
            }
            if (n.text.empty() && (flow_level_ > 0 || simple_key_context_)) {
                style = ScalarStyle::single_quoted;
            }
        }
        if (style == ScalarStyle::single_quoted && !a.single_quoted_allowed) {
            style = ScalarStyle::double_quoted;
        }
        if (style == ScalarStyle::literal &&
            (!a.block_allowed || flow_level_ > 0 || simple_key_context_)) {
            style = ScalarStyle::double_quoted;
        }
        return style;
    }

    void scalar(const EmitNode& n, Parent parent) {
        // A key was analysed already, to decide whether it is simple.
        const Analysis a = key_analysis_ != nullptr ? *key_analysis_ : analyze(n.text, v3_);
        key_analysis_ = nullptr;
        const ScalarStyle style = select_style(n, a);
        if (!n.tag.empty()) {
            write_tag(n.tag);
        }
        increase_indent(true, false, parent);
        const bool allow_breaks = !simple_key_context_;
        switch (style) {
        case ScalarStyle::plain:
            write_plain(n.text, allow_breaks);
            break;
        case ScalarStyle::single_quoted:
            write_single_quoted(n.text, allow_breaks);
            break;
        case ScalarStyle::double_quoted:
            write_double_quoted(n.text, allow_breaks);
            break;
        case ScalarStyle::literal:
            write_literal(n.text);
            break;
        }
        decrease_indent();
    }

    // ---- scalar writers -------------------------------------------------

    void write_plain(std::string_view value, bool allow_breaks) {
        const Bytes v(value);
        if (!whitespace_ && (!v3_ || !value.empty())) {
            put(' ');
        }
        bool spaces = false;
        bool breaks = false;
        for (std::size_t i = 0; i < v.size();) {
            if (v.is_space(i)) {
                if (allow_breaks && !spaces && column_ > best_width_ && !v.is_space(i + 1)) {
                    write_indent();
                    i += v.width(i);
                } else {
                    write(v, i);
                }
                spaces = true;
            } else if (v.is_break(i)) {
                if (!breaks && v.at(i) == '\n') {
                    put_break();
                }
                write_break(v, i);
                indention_ = true;
                breaks = true;
            } else {
                if (breaks) {
                    write_indent();
                }
                write(v, i);
                indention_ = false;
                spaces = false;
                breaks = false;
            }
        }
        if (!v3_ || !value.empty()) {
            whitespace_ = false;
        }
        indention_ = false;
    }

    void write_single_quoted(std::string_view value, bool allow_breaks) {
        const Bytes v(value);
        write_indicator("'", true, false, false);
        bool spaces = false;
        bool breaks = false;
        for (std::size_t i = 0; i < v.size();) {
            if (v.is_space(i)) {
                if (allow_breaks && !spaces && column_ > best_width_ && i > 0 && i < v.size() - 1 &&
                    !v.is_space(i + 1)) {
                    write_indent();
                    i += v.width(i);
                } else {
                    write(v, i);
                }
                spaces = true;
            } else if (v.is_break(i)) {
                if (!breaks && v.at(i) == '\n') {
                    put_break();
                }
                write_break(v, i);
                indention_ = true;
                breaks = true;
            } else {
                if (breaks) {
                    write_indent();
                }
                if (v.at(i) == '\'') {
                    put('\'');
                }
                write(v, i);
                indention_ = false;
                spaces = false;
                breaks = false;
            }
        }
        write_indicator("'", false, false, false);
        whitespace_ = false;
        indention_ = false;
    }

    void put_escape(char32_t r) {
        static constexpr char hex[] = "0123456789ABCDEF";
        put('\\');
        switch (r) {
        case 0x00:
            put('0');
            return;
        case 0x07:
            put('a');
            return;
        case 0x08:
            put('b');
            return;
        case 0x09:
            put('t');
            return;
        case 0x0A:
            put('n');
            return;
        case 0x0B:
            put('v');
            return;
        case 0x0C:
            put('f');
            return;
        case 0x0D:
            put('r');
            return;
        case 0x1B:
            put('e');
            return;
        case 0x22:
            put('"');
            return;
        case 0x5C:
            put('\\');
            return;
        case 0x85:
            put('N');
            return;
        case 0xA0:
            put('_');
            return;
        case 0x2028:
            put('L');
            return;
        case 0x2029:
            put('P');
            return;
        default:
            break;
        }
        int digits = 8;
        if (r <= 0xFF) {
            put('x');
            digits = 2;
        } else if (r <= 0xFFFF) {
            put('u');
            digits = 4;
        } else {
            put('U');
        }
        for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
            put(hex[(r >> k) & 0x0F]);
        }
    }

    void write_double_quoted(std::string_view value, bool allow_breaks) {
        const Bytes v(value);
        write_indicator("\"", true, false, false);
        bool spaces = false;
        for (std::size_t i = 0; i < v.size();) {
            const unsigned char c = v.at(i);
            if (!v.is_printable(i) || v.starts_with_bom() || v.is_break(i) || c == '"' ||
                c == '\\') {
                const std::size_t w = v.width(i);
                char32_t r = 0;
                if (w == 1) {
                    r = c & 0x7F;
                } else if (w == 2) {
                    r = c & 0x1F;
                } else if (w == 3) {
                    r = c & 0x0F;
                } else {
                    r = c & 0x07;
                }
                for (std::size_t k = 1; k < w; ++k) {
                    r = (r << 6) | (v.at(i + k) & 0x3F);
                }
                i += w;
                put_escape(r);
                spaces = false;
            } else if (v.is_space(i)) {
                if (allow_breaks && !spaces && column_ > best_width_ && i > 0 && i < v.size() - 1) {
                    write_indent();
                    if (v.is_space(i + 1)) {
                        put('\\');
                    }
                    i += v.width(i);
                } else {
                    write(v, i);
                }
                spaces = true;
            } else {
                write(v, i);
                spaces = false;
            }
        }
        write_indicator("\"", false, false, false);
        whitespace_ = false;
        indention_ = false;
    }

    // The indentation and chomping indicators of a block scalar.
    void write_block_hints(const Bytes& v) {
        if (v.is_space(0) || v.is_break(0)) {
            const char hint[] = {static_cast<char>('0' + best_indent), '\0'};
            write_indicator(hint, false, false, false);
        }
        char chomp = 0;
        if (v.size() == 0) {
            chomp = '-';
        } else {
            std::size_t i = v.size() - 1;
            while ((v.at(i) & 0xC0) == 0x80) {
                --i;
            }
            if (!v.is_break(i)) {
                chomp = '-';
            } else if (i == 0) {
                chomp = '+';
            } else {
                --i;
                while ((v.at(i) & 0xC0) == 0x80) {
                    --i;
                }
                if (v.is_break(i)) {
                    chomp = '+';
                }
            }
        }
        if (chomp != 0) {
            const char text[] = {chomp, '\0'};
            write_indicator(text, false, false, false);
        }
    }

    void write_literal(std::string_view value) {
        const Bytes v(value);
        write_indicator("|", true, false, false);
        write_block_hints(v);
        put_break();
        indention_ = true;
        whitespace_ = true;
        bool breaks = true;
        for (std::size_t i = 0; i < v.size();) {
            if (v.is_break(i)) {
                write_break(v, i);
                indention_ = true;
                breaks = true;
            } else {
                if (breaks) {
                    write_indent();
                }
                write(v, i);
                indention_ = false;
                breaks = false;
            }
        }
    }

    const bool v3_;
    const int best_width_;
    std::string out_;
    int column_ = 0;
    bool whitespace_ = true;
    bool indention_ = true;
    int indent_ = -1;
    std::vector<int> indents_;
    int flow_level_ = 0;
    bool mapping_context_ = false;
    bool simple_key_context_ = false;
    const Analysis* key_analysis_ = nullptr;
};

} // namespace

std::string emit_yaml_document(const EmitNode& root, const EmitterOptions& options) {
    return Emitter(options).run(root);
}

} // namespace airlock::helm::detail
