#include "common/core/cli_main.hpp"

#include "common/core/error.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock {

int run_guarded(const std::string& program, const std::function<int()>& body, bool json_errors) {
    auto report = [&](ErrorCode code, const std::string& message,
                      nlohmann::json j = nlohmann::json::object()) {
        if (json_errors) {
            j["error"] = {{"class", std::string(to_string(code))},
                          {"message", message},
                          {"exitCode", exit_code(code)}};
            std::cout << j.dump(2) << std::endl;
        }
        std::cerr << program << ": error: " << message << std::endl;
        return exit_code(code);
    };
    try {
        return body();
    } catch (const ReportedError& e) {
        return report(e.code(), e.what(), e.document());
    } catch (const Error& e) {
        return report(e.code(), e.what());
    } catch (const std::bad_alloc&) {
        return report(ErrorCode::internal, "out of memory");
    } catch (const std::exception& e) {
        return report(ErrorCode::internal, std::string("internal error: ") + e.what());
    }
}

} // namespace airlock
