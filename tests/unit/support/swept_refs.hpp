#pragma once
// The references a sweep found, in the order it reports them.
#include "builder/sweep/sweep.hpp"

#include <string>
#include <vector>

namespace airlock::test {

inline std::vector<std::string> swept_refs(const std::vector<builder::SweptImage>& found) {
    std::vector<std::string> out;
    for (const builder::SweptImage& s : found) {
        out.push_back(s.ref);
    }
    return out;
}

} // namespace airlock::test
