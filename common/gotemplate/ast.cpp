#include "common/gotemplate/detail/ast.hpp"

namespace airlock::gotemplate::detail {

namespace {

std::string arg_str(const Node& n) {
    if (n.type == NodeType::pipe) {
        return "(" + n.str() + ")";
    }
    return n.str();
}

} // namespace

std::string ListNode::str() const {
    std::string out;
    for (const auto& n : nodes) {
        out += n->str();
    }
    return out;
}

std::string CommandNode::str() const {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += arg_str(*args[i]);
    }
    return out;
}

std::string PipeNode::str() const {
    std::string out;
    if (!decl.empty()) {
        for (std::size_t i = 0; i < decl.size(); ++i) {
            if (i > 0) {
                out += ", ";
            }
            out += decl[i];
        }
        out += is_assign ? " = " : " := ";
    }
    for (std::size_t i = 0; i < cmds.size(); ++i) {
        if (i > 0) {
            out += " | ";
        }
        out += cmds[i]->str();
    }
    return out;
}

std::string BranchNode::str() const {
    const char* name = type == NodeType::if_ ? "if" : type == NodeType::range ? "range" : "with";
    std::string out = std::string("{{") + name + " " + pipe->str() + "}}" + list->str();
    if (else_list) {
        out += "{{else}}" + else_list->str();
    }
    return out + "{{end}}";
}

std::string TemplateNode::str() const {
    std::string out = "{{template \"" + name + "\"";
    if (pipe) {
        out += " " + pipe->str();
    }
    return out + "}}";
}

std::string FieldNode::str() const {
    std::string out;
    for (const auto& i : idents) {
        out += "." + i;
    }
    return out;
}

std::string VariableNode::str() const {
    std::string out;
    for (std::size_t i = 0; i < idents.size(); ++i) {
        if (i > 0) {
            out += '.';
        }
        out += idents[i];
    }
    return out;
}

std::string ChainNode::str() const {
    std::string out = arg_str(*node);
    for (const auto& f : fields) {
        out += "." + f;
    }
    return out;
}

bool is_empty_tree(const Node& node) {
    switch (node.type) {
    case NodeType::comment:
        return true;
    case NodeType::list:
        for (const auto& n : static_cast<const ListNode&>(node).nodes) {
            if (!is_empty_tree(*n)) {
                return false;
            }
        }
        return true;
    case NodeType::text:
        for (char c : static_cast<const TextNode&>(node).text) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    default:
        return false;
    }
}

} // namespace airlock::gotemplate::detail
