#pragma once
// airlock-build inspect: what a bundle claims to hold, read from its head
// only. Signatures are shown as claims (key id, role, window); judging them
// against a trust policy is airlock-load verify's job.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace airlock::builder {

nlohmann::json inspect_bundle(const std::filesystem::path& bundle);
std::string format_inspection(const nlohmann::json& report);

} // namespace airlock::builder
