#pragma once
// What a trust update changes, for the operator who applies it.
#include "common/trust/trust_policy.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>


namespace airlock::loader {

struct PolicyChange {
    int from_version = 0;
    int to_version = 0;
    std::vector<std::pair<std::string, std::string>> keys_added;   // id, role
    std::vector<std::pair<std::string, std::string>> keys_removed; // id, role
    std::vector<std::string> revoked;                              // newly revoked ids
    std::map<std::string, std::pair<unsigned, unsigned>> require;  // role -> from, to

    std::string to_text() const;
};

PolicyChange diff_policies(const trust::TrustPolicy& from, const trust::TrustPolicy& to);

} // namespace airlock::loader
