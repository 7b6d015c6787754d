#pragma once
// Channels (STATE/channels.json): which generation each bundle's channel tag
// ("staging", "prod") was last promoted to. A channel is per bundle name, as
// the tag is per repository: promoting `core` to prod leaves `edge`'s prod. Written atomically,
// like the state's other files, by the one writer that holds the state lock.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json_fwd.hpp>

namespace airlock::loader {

struct ChannelRecord {
    std::string channel;
    std::string name;
    std::string version;
    std::string bom_digest;
    std::string promoted_at;
};

// (bundle name, channel) -> the generation it holds.
using ChannelKey = std::pair<std::string, std::string>;
using Channels = std::map<ChannelKey, ChannelRecord>;

// Why `channel` cannot be a registry tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}),
// or "" when it can.
std::string channel_tag_problem(std::string_view channel);

// The channels recorded in `state_dir`; none when the file is absent. Also
// reads the first format, an object keyed by channel alone.
// Error(io) naming the file when it cannot be read or parsed.
Channels read_channels(const std::filesystem::path& state_dir);
// Replaces the file atomically (0600).
void write_channels(const std::filesystem::path& state_dir, const Channels& channels);

// One line per bundle's channel, "  prod  app 2.0.0 (sha256:..., promoted ...)", under
// a "channels:" heading; "" when there are none.
std::string channels_text(const Channels& channels);
// airlock_channel_info{channel,name,version,bom_digest} 1 per record, with
// its HELP and TYPE lines; "" when there are none.
std::string channels_prometheus(const Channels& channels);
// [{channel, name, version, bomDigest, promotedAt}], as status --json shows them.
nlohmann::json channels_json(const Channels& channels);

} // namespace airlock::loader
