#pragma once
// Logging to stderr. Messages are single lines; --quiet hides info, --verbose shows debug.
#include <string>

namespace airlock::log {

enum class Level { debug, info, warn, error, off };

void set_level(Level level);
Level level();
void debug(const std::string& message);
void info(const std::string& message);
void warn(const std::string& message);
void error(const std::string& message);

} // namespace airlock::log
