#pragma once
// Private to builder/diff: sorts the items of two lists into groups by a key
// (a repository, a chart's name, a file's name) and pairs the old and new
// items of each group.
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace airlock::builder::detail {

template <typename T> struct Group {
    std::vector<const T*> olds;
    std::vector<const T*> news;
};

template <typename T> struct Pairing {
    std::vector<std::pair<const T*, const T*>> pairs; // old, new; in old's order
    std::vector<const T*> removed;                    // in old's order
    std::vector<const T*> added;                      // in new's order
};

template <typename T> using SameRule = std::function<bool(const T& old_item, const T& new_item)>;

// The groups by key, in key order.
template <typename T, typename KeyFn>
std::map<std::string, Group<T>> group_by(const std::vector<T>& olds, const std::vector<T>& news,
                                         KeyFn key) {
    std::map<std::string, Group<T>> groups;
    for (const T& item : olds) {
        groups[key(item)].olds.push_back(&item);
    }
    for (const T& item : news) {
        groups[key(item)].news.push_back(&item);
    }
    return groups;
}

// One item on each side: they are a pair. Otherwise each rule in turn pairs
// every unpaired old item with the first unpaired new item it holds for, and
// the items left over are removed (old) or added (new).
template <typename T>
Pairing<T> pair_group(const Group<T>& group, std::initializer_list<SameRule<T>> rules) {
    Pairing<T> out;
    if (group.olds.size() == 1 && group.news.size() == 1) {
        out.pairs.emplace_back(group.olds.front(), group.news.front());
        return out;
    }
    std::vector<const T*> partner(group.olds.size(), nullptr);
    std::vector<bool> taken(group.news.size(), false);
    for (const SameRule<T>& same : rules) {
        for (std::size_t o = 0; o < group.olds.size(); ++o) {
            for (std::size_t n = 0; n < group.news.size() && !partner[o]; ++n) {
                if (!taken[n] && same(*group.olds[o], *group.news[n])) {
                    partner[o] = group.news[n];
                    taken[n] = true;
                }
            }
        }
    }
    for (std::size_t o = 0; o < group.olds.size(); ++o) {
        if (partner[o]) {
            out.pairs.emplace_back(group.olds[o], partner[o]);
        } else {
            out.removed.push_back(group.olds[o]);
        }
    }
    for (std::size_t n = 0; n < group.news.size(); ++n) {
        if (!taken[n]) {
            out.added.push_back(group.news[n]);
        }
    }
    return out;
}

} // namespace airlock::builder::detail
