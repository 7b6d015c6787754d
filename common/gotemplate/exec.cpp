// The executor: walks a parsed template as Go's text/template/exec.go does,
// with Go's argument typing, its errors and missingkey=zero.
#include "common/core/error.hpp"
#include "common/gotemplate/detail/ast.hpp"
#include "common/gotemplate/detail/builtins.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gotemplate/template_set.hpp"

#include <optional>

namespace airlock::gotemplate {

namespace {

using namespace detail;

// Parameter types of the builtins beyond Function's: reflect.Value takes any
// valid value as it is, boxed or not.
enum class Param : std::uint8_t { typed, reflect_value };

enum class Flow { next, break_, continue_ };

std::pair<int, int> line_col(const Source& src, std::size_t pos) {
    pos = std::min(pos, src.text.size());
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < pos; ++i) {
        if (src.text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, static_cast<int>(pos - line_start)};
}

bool can_be_nil(Type t) {
    switch (t) {
    case Type::any:
    case Type::map:
    case Type::list:
    case Type::strings:
    case Type::bytes:
        return true;
    default:
        return false;
    }
}

// Whether a value of `v`'s dynamic type may be passed for a parameter of type `t`.
bool assignable(const Value& v, Type t) {
    switch (t) {
    case Type::any:
        return true;
    case Type::string:
        return v.kind() == Kind::string;
    case Type::int_:
        return v.kind() == Kind::integer && v.int_type() == IntType::int_;
    case Type::int64:
        return v.kind() == Kind::integer && v.int_type() == IntType::int64;
    case Type::float64:
        return v.kind() == Kind::floating;
    case Type::boolean:
        return v.kind() == Kind::boolean;
    case Type::map:
        return v.kind() == Kind::map;
    case Type::list:
        return v.kind() == Kind::list && v.list_type() == ListType::any;
    case Type::strings:
        return v.kind() == Kind::list && v.list_type() == ListType::string;
    case Type::bytes:
        return v.kind() == Kind::bytes;
    }
    return false;
}

bool is_hex_int(std::string_view s) {
    return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
           s.find_first_of("pP") == std::string_view::npos;
}

class State final : public CallContext {
  public:
    State(const TemplateSet& set, Budget& budget, std::shared_ptr<const Tree> tmpl)
        : set_(set), budget_(budget), tmpl_(std::move(tmpl)) {}

    std::string run(const Value& dot) {
        vars_.emplace_back("$", dot);
        walk(dot, *tmpl_->root);
        return std::move(out_);
    }

    // ---- CallContext ----------------------------------------------------
    std::string execute_template(const std::string& name, const Value& dot) override {
        auto tree = set_.find(name);
        if (!tree) {
            fail(ErrorCode::spec, "template: no template " + go_quote(name) +
                                      " associated with template " + go_quote(set_.name()));
        }
        DepthGuard guard(*this);
        State inner(set_, budget_, std::move(tree));
        return inner.run(dot.unboxed());
    }

    TemplateSet current_set() const override { return set_; }

    std::string execute_in(const TemplateSet& set, const std::string& name,
                           const Value& dot) override {
        auto tree = set.find(name);
        if (!tree) {
            fail(ErrorCode::spec, "template: no template " + go_quote(name) +
                                      " associated with template " + go_quote(set.name()));
        }
        DepthGuard guard(*this);
        State inner(set, budget_, std::move(tree));
        return inner.run(dot.unboxed());
    }

    void charge(std::size_t steps) override {
        if (!budget_.charge_steps(steps)) {
            errorf(steps_message());
        }
    }

  private:
    struct DepthGuard {
        explicit DepthGuard(State& s) : state(s) {
            if (++state.budget_.depth > state.budget_.limits().max_depth) {
                --state.budget_.depth;
                state.errorf("exceeded maximum template depth (" +
                             std::to_string(state.budget_.limits().max_depth) + ")");
            }
        }
        ~DepthGuard() { --state.budget_.depth; }
        DepthGuard(const DepthGuard&) = delete;
        DepthGuard& operator=(const DepthGuard&) = delete;
        State& state;
    };

    std::string steps_message() const {
        return "template execution took more than " + std::to_string(budget_.limits().max_steps) +
               " steps (a loop without end?)";
    }

    // ---- errors -----------------------------------------------------------
    void at(const Node& n) { node_ = &n; }

    [[noreturn]] void errorf(const std::string& message) const {
        if (node_ == nullptr) {
            fail(ErrorCode::spec, "template: " + tmpl_->name + ": " + message);
        }
        const auto [line, col] = line_col(*node_->source, node_->pos);
        fail(ErrorCode::spec, "template: " + node_->source->name + ":" + std::to_string(line) +
                                  ":" + std::to_string(col) + ": executing " +
                                  go_quote(tmpl_->name) + " at <" + node_->str() + ">: " + message);
    }

    void step() {
        if (!budget_.charge_steps(1)) {
            errorf(steps_message());
        }
    }

    void write(std::string_view s) {
        if (!budget_.charge_bytes(s.size())) {
            errorf("template output exceeded " + std::to_string(budget_.limits().max_bytes) +
                   " bytes");
        }
        out_.append(s);
    }

    // ---- variables ---------------------------------------------------------
    std::size_t mark() const { return vars_.size(); }
    void pop(std::size_t m) { vars_.resize(m); }

    void set_var(const std::string& name, const Value& v) {
        for (std::size_t i = vars_.size(); i-- > 0;) {
            if (vars_[i].first == name) {
                vars_[i].second = v;
                return;
            }
        }
        errorf("undefined variable: " + name);
    }

    void set_top_var(std::size_t n, const Value& v) { vars_[vars_.size() - n].second = v; }

    const Value& var_value(const std::string& name) {
        for (std::size_t i = vars_.size(); i-- > 0;) {
            if (vars_[i].first == name) {
                return vars_[i].second;
            }
        }
        errorf("undefined variable: " + name);
    }

    // ---- walking -----------------------------------------------------------
    Flow walk(const Value& dot, const Node& node) {
        at(node);
        step();
        switch (node.type) {
        case NodeType::action: {
            const auto& a = static_cast<const ActionNode&>(node);
            const Value v = eval_pipeline(dot, a.pipe.get());
            if (a.pipe->decl.empty()) {
                at(node);
                write(v.is_nil() ? std::string("<no value>") : sprint_value(v));
            }
            return Flow::next;
        }
        case NodeType::break_:
            return Flow::break_;
        case NodeType::continue_:
            return Flow::continue_;
        case NodeType::comment:
            return Flow::next;
        case NodeType::if_:
        case NodeType::with:
            return walk_if_or_with(dot, static_cast<const BranchNode&>(node));
        case NodeType::list:
            for (const auto& n : static_cast<const ListNode&>(node).nodes) {
                const Flow f = walk(dot, *n);
                if (f != Flow::next) {
                    return f;
                }
            }
            return Flow::next;
        case NodeType::range:
            walk_range(dot, static_cast<const BranchNode&>(node));
            return Flow::next;
        case NodeType::template_:
            walk_template(dot, static_cast<const TemplateNode&>(node));
            return Flow::next;
        case NodeType::text:
            write(static_cast<const TextNode&>(node).text);
            return Flow::next;
        default:
            errorf("unknown node: " + node.str());
        }
    }

    Flow walk_if_or_with(const Value& dot, const BranchNode& node) {
        const std::size_t m = mark();
        const Value v = eval_pipeline(dot, node.pipe.get());
        Flow f = Flow::next;
        if (v.truthy()) {
            f = walk(node.type == NodeType::with ? v : dot, *node.list);
        } else if (node.else_list) {
            f = walk(dot, *node.else_list);
        }
        pop(m);
        return f;
    }

    // One pass through a range body; false when {{break}} ended the loop.
    bool range_iteration(const BranchNode& r, const Value& index, const Value& elem,
                         std::size_t body_mark) {
        const PipeNode& pipe = *r.pipe;
        if (!pipe.decl.empty()) {
            if (pipe.is_assign) {
                set_var(pipe.decl[0], pipe.decl.size() > 1 ? index : elem);
            } else {
                set_top_var(1, elem);
            }
        }
        if (pipe.decl.size() > 1) {
            if (pipe.is_assign) {
                set_var(pipe.decl[1], elem);
            } else {
                set_top_var(2, index);
            }
        }
        const Flow f = walk(elem, *r.list);
        pop(body_mark);
        return f != Flow::break_;
    }

    void walk_range(const Value& dot, const BranchNode& r) {
        at(r);
        const std::size_t m = mark();
        const Value v = eval_pipeline(dot, r.pipe.get()).unboxed();
        const std::size_t body_mark = mark();
        bool ran = false;
        switch (v.kind()) {
        case Kind::list: {
            const auto items = v.list_ptr(); // keeps the list alive while the body runs
            const bool boxed = v.list_type() == ListType::any;
            for (std::size_t i = 0; i < items->size(); ++i) {
                ran = true;
                const Value& e = (*items)[i];
                if (!range_iteration(r, Value::integer(static_cast<std::int64_t>(i)),
                                     boxed ? e.as_boxed() : e, body_mark)) {
                    break;
                }
            }
            break;
        }
        case Kind::map: {
            // A snapshot of the entries, sorted by key as Go's fmtsort does:
            // the body may change the map.
            std::vector<std::pair<std::string, Value>> entries(v.as_map().begin(),
                                                               v.as_map().end());
            for (const auto& [key, e] : entries) {
                ran = true;
                if (!range_iteration(r, Value::string(key), e.as_boxed(), body_mark)) {
                    break;
                }
            }
            break;
        }
        case Kind::integer: {
            if (r.pipe->decl.size() > 1) {
                errorf("can't use " + sprint_value(v) + " to iterate over more than one variable");
            }
            for (std::int64_t i = 0; i < v.as_int(); ++i) {
                ran = true;
                if (!range_iteration(r, Value::nil(), Value::integer(i, v.int_type()), body_mark)) {
                    break;
                }
            }
            break;
        }
        case Kind::nil:
            break;
        default:
            errorf("range can't iterate over " + sprint_value(v));
        }
        if (!ran && r.else_list) {
            walk(dot, *r.else_list);
        }
        pop(m);
    }

    void walk_template(const Value& dot, const TemplateNode& t) {
        at(t);
        auto tree = set_.find(t.name);
        if (!tree) {
            errorf("template " + go_quote(t.name) + " not defined");
        }
        const Value new_dot = eval_pipeline(dot, t.pipe.get());
        DepthGuard guard(*this);
        State inner(set_, budget_, std::move(tree));
        inner.vars_.emplace_back("$", new_dot);
        inner.walk(new_dot, *inner.tmpl_->root);
        write(inner.out_);
    }

    // ---- evaluation --------------------------------------------------------
    Value eval_pipeline(const Value& dot, const PipeNode* pipe) {
        if (pipe == nullptr) {
            return {};
        }
        at(*pipe);
        std::optional<Value> value;
        for (const auto& cmd : pipe->cmds) {
            value = eval_command(dot, *cmd, value);
            // Go digs into interface{} values after every command.
            if (value->boxed()) {
                value = value->unboxed();
            }
        }
        for (const auto& name : pipe->decl) {
            if (pipe->is_assign) {
                set_var(name, *value);
            } else {
                vars_.emplace_back(name, *value);
            }
        }
        return *value;
    }

    void not_a_function(const std::vector<NodePtr>& args, const std::optional<Value>& final) {
        if (args.size() > 1 || final) {
            errorf("can't give argument to non-function " + args[0]->str());
        }
    }

    Value eval_command(const Value& dot, const CommandNode& cmd,
                       const std::optional<Value>& final) {
        step();
        const Node& first = *cmd.args[0];
        switch (first.type) {
        case NodeType::field:
            return eval_field_node(dot, static_cast<const FieldNode&>(first), cmd.args, final);
        case NodeType::chain:
            return eval_chain_node(dot, static_cast<const ChainNode&>(first), cmd.args, final);
        case NodeType::identifier:
            return eval_function(dot, static_cast<const IdentifierNode&>(first), cmd, &cmd.args,
                                 final);
        case NodeType::pipe:
            not_a_function(cmd.args, final);
            return eval_pipeline(dot, static_cast<const PipeNode*>(&first));
        case NodeType::variable:
            return eval_variable_node(dot, static_cast<const VariableNode&>(first), &cmd.args,
                                      final);
        default:
            break;
        }
        at(first);
        not_a_function(cmd.args, final);
        switch (first.type) {
        case NodeType::boolean:
            return Value::boolean(static_cast<const BoolNode&>(first).value);
        case NodeType::dot:
            return dot;
        case NodeType::nil:
            errorf("nil is not a command");
        case NodeType::number:
            return ideal_constant(static_cast<const NumberNode&>(first));
        case NodeType::string:
            return Value::string(static_cast<const StringNode&>(first).text);
        default:
            errorf("can't evaluate command " + go_quote(first.str()));
        }
    }

    Value ideal_constant(const NumberNode& n) {
        at(n);
        const bool rune = !n.text.empty() && n.text[0] == '\'';
        if (n.is_float && !is_hex_int(n.text) && !rune &&
            n.text.find_first_of(".eEpP") != std::string::npos) {
            return Value::floating(n.float_value);
        }
        if (n.is_int) {
            return Value::integer(n.int_value);
        }
        if (n.is_uint) {
            errorf(n.text + " overflows int");
        }
        return {};
    }

    Value eval_field_node(const Value& dot, const FieldNode& field,
                          const std::vector<NodePtr>& args, const std::optional<Value>& final) {
        at(field);
        return eval_field_chain(dot, dot, field, field.idents, 0, &args, final);
    }

    Value eval_chain_node(const Value& dot, const ChainNode& chain,
                          const std::vector<NodePtr>& args, const std::optional<Value>& final) {
        at(chain);
        if (chain.node->type == NodeType::nil) {
            errorf("indirection through explicit nil in " + chain.str());
        }
        const Value base = eval_arg_untyped(dot, *chain.node);
        return eval_field_chain(dot, base, chain, chain.fields, 0, &args, final);
    }

    Value eval_variable_node(const Value& dot, const VariableNode& v,
                             const std::vector<NodePtr>* args, const std::optional<Value>& final) {
        at(v);
        const Value value = var_value(v.idents[0]);
        if (v.idents.size() == 1) {
            if (args != nullptr) {
                not_a_function(*args, final);
            }
            return value;
        }
        return eval_field_chain(dot, value, v, v.idents, 1, args, final);
    }

    Value eval_field_chain(const Value& dot, Value receiver, const Node& node,
                           const std::vector<std::string>& idents, std::size_t from,
                           const std::vector<NodePtr>* args, const std::optional<Value>& final) {
        for (std::size_t i = from; i + 1 < idents.size(); ++i) {
            receiver = eval_field(dot, idents[i], node, nullptr, std::nullopt, receiver);
        }
        return eval_field(dot, idents.back(), node, args, final, receiver);
    }

    Value eval_field(const Value& dot, const std::string& name, const Node& node,
                     const std::vector<NodePtr>* args, const std::optional<Value>& final,
                     const Value& receiver) {
        if (receiver.is_nil() && !receiver.boxed()) {
            return {}; // missingkey=zero: a field of nothing is nothing
        }
        const std::string static_type = receiver.boxed() ? "interface {}" : receiver.type_name();
        if (receiver.is_nil()) {
            errorf("nil pointer evaluating " + static_type + "." + name);
        }
        const bool has_args = (args != nullptr && args->size() > 1) || final.has_value();
        if (const NamedType* type = receiver.named_type()) {
            if (std::optional<Function> method = type->method(name, receiver.unboxed())) {
                return eval_call(dot, *method, node, name, args, final);
            }
        }
        if (receiver.kind() == Kind::object) {
            const Object& obj = receiver.as_object();
            if (const Function* method = obj.method(name)) {
                return eval_call(dot, *method, node, name, args, final);
            }
            if (std::optional<Value> field = obj.field(name)) {
                if (has_args) {
                    errorf(name + " has arguments but cannot be invoked as function");
                }
                return *field;
            }
        } else if (receiver.kind() == Kind::map) {
            if (has_args) {
                errorf(name + " is not a method but has arguments");
            }
            const Map& m = receiver.as_map();
            auto it = m.find(name);
            return it == m.end() ? Value::boxed_nil() : it->second.as_boxed();
        }
        errorf("can't evaluate field " + name + " in type " + static_type);
    }

    Value eval_function(const Value& dot, const IdentifierNode& ident, const Node& cmd,
                        const std::vector<NodePtr>* args, const std::optional<Value>& final) {
        at(ident);
        if (const Function* f = set_.functions().find(ident.name)) {
            return eval_call(dot, *f, cmd, ident.name, args, final);
        }
        if (is_builtin_function(ident.name)) {
            return eval_builtin(dot, cmd, ident.name, args, final);
        }
        errorf(go_quote(ident.name) + " is not a defined function");
    }

    // ---- arguments ---------------------------------------------------------
    // evalArg with no type: what a chain's base or an argument of a reflect.Value
    // parameter evaluates to.
    Value eval_arg_untyped(const Value& dot, const Node& n) {
        at(n);
        switch (n.type) {
        case NodeType::dot:
            return dot;
        case NodeType::nil:
            // For a reflect.Value parameter Go passes the zero reflect.Value:
            // no value at all, not a nil interface{} (len nil fails in
            // reflect, index nil is "index of untyped nil").
            return Value{};
        case NodeType::field:
            return eval_field_node(dot, static_cast<const FieldNode&>(n), single(n), std::nullopt);
        case NodeType::variable:
            return eval_variable_node(dot, static_cast<const VariableNode&>(n), nullptr,
                                      std::nullopt);
        case NodeType::pipe:
            return eval_pipeline(dot, static_cast<const PipeNode*>(&n));
        case NodeType::identifier:
            return eval_function(dot, static_cast<const IdentifierNode&>(n), n, nullptr,
                                 std::nullopt);
        case NodeType::chain:
            return eval_chain_node(dot, static_cast<const ChainNode&>(n), single(n), std::nullopt);
        case NodeType::boolean:
            return Value::boolean(static_cast<const BoolNode&>(n).value);
        case NodeType::number:
            return ideal_constant(static_cast<const NumberNode&>(n));
        case NodeType::string:
            return Value::string(static_cast<const StringNode&>(n).text);
        default:
            errorf("can't handle " + n.str() + " for arg");
        }
    }

    static const std::vector<NodePtr>& single(const Node&) {
        // A field or chain given as an argument has itself as its only "arg".
        static const std::vector<NodePtr> one = [] {
            std::vector<NodePtr> v;
            v.push_back(nullptr);
            return v;
        }();
        return one;
    }

    // validateType: a value already computed, checked against a parameter type.
    Value validate(const Value& v, Type t) {
        if (v.is_nil() && !v.boxed()) {
            if (can_be_nil(t)) {
                return {};
            }
            errorf("invalid value; expected " + std::string(go_type_name(t)));
        }
        if (t == Type::any) {
            return v;
        }
        if (v.boxed() && v.is_nil()) {
            errorf("wrong type for value; expected " + std::string(go_type_name(t)) +
                   "; got interface {}");
        }
        if (!assignable(v, t)) {
            errorf("wrong type for value; expected " + std::string(go_type_name(t)) + "; got " +
                   v.type_name());
        }
        return v;
    }

    Value eval_arg(const Value& dot, Type t, const Node& n) {
        at(n);
        switch (n.type) {
        case NodeType::dot:
        case NodeType::field:
        case NodeType::variable:
        case NodeType::pipe:
        case NodeType::identifier:
        case NodeType::chain:
            return validate(eval_arg_untyped(dot, n), t);
        case NodeType::nil:
            if (can_be_nil(t)) {
                return t == Type::any ? Value::boxed_nil() : Value{};
            }
            errorf("cannot assign nil to " + std::string(go_type_name(t)));
        default:
            break;
        }
        switch (t) {
        case Type::boolean:
            if (n.type == NodeType::boolean) {
                return Value::boolean(static_cast<const BoolNode&>(n).value);
            }
            errorf("expected bool; found " + n.str());
        case Type::float64:
            if (n.type == NodeType::number && static_cast<const NumberNode&>(n).is_float) {
                return Value::floating(static_cast<const NumberNode&>(n).float_value);
            }
            errorf("expected float; found " + n.str());
        case Type::int_:
        case Type::int64:
            if (n.type == NodeType::number && static_cast<const NumberNode&>(n).is_int) {
                return Value::integer(static_cast<const NumberNode&>(n).int_value,
                                      t == Type::int_ ? IntType::int_ : IntType::int64);
            }
            errorf("expected integer; found " + n.str());
        case Type::string:
            if (n.type == NodeType::string) {
                return Value::string(static_cast<const StringNode&>(n).text);
            }
            errorf("expected string; found " + n.str());
        case Type::any:
            return eval_arg_untyped(dot, n);
        default:
            errorf("can't handle " + n.str() + " for arg of type " + std::string(go_type_name(t)));
        }
    }

    // ---- calls ---------------------------------------------------------------
    Value eval_call(const Value& dot, const Function& fn, const Node& node, const std::string& name,
                    const std::vector<NodePtr>* args_in, const std::optional<Value>& final) {
        const Signature& sig = fn.signature;
        const std::size_t given =
            (args_in != nullptr && !args_in->empty() ? args_in->size() - 1 : 0);
        const std::size_t num_in = given + (final ? 1 : 0);
        const std::size_t nparams = sig.params.size();
        const std::size_t num_fixed = sig.variadic ? nparams - 1 : given;
        if (sig.variadic) {
            if (num_in < num_fixed) {
                errorf("wrong number of args for " + name + ": want at least " +
                       std::to_string(nparams - 1) + " got " + std::to_string(given));
            }
        } else if (num_in != nparams) {
            errorf("wrong number of args for " + name + ": want " + std::to_string(nparams) +
                   " got " + std::to_string(num_in));
        }
        std::vector<Value> argv;
        argv.reserve(num_in);
        std::size_t i = 0;
        for (; i < num_fixed && i < given; ++i) {
            argv.push_back(eval_arg(dot, sig.params[i], *(*args_in)[i + 1]).unboxed());
        }
        if (sig.variadic) {
            for (; i < given; ++i) {
                argv.push_back(eval_arg(dot, sig.params.back(), *(*args_in)[i + 1]).unboxed());
            }
        }
        if (final) {
            Type t = sig.params.empty() ? Type::any : sig.params.back();
            if (sig.variadic && num_in - 1 < num_fixed) {
                t = sig.params[num_in - 1];
            }
            argv.push_back(validate(*final, t).unboxed());
        }
        Value result;
        try {
            result = fn.call(*this, argv);
        } catch (const Error& e) {
            at(node);
            errorf("error calling " + name + ": " + e.what());
        } catch (const std::exception& e) {
            at(node);
            errorf("error calling " + name + ": " + e.what());
        }
        step();
        if (result.kind() == Kind::string && !budget_.charge_bytes(result.as_string().size())) {
            at(node);
            errorf("template output exceeded " + std::to_string(budget_.limits().max_bytes) +
                   " bytes");
        }
        return sig.result == Type::any ? result.as_boxed() : result.unboxed();
    }

    // A builtin's argument for a reflect.Value parameter: any value, as it is.
    Value reflect_arg(const Value& dot, const Node& n) { return eval_arg_untyped(dot, n); }

    Value eval_builtin(const Value& dot, const Node& node, const std::string& name,
                       const std::vector<NodePtr>* args_in, const std::optional<Value>& final) {
        const std::size_t given =
            (args_in != nullptr && !args_in->empty() ? args_in->size() - 1 : 0);
        const std::size_t num_in = given + (final ? 1 : 0);
        auto arg_node = [&](std::size_t i) -> const Node& { return *(*args_in)[i + 1]; };
        auto want = [&](std::size_t n) {
            if (num_in != n) {
                errorf("wrong number of args for " + name + ": want " + std::to_string(n) +
                       " got " + std::to_string(num_in));
            }
        };
        auto want_at_least = [&](std::size_t n) {
            if (num_in < n) {
                errorf("wrong number of args for " + name + ": want at least " + std::to_string(n) +
                       " got " + std::to_string(given));
            }
        };
        auto final_reflect = [&]() { return *final; };
        // All arguments as reflect.Values (or as interface{} for print and friends).
        auto all_args = [&](bool as_interface) {
            std::vector<Value> argv;
            for (std::size_t i = 0; i < given; ++i) {
                argv.push_back(as_interface ? eval_arg(dot, Type::any, arg_node(i))
                                            : reflect_arg(dot, arg_node(i)));
            }
            if (final) {
                argv.push_back(as_interface ? *final : final_reflect());
            }
            return argv;
        };
        auto call = [&](auto&& body) -> Value {
            try {
                return body();
            } catch (const Error& e) {
                at(node);
                errorf("error calling " + name + ": " + e.what());
            }
        };

        if (name == "and" || name == "or") {
            want_at_least(1);
            const bool is_or = name == "or";
            Value v;
            for (std::size_t i = 0; i < given; ++i) {
                v = reflect_arg(dot, arg_node(i));
                if (v.truthy() == is_or) {
                    return v;
                }
            }
            if (final) {
                v = final_reflect();
            }
            return v;
        }
        if (name == "not") {
            want(1);
            return Value::boolean(!all_args(false)[0].truthy());
        }
        if (name == "len") {
            want(1);
            return call([&] { return builtin_len(all_args(false)[0]); });
        }
        if (name == "index") {
            want_at_least(1);
            auto argv = all_args(false);
            return call(
                [&] { return builtin_index(argv[0], std::span<const Value>(argv).subspan(1)); });
        }
        if (name == "slice") {
            want_at_least(1);
            auto argv = all_args(false);
            return call(
                [&] { return builtin_slice(argv[0], std::span<const Value>(argv).subspan(1)); });
        }
        if (name == "print" || name == "println") {
            auto argv = all_args(true);
            return Value::string(name == "print" ? go_sprint(argv) : go_sprintln(argv));
        }
        if (name == "printf") {
            want_at_least(1);
            std::vector<Value> argv;
            if (given > 0) {
                argv.push_back(eval_arg(dot, Type::string, arg_node(0)).unboxed());
                for (std::size_t i = 1; i < given; ++i) {
                    argv.push_back(eval_arg(dot, Type::any, arg_node(i)));
                }
                if (final) {
                    argv.push_back(*final);
                }
            } else {
                argv.push_back(validate(*final, Type::string).unboxed());
            }
            return Value::string(
                go_sprintf(argv[0].as_string(), std::span<const Value>(argv).subspan(1)));
        }
        if (name == "html" || name == "js" || name == "urlquery") {
            auto argv = all_args(true);
            const std::string text = args_text(argv);
            return Value::string(name == "html" ? html_escape(text)
                                 : name == "js" ? js_escape(text)
                                                : query_escape(text));
        }
        if (name == "call") {
            want_at_least(1);
            auto argv = all_args(false);
            return call([&]() -> Value {
                if (argv[0].is_nil()) {
                    fail(ErrorCode::spec, "call of nil");
                }
                fail(ErrorCode::spec,
                     "non-function " + arg_node(0).str() + " of type " + argv[0].type_name());
            });
        }
        if (name == "eq") {
            want_at_least(1);
            auto argv = all_args(false);
            return call([&] {
                for (auto& a : argv) {
                    a = a.unboxed();
                }
                return Value::boolean(builtin_eq(argv[0], std::span<const Value>(argv).subspan(1)));
            });
        }
        if (name == "ne" || name == "lt" || name == "le" || name == "gt" || name == "ge") {
            want(2);
            auto argv = all_args(false);
            return call([&] {
                const Value a = argv[0].unboxed();
                const Value b = argv[1].unboxed();
                if (name == "ne") {
                    return Value::boolean(!builtin_eq(a, std::span<const Value>(&b, 1)));
                }
                if (name == "lt") {
                    return Value::boolean(builtin_lt(a, b));
                }
                if (name == "le") {
                    return Value::boolean(builtin_le(a, b));
                }
                if (name == "gt") {
                    return Value::boolean(!builtin_le(a, b));
                }
                return Value::boolean(!builtin_lt(a, b));
            });
        }
        errorf(go_quote(name) + " is not a defined function");
    }

    const TemplateSet& set_;
    Budget& budget_;
    std::shared_ptr<const Tree> tmpl_;
    std::string out_;
    const Node* node_ = nullptr;
    std::vector<std::pair<std::string, Value>> vars_;
};

} // namespace

std::string TemplateSet::execute(const std::string& name, const Value& dot, Budget& budget) const {
    auto tree = find(name);
    if (!tree) {
        fail(ErrorCode::spec, "template: no template " + go_quote(name) +
                                  " associated with template " + go_quote(name_));
    }
    State state(*this, budget, std::move(tree));
    return state.run(dot.unboxed());
}

} // namespace airlock::gotemplate
