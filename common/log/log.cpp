#include "common/log/log.hpp"

// spdlog and fmt compiled into this file rather than loaded as two more
// shared libraries at every start (about 1.5 ms of a short command).
#define SPDLOG_HEADER_ONLY
#define FMT_HEADER_ONLY
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace airlock::log {

namespace {
std::shared_ptr<spdlog::logger> logger() {
    static auto l = [] {
        auto lg = spdlog::stderr_color_mt("airlock");
        lg->set_pattern("%^%l%$: %v");
        lg->set_level(spdlog::level::info);
        return lg;
    }();
    return l;
}
Level current = Level::info;
} // namespace

void set_level(Level lvl) {
    current = lvl;
    static constexpr spdlog::level::level_enum map[] = {spdlog::level::debug, spdlog::level::info,
                                                        spdlog::level::warn, spdlog::level::err,
                                                        spdlog::level::off};
    logger()->set_level(map[static_cast<int>(lvl)]);
}
Level level() {
    return current;
}
void debug(const std::string& m) {
    logger()->debug(m);
}
void info(const std::string& m) {
    logger()->info(m);
}
void warn(const std::string& m) {
    logger()->warn(m);
}
void error(const std::string& m) {
    logger()->error(m);
}

} // namespace airlock::log
