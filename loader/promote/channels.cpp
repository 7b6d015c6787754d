#include "loader/promote/channels.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

constexpr std::size_t max_channels_bytes = 4 * 1024 * 1024;

std::filesystem::path channels_file(const std::filesystem::path& state_dir) {
    return state_dir / "channels.json";
}

bool tag_char(char c, bool first) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || c == '_' || (!first && (c == '.' || c == '-'));
}

} // namespace

std::string channel_tag_problem(std::string_view channel) {
    if (channel.empty()) {
        return "a channel cannot be empty";
    }
    if (channel.size() > 128) {
        return "a channel is at most 128 characters (it is a registry tag)";
    }
    for (std::size_t i = 0; i < channel.size(); ++i) {
        if (!tag_char(channel[i], i == 0)) {
            return "channel \"" + std::string(channel) +
                   "\" is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]*)";
        }
    }
    return "";
}

Channels read_channels(const std::filesystem::path& state_dir) {
    const std::filesystem::path file = channels_file(state_dir);
    Channels out;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return out;
    }
    nlohmann::json j = nlohmann::json::parse(read_file(file, max_channels_bytes), nullptr, false);
    if (!j.is_object() || !j.contains("channels") ||
        !(j["channels"].is_array() || j["channels"].is_object())) {
        fail(ErrorCode::io, file.string() + ": not a channels file; restore it from backup");
    }
    const bool keyed = j["channels"].is_object(); // the first format: keyed by channel
    for (const auto& item : j["channels"].items()) {
        const nlohmann::json& c = item.value();
        const std::string where = keyed ? "channel \"" + item.key() + "\"" : "entry " + item.key();
        try {
            ChannelRecord r{keyed ? item.key() : c.at("channel").get<std::string>(),
                            c.at("name").get<std::string>(), c.at("version").get<std::string>(),
                            c.at("bomDigest").get<std::string>(),
                            c.at("promotedAt").get<std::string>()};
            out[{r.name, r.channel}] = std::move(r);
        } catch (const nlohmann::json::exception&) {
            fail(ErrorCode::io, file.string() + ": " + where +
                                    " lacks channel, name, version, bomDigest or promotedAt");
        }
    }
    return out;
}

nlohmann::json channels_json(const Channels& channels) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& entry : channels) {
        const ChannelRecord& c = entry.second;
        all.push_back({{"channel", c.channel},
                       {"name", c.name},
                       {"version", c.version},
                       {"bomDigest", c.bom_digest},
                       {"promotedAt", c.promoted_at}});
    }
    return all;
}

void write_channels(const std::filesystem::path& state_dir, const Channels& channels) {
    nlohmann::json j = {{"channels", channels_json(channels)}};
    write_file_atomic(channels_file(state_dir), j.dump(2) + "\n", 0600);
}

std::string channels_text(const Channels& channels) {
    if (channels.empty()) {
        return "";
    }
    std::string out = "channels:\n";
    for (const auto& entry : channels) {
        const ChannelRecord& c = entry.second;
        out += "  " + c.channel + "  " + c.name + " " + c.version + " (" + c.bom_digest +
               ", promoted " + c.promoted_at + ")\n";
    }
    return out;
}

std::string channels_prometheus(const Channels& channels) {
    if (channels.empty()) {
        return "";
    }
    std::string out = "# HELP airlock_channel_info The generation each promoted channel holds.\n"
                      "# TYPE airlock_channel_info gauge\n";
    for (const auto& entry : channels) {
        const ChannelRecord& c = entry.second;
        out += "airlock_channel_info{channel=" + prometheus_label(c.channel) +
               ",name=" + prometheus_label(c.name) + ",version=" + prometheus_label(c.version) +
               ",bom_digest=" + prometheus_label(c.bom_digest) + "} 1\n";
    }
    return out;
}

} // namespace airlock::loader
