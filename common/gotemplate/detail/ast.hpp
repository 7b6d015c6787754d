#pragma once
// Private: the parse tree of Go's template language, node for node as
// text/template/parse builds it. str() prints a node as Go's String() does,
// because execution errors quote it ("at <.Values.x>").
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace airlock::gotemplate::detail {

// The text a tree was parsed from, for error positions.
struct Source {
    std::string name; // Go's ParseName: the file the text came from
    std::string text;
};

enum class NodeType : std::uint8_t {
    list,
    text,
    comment,
    action,
    if_,
    range,
    with,
    template_,
    break_,
    continue_,
    pipe,
    command,
    field,
    variable,
    chain,
    identifier,
    dot,
    nil,
    boolean,
    number,
    string,
};

struct Node {
    Node(NodeType t, std::size_t p, const Source* s) : type(t), pos(p), source(s) {}
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    virtual std::string str() const = 0;

    NodeType type;
    std::size_t pos;
    const Source* source; // owned by the Tree
};

using NodePtr = std::unique_ptr<Node>;

struct ListNode final : Node {
    ListNode(std::size_t p, const Source* s) : Node(NodeType::list, p, s) {}
    std::string str() const override;
    std::vector<NodePtr> nodes;
};

// Text and comments view the Source their tree holds: a chart's templates
// are mostly text, and copying it again per node was a tenth of a parse.
struct TextNode final : Node {
    TextNode(std::size_t p, const Source* s, std::string_view t)
        : Node(NodeType::text, p, s), text(t) {}
    std::string str() const override { return std::string(text); }
    std::string_view text;
};

struct CommentNode final : Node {
    CommentNode(std::size_t p, const Source* s, std::string_view t)
        : Node(NodeType::comment, p, s), text(t) {}
    std::string str() const override { return "{{" + std::string(text) + "}}"; }
    std::string_view text;
};

struct VariableNode;

struct CommandNode final : Node {
    CommandNode(std::size_t p, const Source* s) : Node(NodeType::command, p, s) {}
    std::string str() const override;
    std::vector<NodePtr> args;
};

struct PipeNode final : Node {
    PipeNode(std::size_t p, const Source* s) : Node(NodeType::pipe, p, s) {}
    std::string str() const override;
    bool is_assign = false;        // "=" rather than ":="
    std::vector<std::string> decl; // declared or assigned variables
    std::vector<std::unique_ptr<CommandNode>> cmds;
};

struct ActionNode final : Node {
    ActionNode(std::size_t p, const Source* s, std::unique_ptr<PipeNode> pp)
        : Node(NodeType::action, p, s), pipe(std::move(pp)) {}
    std::string str() const override { return "{{" + pipe->str() + "}}"; }
    std::unique_ptr<PipeNode> pipe;
};

// if, range and with.
struct BranchNode final : Node {
    BranchNode(NodeType t, std::size_t p, const Source* s) : Node(t, p, s) {}
    std::string str() const override;
    std::unique_ptr<PipeNode> pipe;
    std::unique_ptr<ListNode> list;
    std::unique_ptr<ListNode> else_list; // may be null
};

struct TemplateNode final : Node {
    TemplateNode(std::size_t p, const Source* s, std::string n, std::unique_ptr<PipeNode> pp)
        : Node(NodeType::template_, p, s), name(std::move(n)), pipe(std::move(pp)) {}
    std::string str() const override;
    std::string name;
    std::unique_ptr<PipeNode> pipe; // may be null
};

struct LoopControlNode final : Node {
    LoopControlNode(NodeType t, std::size_t p, const Source* s) : Node(t, p, s) {}
    std::string str() const override {
        return type == NodeType::break_ ? "{{break}}" : "{{continue}}";
    }
};

struct FieldNode final : Node {
    FieldNode(std::size_t p, const Source* s, std::vector<std::string> i)
        : Node(NodeType::field, p, s), idents(std::move(i)) {}
    std::string str() const override;
    std::vector<std::string> idents; // without the dots
};

struct VariableNode final : Node {
    VariableNode(std::size_t p, const Source* s, std::vector<std::string> i)
        : Node(NodeType::variable, p, s), idents(std::move(i)) {}
    std::string str() const override;
    std::vector<std::string> idents; // "$x", then fields
};

struct ChainNode final : Node {
    ChainNode(std::size_t p, const Source* s, NodePtr n)
        : Node(NodeType::chain, p, s), node(std::move(n)) {}
    std::string str() const override;
    NodePtr node;
    std::vector<std::string> fields;
};

struct IdentifierNode final : Node {
    IdentifierNode(std::size_t p, const Source* s, std::string n)
        : Node(NodeType::identifier, p, s), name(std::move(n)) {}
    std::string str() const override { return name; }
    std::string name;
};

struct DotNode final : Node {
    DotNode(std::size_t p, const Source* s) : Node(NodeType::dot, p, s) {}
    std::string str() const override { return "."; }
};

struct NilNode final : Node {
    NilNode(std::size_t p, const Source* s) : Node(NodeType::nil, p, s) {}
    std::string str() const override { return "nil"; }
};

struct BoolNode final : Node {
    BoolNode(std::size_t p, const Source* s, bool v) : Node(NodeType::boolean, p, s), value(v) {}
    std::string str() const override { return value ? "true" : "false"; }
    bool value;
};

struct NumberNode final : Node {
    NumberNode(std::size_t p, const Source* s, std::string t)
        : Node(NodeType::number, p, s), text(std::move(t)) {}
    std::string str() const override { return text; }
    bool is_int = false;
    bool is_uint = false;
    bool is_float = false;
    std::int64_t int_value = 0;
    std::uint64_t uint_value = 0;
    double float_value = 0;
    std::string text;
};

struct StringNode final : Node {
    StringNode(std::size_t p, const Source* s, std::string q, std::string t)
        : Node(NodeType::string, p, s), quoted(std::move(q)), text(std::move(t)) {}
    std::string str() const override { return quoted; }
    std::string quoted;
    std::string text;
};

// One template: the text of a file, or a {{define}}/{{block}} in it.
struct Tree {
    std::string name;
    std::shared_ptr<const Source> source;
    std::unique_ptr<ListNode> root;
};

// Go's parse.IsEmptyTree: only space, comments and empty lists.
bool is_empty_tree(const Node& node);

} // namespace airlock::gotemplate::detail
