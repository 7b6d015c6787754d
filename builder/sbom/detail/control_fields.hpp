#pragma once
// Private to builder/sbom. Paragraph-of-fields text as dpkg (deb822:
// "Key: value", continuation lines starting with a space or tab, paragraphs
// split by blank lines) and apk ("K:value" lines) write it.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sbom::detail {

// Keys lowercased (deb822 keys are case-insensitive); for a repeated key the
// first value is kept. Continuation lines are joined with '\n'.
using Paragraph = std::map<std::string, std::string>;

void for_each_paragraph(std::string_view text, const std::function<void(const Paragraph&)>& fn);

// apk's installed database: one "K:value" per line, single-letter keys kept
// as they are (case matters: 'P' package, 'p' provides).
void for_each_apk_record(std::string_view text, const std::function<void(const Paragraph&)>& fn);

const std::string* field(const Paragraph& p, const std::string& key);

std::vector<std::string_view> split_words(std::string_view text);

} // namespace airlock::sbom::detail
