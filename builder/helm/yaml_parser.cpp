#include "builder/helm/detail/yaml_parser.hpp"

namespace airlock::helm::detail {

void YamlParser::parser_error(const char* problem, const Mark& problem_mark) const {
    YamlProblem p;
    p.stage = YamlProblem::Stage::parser;
    p.problem = problem;
    p.problem_mark = problem_mark;
    throw p;
}

void YamlParser::parser_error_context(const Mark& context_mark, const char* problem,
                                      const Mark& problem_mark) const {
    YamlProblem p;
    p.stage = YamlProblem::Stage::parser;
    p.problem = problem;
    p.problem_mark = problem_mark;
    p.context_mark = context_mark;
    throw p;
}

YamlParser::State YamlParser::pop_state() {
    const State s = states_.back();
    states_.pop_back();
    return s;
}

Event YamlParser::next() {
    switch (state_) {
    case State::stream_start:
        return stream_start();
    case State::implicit_document_start:
        return document_start(true);
    case State::document_start:
        return document_start(false);
    case State::document_content:
        return document_content();
    case State::document_end:
        return document_end();
    case State::block_node:
        return node(true, false);
    case State::block_sequence_first_entry:
        return block_sequence_entry(true);
    case State::block_sequence_entry:
        return block_sequence_entry(false);
    case State::indentless_sequence_entry:
        return indentless_sequence_entry();
    case State::block_mapping_first_key:
        return block_mapping_key(true);
    case State::block_mapping_key:
        return block_mapping_key(false);
    case State::block_mapping_value:
        return block_mapping_value();
    case State::flow_sequence_first_entry:
        return flow_sequence_entry(true);
    case State::flow_sequence_entry:
        return flow_sequence_entry(false);
    case State::flow_sequence_entry_mapping_key:
        return flow_sequence_entry_mapping_key();
    case State::flow_sequence_entry_mapping_value:
        return flow_sequence_entry_mapping_value();
    case State::flow_sequence_entry_mapping_end:
        return flow_sequence_entry_mapping_end();
    case State::flow_mapping_first_key:
        return flow_mapping_key(true);
    case State::flow_mapping_key:
        return flow_mapping_key(false);
    case State::flow_mapping_value:
        return flow_mapping_value(false);
    case State::flow_mapping_empty_value:
        return flow_mapping_value(true);
    case State::end:
        break;
    }
    Event e;
    e.type = EventType::stream_end;
    return e;
}

Event YamlParser::empty_scalar(const Mark& mark) {
    Event e;
    e.type = EventType::scalar;
    e.start = mark;
    e.end = mark;
    e.implicit = true;
    e.style = TokenStyle::plain;
    return e;
}

Event YamlParser::stream_start() {
    const Token& token = scanner_.peek();
    if (token.type != TokenType::stream_start) {
        parser_error("did not find expected <stream-start>", token.start);
    }
    state_ = State::implicit_document_start;
    Event e;
    e.type = EventType::stream_start;
    e.start = token.start;
    e.end = token.end;
    scanner_.skip();
    return e;
}

void YamlParser::process_directives(bool /*explicit_document*/) {
    bool have_version = false;
    const Token* token = &scanner_.peek();
    while (token->type == TokenType::version_directive || token->type == TokenType::tag_directive) {
        if (token->type == TokenType::version_directive) {
            if (have_version) {
                parser_error("found duplicate %YAML directive", token->start);
            }
            if (token->major != 1 || token->minor != 1) {
                parser_error("found incompatible YAML document", token->start);
            }
            have_version = true;
        } else {
            for (const auto& [handle, prefix] : tag_directives_) {
                if (handle == token->value) {
                    parser_error("found duplicate %TAG directive", token->start);
                }
            }
            tag_directives_.emplace_back(token->value, token->suffix);
        }
        scanner_.skip();
        token = &scanner_.peek();
    }
    for (const auto& [handle, prefix] :
         {std::pair<std::string, std::string>{"!", "!"}, {"!!", "tag:yaml.org,2002:"}}) {
        bool present = false;
        for (const auto& d : tag_directives_) {
            present = present || d.first == handle;
        }
        if (!present) {
            tag_directives_.emplace_back(handle, prefix);
        }
    }
}

Event YamlParser::document_start(bool implicit) {
    const Token* token = &scanner_.peek();
    if (!implicit) {
        while (token->type == TokenType::document_end) {
            scanner_.skip();
            token = &scanner_.peek();
        }
    }
    Event e;
    e.type = EventType::document_start;
    if (implicit && token->type != TokenType::version_directive &&
        token->type != TokenType::tag_directive && token->type != TokenType::document_start &&
        token->type != TokenType::stream_end) {
        process_directives(false);
        states_.push_back(State::document_end);
        state_ = State::block_node;
        const Token& t = scanner_.peek();
        e.start = t.start;
        e.end = t.end;
        e.implicit = true;
        return e;
    }
    if (token->type != TokenType::stream_end) {
        const Mark start = token->start;
        process_directives(true);
        token = &scanner_.peek();
        if (token->type != TokenType::document_start) {
            parser_error("did not find expected <document start>", token->start);
        }
        states_.push_back(State::document_end);
        state_ = State::document_content;
        e.start = start;
        e.end = token->end;
        scanner_.skip();
        return e;
    }
    state_ = State::end;
    e.type = EventType::stream_end;
    e.start = token->start;
    e.end = token->end;
    scanner_.skip();
    return e;
}

Event YamlParser::document_content() {
    const Token& token = scanner_.peek();
    if (token.type == TokenType::version_directive || token.type == TokenType::tag_directive ||
        token.type == TokenType::document_start || token.type == TokenType::document_end ||
        token.type == TokenType::stream_end) {
        state_ = pop_state();
        return empty_scalar(token.start);
    }
    return node(true, false);
}

Event YamlParser::document_end() {
    const Token& token = scanner_.peek();
    Event e;
    e.type = EventType::document_end;
    e.start = token.start;
    e.end = token.start;
    e.implicit = true;
    if (token.type == TokenType::document_end) {
        e.end = token.end;
        e.implicit = false;
        scanner_.skip();
    }
    tag_directives_.clear();
    state_ = State::document_start;
    return e;
}

Event YamlParser::node(bool block, bool indentless_sequence) {
    Token* token = &scanner_.peek();
    Event e;
    if (token->type == TokenType::alias) {
        state_ = pop_state();
        e.type = EventType::alias;
        e.start = token->start;
        e.end = token->end;
        e.anchor = std::move(token->value);
        scanner_.skip();
        return e;
    }
    Mark start = token->start;
    Mark end = token->start;
    Mark tag_mark;
    bool has_tag = false;
    std::string tag_handle;
    std::string tag_suffix;
    if (token->type == TokenType::anchor) {
        e.anchor = std::move(token->value);
        start = token->start;
        end = token->end;
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type == TokenType::tag) {
            has_tag = true;
            tag_handle = std::move(token->value);
            tag_suffix = std::move(token->suffix);
            tag_mark = token->start;
            end = token->end;
            scanner_.skip();
            token = &scanner_.peek();
        }
    } else if (token->type == TokenType::tag) {
        has_tag = true;
        tag_handle = std::move(token->value);
        tag_suffix = std::move(token->suffix);
        start = token->start;
        tag_mark = token->start;
        end = token->end;
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type == TokenType::anchor) {
            e.anchor = std::move(token->value);
            end = token->end;
            scanner_.skip();
            token = &scanner_.peek();
        }
    }
    if (has_tag) {
        if (tag_handle.empty()) {
            e.tag = std::move(tag_suffix);
        } else {
            for (const auto& [handle, prefix] : tag_directives_) {
                if (handle == tag_handle) {
                    e.tag = prefix + tag_suffix;
                    break;
                }
            }
            if (e.tag.empty()) {
                parser_error_context(start, "found undefined tag handle", tag_mark);
            }
        }
    }
    const bool implicit = e.tag.empty();
    e.start = start;
    if (indentless_sequence && token->type == TokenType::block_entry) {
        state_ = State::indentless_sequence_entry;
        e.type = EventType::sequence_start;
        e.end = token->end;
        e.implicit = implicit;
        return e;
    }
    if (token->type == TokenType::scalar) {
        e.type = EventType::scalar;
        e.end = token->end;
        if ((e.tag.empty() && token->style == TokenStyle::plain) || e.tag == "!") {
            e.implicit = true;
        } else if (e.tag.empty()) {
            e.quoted_implicit = true;
        }
        e.value = std::move(token->value);
        e.style = token->style;
        state_ = pop_state();
        scanner_.skip();
        return e;
    }
    if (token->type == TokenType::flow_sequence_start) {
        state_ = State::flow_sequence_first_entry;
        e.type = EventType::sequence_start;
        e.end = token->end;
        e.implicit = implicit;
        return e;
    }
    if (token->type == TokenType::flow_mapping_start) {
        state_ = State::flow_mapping_first_key;
        e.type = EventType::mapping_start;
        e.end = token->end;
        e.implicit = implicit;
        return e;
    }
    if (block && token->type == TokenType::block_sequence_start) {
        state_ = State::block_sequence_first_entry;
        e.type = EventType::sequence_start;
        e.end = token->end;
        e.implicit = implicit;
        return e;
    }
    if (block && token->type == TokenType::block_mapping_start) {
        state_ = State::block_mapping_first_key;
        e.type = EventType::mapping_start;
        e.end = token->end;
        e.implicit = implicit;
        return e;
    }
    if (!e.anchor.empty() || !e.tag.empty()) {
        // Properties without content: an empty plain scalar.
        state_ = pop_state();
        e.type = EventType::scalar;
        e.end = end;
        e.implicit = implicit;
        return e;
    }
    parser_error_context(start, "did not find expected node content", token->start);
}

Event YamlParser::block_sequence_entry(bool first) {
    if (first) {
        marks_.push_back(scanner_.peek().start);
        scanner_.skip();
    }
    const Token* token = &scanner_.peek();
    if (token->type == TokenType::block_entry) {
        const Mark mark = token->end;
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type != TokenType::block_entry && token->type != TokenType::block_end) {
            states_.push_back(State::block_sequence_entry);
            return node(true, false);
        }
        state_ = State::block_sequence_entry;
        return empty_scalar(mark);
    }
    if (token->type == TokenType::block_end) {
        state_ = pop_state();
        marks_.pop_back();
        Event e;
        e.type = EventType::sequence_end;
        e.start = token->start;
        e.end = token->end;
        scanner_.skip();
        return e;
    }
    const Mark context = marks_.back();
    marks_.pop_back();
    parser_error_context(context, "did not find expected '-' indicator", token->start);
}

Event YamlParser::indentless_sequence_entry() {
    const Token* token = &scanner_.peek();
    if (token->type == TokenType::block_entry) {
        const Mark mark = token->end;
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type != TokenType::block_entry && token->type != TokenType::key &&
            token->type != TokenType::value && token->type != TokenType::block_end) {
            states_.push_back(State::indentless_sequence_entry);
            return node(true, false);
        }
        state_ = State::indentless_sequence_entry;
        return empty_scalar(mark);
    }
    state_ = pop_state();
    Event e;
    e.type = EventType::sequence_end;
    e.start = token->start;
    e.end = token->start;
    return e;
}

Event YamlParser::block_mapping_key(bool first) {
    if (first) {
        marks_.push_back(scanner_.peek().start);
        scanner_.skip();
    }
    const Token* token = &scanner_.peek();
    if (token->type == TokenType::key) {
        const Mark mark = token->end;
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type != TokenType::key && token->type != TokenType::value &&
            token->type != TokenType::block_end) {
            states_.push_back(State::block_mapping_value);
            return node(true, true);
        }
        state_ = State::block_mapping_value;
        return empty_scalar(mark);
    }
    if (token->type == TokenType::block_end) {
        state_ = pop_state();
        marks_.pop_back();
        Event e;
        e.type = EventType::mapping_end;
        e.start = token->start;
        e.end = token->end;
        scanner_.skip();
        return e;
    }
    const Mark context = marks_.back();
    marks_.pop_back();
    parser_error_context(context, "did not find expected key", token->start);
}

Event YamlParser::block_mapping_value() {
    const Token* token = &scanner_.peek();
    if (token->type == TokenType::value) {
        const Mark mark = token->end;
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type != TokenType::key && token->type != TokenType::value &&
            token->type != TokenType::block_end) {
            states_.push_back(State::block_mapping_key);
            return node(true, true);
        }
        state_ = State::block_mapping_key;
        return empty_scalar(mark);
    }
    state_ = State::block_mapping_key;
    return empty_scalar(token->start);
}

Event YamlParser::flow_sequence_entry(bool first) {
    if (first) {
        marks_.push_back(scanner_.peek().start);
        scanner_.skip();
    }
    const Token* token = &scanner_.peek();
    if (token->type != TokenType::flow_sequence_end) {
        if (!first) {
            if (token->type == TokenType::flow_entry) {
                scanner_.skip();
                token = &scanner_.peek();
            } else {
                const Mark context = marks_.back();
                marks_.pop_back();
                parser_error_context(context, "did not find expected ',' or ']'", token->start);
            }
        }
        if (token->type == TokenType::key) {
            state_ = State::flow_sequence_entry_mapping_key;
            Event e;
            e.type = EventType::mapping_start;
            e.start = token->start;
            e.end = token->end;
            e.implicit = true;
            scanner_.skip();
            return e;
        }
        if (token->type != TokenType::flow_sequence_end) {
            states_.push_back(State::flow_sequence_entry);
            return node(false, false);
        }
    }
    state_ = pop_state();
    marks_.pop_back();
    Event e;
    e.type = EventType::sequence_end;
    e.start = token->start;
    e.end = token->end;
    scanner_.skip();
    return e;
}

Event YamlParser::flow_sequence_entry_mapping_key() {
    const Token& token = scanner_.peek();
    if (token.type != TokenType::value && token.type != TokenType::flow_entry &&
        token.type != TokenType::flow_sequence_end) {
        states_.push_back(State::flow_sequence_entry_mapping_value);
        return node(false, false);
    }
    const Mark mark = token.end;
    scanner_.skip();
    state_ = State::flow_sequence_entry_mapping_value;
    return empty_scalar(mark);
}

Event YamlParser::flow_sequence_entry_mapping_value() {
    const Token* token = &scanner_.peek();
    if (token->type == TokenType::value) {
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type != TokenType::flow_entry && token->type != TokenType::flow_sequence_end) {
            states_.push_back(State::flow_sequence_entry_mapping_end);
            return node(false, false);
        }
    }
    state_ = State::flow_sequence_entry_mapping_end;
    return empty_scalar(token->start);
}

Event YamlParser::flow_sequence_entry_mapping_end() {
    const Token& token = scanner_.peek();
    state_ = State::flow_sequence_entry;
    Event e;
    e.type = EventType::mapping_end;
    e.start = token.start;
    e.end = token.start;
    return e;
}

Event YamlParser::flow_mapping_key(bool first) {
    if (first) {
        marks_.push_back(scanner_.peek().start);
        scanner_.skip();
    }
    const Token* token = &scanner_.peek();
    if (token->type != TokenType::flow_mapping_end) {
        if (!first) {
            if (token->type == TokenType::flow_entry) {
                scanner_.skip();
                token = &scanner_.peek();
            } else {
                const Mark context = marks_.back();
                marks_.pop_back();
                parser_error_context(context, "did not find expected ',' or '}'", token->start);
            }
        }
        if (token->type == TokenType::key) {
            scanner_.skip();
            token = &scanner_.peek();
            if (token->type != TokenType::value && token->type != TokenType::flow_entry &&
                token->type != TokenType::flow_mapping_end) {
                states_.push_back(State::flow_mapping_value);
                return node(false, false);
            }
            state_ = State::flow_mapping_value;
            return empty_scalar(token->start);
        }
        if (token->type != TokenType::flow_mapping_end) {
            states_.push_back(State::flow_mapping_empty_value);
            return node(false, false);
        }
    }
    state_ = pop_state();
    marks_.pop_back();
    Event e;
    e.type = EventType::mapping_end;
    e.start = token->start;
    e.end = token->end;
    scanner_.skip();
    return e;
}

Event YamlParser::flow_mapping_value(bool empty) {
    const Token* token = &scanner_.peek();
    if (empty) {
        state_ = State::flow_mapping_key;
        return empty_scalar(token->start);
    }
    if (token->type == TokenType::value) {
        scanner_.skip();
        token = &scanner_.peek();
        if (token->type != TokenType::flow_entry && token->type != TokenType::flow_mapping_end) {
            states_.push_back(State::flow_mapping_key);
            return node(false, false);
        }
    }
    state_ = State::flow_mapping_key;
    return empty_scalar(token->start);
}

} // namespace airlock::helm::detail
