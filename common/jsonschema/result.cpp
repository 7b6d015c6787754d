#include "common/jsonschema/detail/text.hpp"
#include "common/jsonschema/schema.hpp"

namespace airlock::jsonschema {

namespace {

std::string at(const std::string& location) {
    return "at " + detail::quote(location);
}

// santhosh's display: "- " lines, two spaces per level; a $ref step with a
// single cause gives its place to the cause.
void display(const ValidationError& e, std::size_t indent, std::string& out) {
    if (!e.hidden) {
        if (!out.empty()) {
            out += '\n';
        }
        out.append((indent - 1) * 2, ' ');
        out += "- " + at(e.instance_location) + ": " + e.message;
        ++indent;
    }
    for (const auto& cause : e.causes) {
        display(cause, indent, out);
    }
}

void collect(const ValidationError& e, std::vector<Violation>& out) {
    if (e.group || e.hidden) {
        for (const auto& cause : e.causes) {
            collect(cause, out);
        }
        return;
    }
    out.push_back({e.instance_location, e.message});
}

} // namespace

std::vector<Violation> ValidationResult::violations() const {
    std::vector<Violation> out;
    for (const auto& e : errors_) {
        collect(e, out);
    }
    return out;
}

std::string ValidationResult::text() const {
    std::string out;
    for (const auto& e : errors_) {
        display(e, 1, out);
    }
    return out;
}

std::string ValidationResult::one_line(std::size_t limit) const {
    const auto all = violations();
    std::string out;
    for (std::size_t i = 0; i < all.size() && i < limit; ++i) {
        out += (i == 0 ? "" : "; ") + at(all[i].instance_location) + ": " + all[i].message;
    }
    if (all.size() > limit) {
        out += " (and " + std::to_string(all.size() - limit) + " more)";
    }
    return out;
}

} // namespace airlock::jsonschema
