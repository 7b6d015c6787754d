#pragma once
// .Files: a chart's non-template files as Helm offers them to templates, a
// map of path to bytes with Get, GetBytes, Glob, Lines, AsConfig and AsSecrets.
#include "common/archive/tgz.hpp"
#include "common/gotemplate/value.hpp"

#include <string_view>
#include <vector>

namespace airlock::helm {

gotemplate::Value files_value(const std::vector<TgzFile>& files);

// Whether `name` matches a .Files.Glob pattern (files_glob.hpp); nullopt for
// a pattern gobwas refuses (Helm then matches everything).
std::optional<bool> files_glob_match(std::string_view pattern, std::string_view name);

} // namespace airlock::helm
