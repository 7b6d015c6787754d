#include "builder/sbom/detail/control_fields.hpp"

#include <cctype>

namespace airlock::sbom::detail {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// Calls fn(line) for each line, without its '\n'.
template <typename Fn> void for_each_line(std::string_view text, Fn&& fn) {
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        fn(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
}

} // namespace

void for_each_paragraph(std::string_view text, const std::function<void(const Paragraph&)>& fn) {
    Paragraph p;
    std::string* last = nullptr;
    bool last_is_new = false;
    auto flush = [&] {
        if (!p.empty()) {
            fn(p);
        }
        p.clear();
        last = nullptr;
    };
    for_each_line(text, [&](std::string_view line) {
        if (trim(line).empty()) {
            flush();
            return;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            if (last != nullptr && last_is_new) {
                *last += '\n';
                *last += trim(line);
            }
            return;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            last = nullptr; // not a field: ignored, with its continuations
            return;
        }
        std::string key(trim(line.substr(0, colon)));
        for (char& c : key) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        auto [it, inserted] = p.emplace(std::move(key), std::string(trim(line.substr(colon + 1))));
        last = &it->second;
        last_is_new = inserted;
    });
    flush();
}

void for_each_apk_record(std::string_view text, const std::function<void(const Paragraph&)>& fn) {
    Paragraph p;
    auto flush = [&] {
        if (!p.empty()) {
            fn(p);
        }
        p.clear();
    };
    for_each_line(text, [&](std::string_view line) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            flush();
            return;
        }
        if (line.size() < 2 || line[1] != ':') {
            return;
        }
        p.emplace(std::string(1, line[0]), std::string(line.substr(2)));
    });
    flush();
}

const std::string* field(const Paragraph& p, const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? nullptr : &it->second;
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

} // namespace airlock::sbom::detail
