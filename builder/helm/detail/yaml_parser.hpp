#pragma once
// Private to builder/helm: libyaml's parser as go-yaml v2 runs it, turning
// the scanner's tokens into events (document, collection start and end,
// scalar, alias) with the same grammar and the same errors.
#include "builder/helm/detail/yaml_scanner.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock::helm::detail {

enum class EventType : std::uint8_t {
    stream_start,
    stream_end,
    document_start,
    document_end,
    alias,
    scalar,
    sequence_start,
    sequence_end,
    mapping_start,
    mapping_end,
};

struct Event {
    EventType type = EventType::stream_start;
    Mark start;
    Mark end;
    std::string anchor;           // an alias's target, or a node's anchor
    std::string tag;              // resolved through %TAG directives; "!" for the lone "!" tag
    std::string value;            // a scalar's text
    bool implicit = false;        // a plain scalar without a tag (or with "!")
    bool quoted_implicit = false; // a non-plain scalar without a tag
    TokenStyle style = TokenStyle::plain;
};

class YamlParser {
  public:
    explicit YamlParser(std::string_view text) : scanner_(text) {}

    // The next event. Throws YamlProblem.
    Event next();

  private:
    enum class State : std::uint8_t {
        stream_start,
        implicit_document_start,
        document_start,
        document_content,
        document_end,
        block_node,
        block_sequence_first_entry,
        block_sequence_entry,
        indentless_sequence_entry,
        block_mapping_first_key,
        block_mapping_key,
        block_mapping_value,
        flow_sequence_first_entry,
        flow_sequence_entry,
        flow_sequence_entry_mapping_key,
        flow_sequence_entry_mapping_value,
        flow_sequence_entry_mapping_end,
        flow_mapping_first_key,
        flow_mapping_key,
        flow_mapping_value,
        flow_mapping_empty_value,
        end,
    };

    [[noreturn]] void parser_error(const char* problem, const Mark& problem_mark) const;
    [[noreturn]] void parser_error_context(const Mark& context_mark, const char* problem,
                                           const Mark& problem_mark) const;
    State pop_state();

    Event stream_start();
    Event document_start(bool implicit);
    Event document_content();
    Event document_end();
    Event node(bool block, bool indentless_sequence);
    Event block_sequence_entry(bool first);
    Event indentless_sequence_entry();
    Event block_mapping_key(bool first);
    Event block_mapping_value();
    Event flow_sequence_entry(bool first);
    Event flow_sequence_entry_mapping_key();
    Event flow_sequence_entry_mapping_value();
    Event flow_sequence_entry_mapping_end();
    Event flow_mapping_key(bool first);
    Event flow_mapping_value(bool empty);
    static Event empty_scalar(const Mark& mark);
    void process_directives(bool explicit_document);

    YamlScanner scanner_;
    State state_ = State::stream_start;
    std::vector<State> states_;
    std::vector<Mark> marks_;
    // %TAG handles and prefixes of the current document, then the defaults.
    std::vector<std::pair<std::string, std::string>> tag_directives_;
};

} // namespace airlock::helm::detail
