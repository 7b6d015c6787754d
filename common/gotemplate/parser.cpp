#include "common/gotemplate/detail/parser.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/gotemplate/detail/lexer.hpp"
#include "common/gotemplate/detail/unicode.hpp"
#include "common/gotemplate/format.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

namespace airlock::gotemplate::detail {

namespace {

// Marks the end of a list: {{end}} and {{else}} are returned by itemList,
// never stored in a tree.
struct EndNode final : Node {
    EndNode(NodeType t, std::size_t p, const Source* s) : Node(t, p, s) {}
    std::string str() const override { return is_else ? "{{else}}" : "{{end}}"; }
    bool is_else = false;
};

// Node types for EndNode, outside Go's visible set.
constexpr NodeType end_type = NodeType::comment;

// One escape after a backslash at s[i]; appends it, advances i. `quote` is
// the enclosing quote character (' or ").
bool unescape(std::string_view s, std::size_t& i, char quote, std::string& out) {
    if (i >= s.size()) {
        return false;
    }
    const char c = s[i++];
    switch (c) {
    case 'a':
        out += '\a';
        return true;
    case 'b':
        out += '\b';
        return true;
    case 'f':
        out += '\f';
        return true;
    case 'n':
        out += '\n';
        return true;
    case 'r':
        out += '\r';
        return true;
    case 't':
        out += '\t';
        return true;
    case 'v':
        out += '\v';
        return true;
    case '\\':
        out += '\\';
        return true;
    case '\'':
    case '"':
        if (c != quote) {
            return false;
        }
        out += c;
        return true;
    case 'x':
    case 'u':
    case 'U': {
        const std::size_t n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        if (i + n > s.size()) {
            return false;
        }
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const int h = hex_digit_value(s[i + k]);
            if (h < 0) {
                return false;
            }
            v = v * 16 + static_cast<std::uint32_t>(h);
        }
        i += n;
        if (c == 'x') {
            out += static_cast<char>(v);
            return true;
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            return false;
        }
        append_rune(out, static_cast<std::int32_t>(v));
        return true;
    }
    default:
        if (c >= '0' && c <= '7') {
            if (i + 2 > s.size()) {
                return false;
            }
            std::uint32_t v = static_cast<std::uint32_t>(c - '0');
            for (int k = 0; k < 2; ++k) {
                const char d = s[i++];
                if (d < '0' || d > '7') {
                    return false;
                }
                v = v * 8 + static_cast<std::uint32_t>(d - '0');
            }
            if (v > 255) {
                return false;
            }
            out += static_cast<char>(v);
            return true;
        }
        return false;
    }
}

// Go's underscoreOK: underscores only between digits, or between a base
// prefix and a digit.
bool underscores_ok(std::string_view s) {
    char saw = '^';
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        s.remove_prefix(1);
    }
    bool hex = false;
    if (s.size() >= 2 && s[0] == '0') {
        const char p = static_cast<char>(s[1] | 0x20);
        if (p == 'b' || p == 'o' || p == 'x') {
            i = 2;
            saw = '0';
            hex = p == 'x';
        }
    }
    for (; i < s.size(); ++i) {
        const char c = s[i];
        const char lc = static_cast<char>(c | 0x20);
        if ((c >= '0' && c <= '9') || (hex && lc >= 'a' && lc <= 'f')) {
            saw = '0';
            continue;
        }
        if (c == '_') {
            if (saw != '0') {
                return false;
            }
            saw = '_';
            continue;
        }
        if (saw == '_') {
            return false;
        }
        saw = '!';
    }
    return saw != '_';
}

// strconv.ParseInt / ParseUint with base 0: prefixes 0x 0o 0b and a bare
// leading 0 for octal, underscores as Go literals allow them, a sign only for
// the signed form. The magnitude must fit in 64 bits.
struct IntParse {
    bool ok = false;
    bool negative = false;
    std::uint64_t magnitude = 0;
};

IntParse parse_go_integer(std::string_view text, bool allow_sign) {
    IntParse r;
    std::string_view s = text;
    if (s.empty()) {
        return r;
    }
    if (s[0] == '+' || s[0] == '-') {
        if (!allow_sign) {
            return r;
        }
        r.negative = s[0] == '-';
        s.remove_prefix(1);
        if (s.empty()) {
            return r;
        }
    }
    unsigned base = 10;
    if (s[0] == '0') {
        const char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
        if (p == 'b' || p == 'o' || p == 'x') {
            base = p == 'b' ? 2 : p == 'o' ? 8 : 16;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1);
        }
    }
    bool underscores = false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c == '_') {
            underscores = true;
            continue;
        }
        const int d = hex_digit_value(c);
        if (d < 0 || static_cast<unsigned>(d) >= base) {
            return r;
        }
        if (v > (UINT64_MAX - static_cast<unsigned>(d)) / base) {
            return r;
        }
        v = v * base + static_cast<unsigned>(d);
    }
    if (underscores && !underscores_ok(text)) {
        return r;
    }
    r.ok = true;
    r.magnitude = v;
    return r;
}

// strconv.ParseFloat's syntax for what the lexer lets through: decimal with
// optional fraction and exponent, or hex with a mandatory p exponent.
std::optional<double> parse_go_float(std::string_view text) {
    if (!underscores_ok(text)) {
        return std::nullopt;
    }
    std::string clean;
    for (char c : text) {
        if (c != '_') {
            clean += c;
        }
    }
    std::string_view digits = clean;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
        digits.remove_prefix(1);
    }
    const bool hex = digits.size() > 1 && digits[0] == '0' && (digits[1] | 0x20) == 'x';
    if (hex && clean.find_first_of("pP") == std::string::npos) {
        return std::nullopt;
    }
    if (!hex && clean.find_first_of("pP") != std::string::npos) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    const double f = std::strtod(clean.c_str(), &end);
    if (clean.empty() || end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    // Go's ParseFloat refuses what overflows (ErrRange); an underflow is no error.
    if (std::isinf(f)) {
        return std::nullopt;
    }
    return f;
}

class Parser {
  public:
    Parser(const std::string& name, std::string_view text,
           const std::function<bool(std::string_view)>& has_function)
        : has_function_(has_function) {
        auto source = std::make_shared<Source>();
        source->name = name;
        source->text = std::string(text);
        source_ = source;
        lexer_ = std::make_unique<Lexer>(source_->text);
    }

    std::vector<std::shared_ptr<Tree>> run(const std::string& name) {
        auto main = std::make_shared<Tree>();
        main->name = name;
        main->source = source_;
        main->root = std::make_unique<ListNode>(peek().pos, src());
        vars_ = {"$"};
        while (peek().type != Tok::eof) {
            if (peek().type == Tok::left_delim) {
                const Token delim = next();
                if (next_non_space().type == Tok::kw_define) {
                    parse_definition();
                    continue;
                }
                // Put back the delimiter and what followed it.
                backup2(delim);
            }
            NodePtr n = text_or_action();
            if (auto* end = dynamic_cast<EndNode*>(n.get())) {
                errorf("unexpected " + end->str());
            }
            main->root->nodes.push_back(std::move(n));
        }
        add(main);
        std::vector<std::shared_ptr<Tree>> out;
        out.push_back(main);
        for (auto& [tree_name, tree] : defined_) {
            if (tree != main) {
                out.push_back(tree);
            }
        }
        return out;
    }

  private:
    const Source* src() const { return source_.get(); }

    // ---- tokens -------------------------------------------------------
    Token next() {
        if (!peeked_.empty()) {
            last_ = peeked_.back();
            peeked_.pop_back();
        } else {
            last_ = lexer_->next();
        }
        return last_;
    }
    Token peek() {
        if (peeked_.empty()) {
            peeked_.push_back(lexer_->next());
        }
        return peeked_.back();
    }
    void backup() { peeked_.push_back(last_); }
    // Puts back the last token and t0 before it.
    void backup2(const Token& t0) {
        peeked_.push_back(last_);
        peeked_.push_back(t0);
    }
    Token next_non_space() {
        Token t;
        do {
            t = next();
        } while (t.type == Tok::space);
        return t;
    }
    Token peek_non_space() {
        const Token t = next_non_space();
        backup();
        return t;
    }

    [[noreturn]] void errorf(const std::string& message) {
        const auto [line, col] = lexer_->line_col(last_.pos);
        fail(ErrorCode::spec, "template: " + source_->name + ":" + std::to_string(line) + ":" +
                                  std::to_string(col) + ": " + message);
    }

    static std::string describe(const Token& t) {
        if (t.type == Tok::eof) {
            return "EOF";
        }
        if (t.type == Tok::error) {
            return std::string(t.text);
        }
        // Go's keywords, "." and "nil" among them, print in angle brackets.
        if (t.type >= Tok::kw_block || t.type == Tok::nil || t.type == Tok::dot) {
            return "<" + std::string(t.text) + ">";
        }
        if (t.text.size() > 10) {
            // %.10q: the first ten runes, quoted.
            std::size_t i = 0;
            for (int runes = 0; runes < 10 && i < t.text.size(); ++runes) {
                ++i;
                while (i < t.text.size() &&
                       (static_cast<unsigned char>(t.text[i]) & 0xC0) == 0x80) {
                    ++i;
                }
            }
            return go_quote(t.text.substr(0, i)) + "...";
        }
        return go_quote(t.text);
    }

    [[noreturn]] void unexpected(const Token& t, const std::string& context) {
        if (t.type == Tok::error) {
            std::string extra;
            if (action_line_ != 0 && action_line_ != t.line) {
                extra =
                    " in action started at " + source_->name + ":" + std::to_string(action_line_);
                if (std::string_view(t.text).ends_with(" action")) {
                    extra = extra.substr(std::string(" in action").size());
                }
            }
            errorf(std::string(t.text) + extra);
        }
        errorf("unexpected " + describe(t) + " in " + context);
    }

    Token expect(Tok type, const std::string& context) {
        const Token t = next_non_space();
        if (t.type != type) {
            unexpected(t, context);
        }
        return t;
    }

    // ---- structure ----------------------------------------------------
    void add(const std::shared_ptr<Tree>& tree) {
        auto it = defined_.find(tree->name);
        if (it == defined_.end() || is_empty_tree(*it->second->root)) {
            defined_[tree->name] = tree;
            return;
        }
        if (!is_empty_tree(*tree->root)) {
            errorf("template: multiple definition of template \"" + tree->name + "\"");
        }
    }

    void parse_definition() {
        const std::string context = "define clause";
        const Token name_tok = next_non_space();
        if (name_tok.type != Tok::string && name_tok.type != Tok::raw_string) {
            unexpected(name_tok, context);
        }
        auto name = go_unquote(name_tok.text);
        if (!name) {
            errorf("invalid syntax");
        }
        expect(Tok::right_delim, context);
        auto tree = std::make_shared<Tree>();
        tree->name = *name;
        tree->source = source_;
        const auto saved_vars = vars_;
        const int saved_range = range_depth_;
        vars_ = {"$"};
        range_depth_ = 0;
        auto [list, end] = item_list();
        if (end->is_else) {
            errorf("unexpected " + end->str() + " in " + context);
        }
        tree->root = std::move(list);
        vars_ = saved_vars;
        range_depth_ = saved_range;
        add(tree);
    }

    std::pair<std::unique_ptr<ListNode>, std::unique_ptr<EndNode>> item_list() {
        auto list = std::make_unique<ListNode>(peek_non_space().pos, src());
        while (peek_non_space().type != Tok::eof) {
            NodePtr n = text_or_action();
            if (auto* end = dynamic_cast<EndNode*>(n.get())) {
                n.release();
                return {std::move(list), std::unique_ptr<EndNode>(end)};
            }
            list->nodes.push_back(std::move(n));
        }
        next_non_space();
        errorf("unexpected EOF");
    }

    NodePtr text_or_action() {
        const Token t = next_non_space();
        switch (t.type) {
        case Tok::text:
            return std::make_unique<TextNode>(t.pos, src(), t.text);
        case Tok::left_delim: {
            action_line_ = t.line;
            NodePtr n = action();
            action_line_ = 0;
            return n;
        }
        case Tok::comment:
            return std::make_unique<CommentNode>(t.pos, src(), t.text);
        default:
            unexpected(t, "input");
        }
    }

    NodePtr action() {
        const Token t = next_non_space();
        switch (t.type) {
        case Tok::kw_block:
            return block_control();
        case Tok::kw_break:
        case Tok::kw_continue: {
            const bool is_break = t.type == Tok::kw_break;
            const Token close = next_non_space();
            if (close.type != Tok::right_delim) {
                unexpected(close, is_break ? "{{break}}" : "{{continue}}");
            }
            if (range_depth_ == 0) {
                errorf(is_break ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
            }
            return std::make_unique<LoopControlNode>(
                is_break ? NodeType::break_ : NodeType::continue_, t.pos, src());
        }
        case Tok::kw_else:
            return else_control();
        case Tok::kw_end: {
            const Token close = expect(Tok::right_delim, "end");
            return std::make_unique<EndNode>(end_type, close.pos, src());
        }
        case Tok::kw_if:
            return control(NodeType::if_, "if");
        case Tok::kw_range:
            return control(NodeType::range, "range");
        case Tok::kw_template:
            return template_control();
        case Tok::kw_with:
            return control(NodeType::with, "with");
        default:
            break;
        }
        backup();
        const Token first = peek();
        auto pipe = pipeline("command", Tok::right_delim);
        return std::make_unique<ActionNode>(first.pos, src(), std::move(pipe));
    }

    NodePtr else_control() {
        const Token p = peek_non_space();
        auto node = std::make_unique<EndNode>(end_type, p.pos, src());
        node->is_else = true;
        if (p.type == Tok::kw_if || p.type == Tok::kw_with) {
            return node;
        }
        const Token close = expect(Tok::right_delim, "else");
        node->pos = close.pos;
        return node;
    }

    NodePtr control(NodeType type, const std::string& context) {
        const std::size_t saved_vars = vars_.size();
        auto node = std::make_unique<BranchNode>(type, 0, src());
        node->pipe = pipeline(context, Tok::right_delim);
        node->pos = node->pipe->pos;
        if (type == NodeType::range) {
            ++range_depth_;
        }
        auto [list, end] = item_list();
        if (type == NodeType::range) {
            --range_depth_;
        }
        node->list = std::move(list);
        if (end->is_else) {
            if (type == NodeType::if_ && peek().type == Tok::kw_if) {
                next();
                node->else_list = std::make_unique<ListNode>(end->pos, src());
                node->else_list->nodes.push_back(control(NodeType::if_, "if"));
            } else if (type == NodeType::with && peek().type == Tok::kw_with) {
                next();
                node->else_list = std::make_unique<ListNode>(end->pos, src());
                node->else_list->nodes.push_back(control(NodeType::with, "with"));
            } else {
                auto [else_list, else_end] = item_list();
                if (else_end->is_else) {
                    errorf("expected end; found " + else_end->str());
                }
                node->else_list = std::move(else_list);
            }
        }
        vars_.resize(saved_vars);
        return node;
    }

    std::string template_name(const Token& t, const std::string& context) {
        if (t.type != Tok::string && t.type != Tok::raw_string) {
            unexpected(t, context);
        }
        auto name = go_unquote(t.text);
        if (!name) {
            errorf("invalid syntax");
        }
        return *name;
    }

    NodePtr template_control() {
        const std::string context = "template clause";
        const Token t = next_non_space();
        std::string name = template_name(t, context);
        std::unique_ptr<PipeNode> pipe;
        if (next_non_space().type != Tok::right_delim) {
            backup();
            pipe = pipeline(context, Tok::right_delim);
        }
        return std::make_unique<TemplateNode>(t.pos, src(), std::move(name), std::move(pipe));
    }

    NodePtr block_control() {
        const std::string context = "block clause";
        const Token t = next_non_space();
        std::string name = template_name(t, context);
        auto pipe = pipeline(context, Tok::right_delim);
        auto tree = std::make_shared<Tree>();
        tree->name = name;
        tree->source = source_;
        const auto saved_vars = vars_;
        const int saved_range = range_depth_;
        vars_ = {"$"};
        range_depth_ = 0;
        auto [list, end] = item_list();
        if (end->is_else) {
            errorf("unexpected " + end->str() + " in " + context);
        }
        tree->root = std::move(list);
        vars_ = saved_vars;
        range_depth_ = saved_range;
        add(tree);
        return std::make_unique<TemplateNode>(t.pos, src(), std::move(name), std::move(pipe));
    }

    // ---- pipelines ----------------------------------------------------
    std::unique_ptr<PipeNode> pipeline(const std::string& context, Tok end) {
        const Token first = peek_non_space();
        auto pipe = std::make_unique<PipeNode>(first.pos, src());
        bool more_decls = true;
        while (more_decls) {
            more_decls = false;
            const Token v = peek_non_space();
            if (v.type != Tok::variable) {
                break;
            }
            next_non_space();
            const Token after = peek();
            const Token n = peek_non_space();
            if (n.type == Tok::assign || n.type == Tok::declare) {
                pipe->is_assign = n.type == Tok::assign;
                next_non_space();
                pipe->decl.emplace_back(v.text);
                vars_.emplace_back(v.text);
            } else if (n.type == Tok::char_ && n.text == ",") {
                next_non_space();
                pipe->decl.emplace_back(v.text);
                vars_.emplace_back(v.text);
                if (context == "range" && pipe->decl.size() < 2) {
                    const Tok p = peek_non_space().type;
                    if (p == Tok::variable || p == Tok::right_delim || p == Tok::right_paren) {
                        more_decls = true;
                        continue;
                    }
                    errorf("range can only initialize variables");
                }
                errorf("too many declarations in " + context);
            } else if (after.type == Tok::space) {
                // "$x foo": $x is an argument. Peeking past the space dropped
                // it; put back the variable and the space.
                peeked_.push_back(after);
                peeked_.push_back(v);
            } else {
                peeked_.push_back(v);
            }
        }
        while (true) {
            const Token t = next_non_space();
            if (t.type == end) {
                check_pipeline(*pipe, context);
                return pipe;
            }
            switch (t.type) {
            case Tok::boolean:
            case Tok::char_const:
            case Tok::dot:
            case Tok::field:
            case Tok::identifier:
            case Tok::number:
            case Tok::nil:
            case Tok::raw_string:
            case Tok::string:
            case Tok::variable:
            case Tok::left_paren:
                backup();
                pipe->cmds.push_back(command());
                break;
            default:
                unexpected(t, context);
            }
        }
    }

    void check_pipeline(const PipeNode& pipe, const std::string& context) {
        if (pipe.cmds.empty()) {
            errorf("missing value for " + context);
        }
        for (std::size_t i = 1; i < pipe.cmds.size(); ++i) {
            switch (pipe.cmds[i]->args.front()->type) {
            case NodeType::boolean:
            case NodeType::dot:
            case NodeType::nil:
            case NodeType::number:
            case NodeType::string:
                errorf("non executable command in pipeline stage " + std::to_string(i + 1));
            default:
                break;
            }
        }
    }

    std::unique_ptr<CommandNode> command() {
        auto cmd = std::make_unique<CommandNode>(peek_non_space().pos, src());
        while (true) {
            peek_non_space();
            if (NodePtr operand_node = operand()) {
                cmd->args.push_back(std::move(operand_node));
            }
            const Token t = next();
            if (t.type == Tok::space) {
                continue;
            }
            if (t.type == Tok::right_delim || t.type == Tok::right_paren) {
                backup();
            } else if (t.type != Tok::pipe) {
                unexpected(t, "operand");
            }
            break;
        }
        if (cmd->args.empty()) {
            errorf("empty command");
        }
        return cmd;
    }

    NodePtr operand() {
        NodePtr node = term();
        if (!node) {
            return nullptr;
        }
        if (peek().type == Tok::field) {
            const std::size_t chain_pos = peek().pos;
            std::vector<std::string> fields;
            while (peek().type == Tok::field) {
                fields.emplace_back(next().text.substr(1));
            }
            switch (node->type) {
            case NodeType::field: {
                auto& f = static_cast<FieldNode&>(*node);
                std::vector<std::string> idents = f.idents;
                idents.insert(idents.end(), fields.begin(), fields.end());
                return std::make_unique<FieldNode>(chain_pos, src(), std::move(idents));
            }
            case NodeType::variable: {
                auto& v = static_cast<VariableNode&>(*node);
                std::vector<std::string> idents = v.idents;
                idents.insert(idents.end(), fields.begin(), fields.end());
                return std::make_unique<VariableNode>(chain_pos, src(), std::move(idents));
            }
            case NodeType::boolean:
            case NodeType::string:
            case NodeType::number:
            case NodeType::nil:
            case NodeType::dot:
                errorf("unexpected . after term " + go_quote(node->str()));
            default: {
                auto chain = std::make_unique<ChainNode>(chain_pos, src(), std::move(node));
                chain->fields = std::move(fields);
                return chain;
            }
            }
        }
        return node;
    }

    NodePtr term() {
        const Token t = next_non_space();
        switch (t.type) {
        case Tok::identifier:
            if (!has_function_(t.text)) {
                errorf("function \"" + std::string(t.text) + "\" not defined");
            }
            return std::make_unique<IdentifierNode>(t.pos, src(), std::string(t.text));
        case Tok::dot:
            return std::make_unique<DotNode>(t.pos, src());
        case Tok::nil:
            return std::make_unique<NilNode>(t.pos, src());
        case Tok::variable:
            return use_var(t);
        case Tok::field:
            return std::make_unique<FieldNode>(
                t.pos, src(), std::vector<std::string>{std::string(t.text.substr(1))});
        case Tok::boolean:
            return std::make_unique<BoolNode>(t.pos, src(), t.text == "true");
        case Tok::char_const:
        case Tok::number:
            return number(t);
        case Tok::left_paren:
            return pipeline("parenthesized pipeline", Tok::right_paren);
        case Tok::string:
        case Tok::raw_string: {
            auto text = go_unquote(t.text);
            if (!text) {
                errorf("invalid syntax");
            }
            return std::make_unique<StringNode>(t.pos, src(), std::string(t.text),
                                                std::move(*text));
        }
        default:
            backup();
            return nullptr;
        }
    }

    NodePtr use_var(const Token& t) {
        const std::string name(t.text);
        for (const auto& v : vars_) {
            if (v == name) {
                return std::make_unique<VariableNode>(t.pos, src(), std::vector<std::string>{name});
            }
        }
        errorf("undefined variable \"" + name + "\"");
    }

    NodePtr number(const Token& t) {
        auto n = std::make_unique<NumberNode>(t.pos, src(), std::string(t.text));
        const std::string_view text = t.text;
        if (t.type == Tok::char_const) {
            // strconv.UnquoteChar on what follows the opening quote, which
            // must then leave only the closing quote.
            std::int32_t rune = 0;
            std::size_t i = 1;
            const auto c = static_cast<unsigned char>(text[1]);
            if (c == '\'') {
                errorf("invalid syntax");
            } else if (c >= 0x80) {
                i += decode_rune(text, 1, rune);
                if (rune < 0) {
                    rune = 0xFFFD; // utf8.RuneError, as Go decodes a stray byte
                }
            } else if (c != '\\') {
                rune = c;
                ++i;
            } else {
                std::string decoded;
                i = 2;
                if (!unescape(text, i, '\'', decoded)) {
                    errorf("invalid syntax");
                }
                // \x and octal escapes are byte values; \u and \U are UTF-8 now.
                if (decoded.size() == 1) {
                    rune = static_cast<unsigned char>(decoded[0]);
                } else {
                    decode_rune(decoded, 0, rune);
                }
            }
            if (i != text.size() - 1) {
                errorf("malformed character constant: " + std::string(text));
            }
            n->is_int = n->is_uint = n->is_float = true;
            n->int_value = rune;
            n->uint_value = rune;
            n->float_value = rune;
            return n;
        }
        if (!text.empty() && text.back() == 'i') {
            errorf("complex numbers are not supported: " + go_quote(text));
        }
        const IntParse u = parse_go_integer(text, false);
        if (u.ok) {
            n->is_uint = true;
            n->uint_value = u.magnitude;
        }
        const IntParse s = parse_go_integer(text, true);
        if (s.ok && (s.negative ? s.magnitude <= (std::uint64_t{1} << 63)
                                : s.magnitude <= static_cast<std::uint64_t>(INT64_MAX))) {
            n->is_int = true;
            n->int_value = s.negative ? static_cast<std::int64_t>(0 - s.magnitude)
                                      : static_cast<std::int64_t>(s.magnitude);
            if (n->int_value == 0) {
                n->is_uint = true;
                n->uint_value = 0;
            }
        }
        if (n->is_int) {
            n->is_float = true;
            n->float_value = static_cast<double>(n->int_value);
        } else if (n->is_uint) {
            n->is_float = true;
            n->float_value = static_cast<double>(n->uint_value);
        } else {
            if (auto f = parse_go_float(text)) {
                if (text.find_first_of(".eEpP") == std::string_view::npos) {
                    errorf("integer overflow: " + go_quote(text));
                }
                n->is_float = true;
                n->float_value = *f;
                if (*f >= -9.2233720368547758e18 && *f < 9.2233720368547758e18 &&
                    static_cast<double>(static_cast<std::int64_t>(*f)) == *f) {
                    n->is_int = true;
                    n->int_value = static_cast<std::int64_t>(*f);
                }
                if (*f >= 0 && *f < 1.8446744073709552e19 &&
                    static_cast<double>(static_cast<std::uint64_t>(*f)) == *f) {
                    n->is_uint = true;
                    n->uint_value = static_cast<std::uint64_t>(*f);
                }
            }
        }
        if (!n->is_int && !n->is_uint && !n->is_float) {
            errorf("illegal number syntax: " + go_quote(text));
        }
        return n;
    }

    const std::function<bool(std::string_view)>& has_function_;
    std::shared_ptr<const Source> source_;
    std::unique_ptr<Lexer> lexer_;
    // Tokens put back, the next one last: a stack, as only the front is ever
    // taken or put back (a deque allocated a block at every put-back).
    std::vector<Token> peeked_;
    Token last_;
    std::vector<std::string> vars_;
    int range_depth_ = 0;
    int action_line_ = 0;
    std::map<std::string, std::shared_ptr<Tree>> defined_;
};

} // namespace

std::optional<std::string> go_unquote(std::string_view literal) {
    if (literal.size() < 2) {
        return std::nullopt;
    }
    const char q = literal.front();
    if (literal.back() != q) {
        return std::nullopt;
    }
    const std::string_view body = literal.substr(1, literal.size() - 2);
    if (q == '`') {
        if (body.find('`') != std::string_view::npos) {
            return std::nullopt;
        }
        std::string out;
        for (char c : body) {
            if (c != '\r') {
                out += c;
            }
        }
        return out;
    }
    if (q != '"') {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < body.size();) {
        const char c = body[i];
        if (c == '"' || c == '\n') {
            return std::nullopt;
        }
        if (c == '\\') {
            ++i;
            if (!unescape(body, i, '"', out)) {
                return std::nullopt;
            }
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

std::vector<std::shared_ptr<Tree>>
parse_templates(const std::string& name, std::string_view text,
                const std::function<bool(std::string_view)>& has_function) {
    Parser parser(name, text, has_function);
    return parser.run(name);
}

} // namespace airlock::gotemplate::detail
