// The outputs of `airlock-build find-images`: a table for people, JSON for tools.
#include "builder/sweep/sweep_spec.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

namespace airlock::builder {

std::string describe_origin(const SweptOrigin& origin) {
    std::string s = origin.file;
    if (origin.line > 0) {
        s += ":" + std::to_string(origin.line);
    }
    if (origin.document > 1) {
        s += " (document " + std::to_string(origin.document) + ")";
    }
    if (!origin.path.empty()) {
        s += " " + origin.path;
    }
    return s;
}

nlohmann::json sweep_report_json(const SweepReport& report) {
    nlohmann::json images = nlohmann::json::array();
    for (const SweepEntry& entry : report.images) {
        nlohmann::json origins = nlohmann::json::array();
        for (const SweptOrigin& o : entry.origins) {
            origins.push_back(
                {{"file", o.file}, {"document", o.document}, {"path", o.path}, {"line", o.line}});
        }
        nlohmann::json image = {
            {"ref", entry.ref}, {"origins", origins}, {"status", to_string(entry.status)}};
        if (!entry.matched_by.empty()) {
            image["matchedBy"] = entry.matched_by;
        }
        images.push_back(std::move(image));
    }
    return {{"images", images}, {"notes", report.notes}};
}

std::string format_sweep_report(const SweepReport& report) {
    std::ostringstream out;
    if (report.images.empty()) {
        out << "No images found.\n";
    } else {
        std::size_t width = std::string_view("REFERENCE").size();
        for (const SweepEntry& e : report.images) {
            width = std::max(width, e.ref.size());
        }
        auto pad = [width](const std::string& s) {
            return s + std::string(width + 2 - s.size(), ' ');
        };
        out << pad("REFERENCE") << "ORIGIN\n";
        for (const SweepEntry& e : report.images) {
            for (std::size_t i = 0; i < e.origins.size(); ++i) {
                out << pad(i == 0 ? e.ref : std::string()) << describe_origin(e.origins[i]) << "\n";
            }
        }

        auto section = [&](SweepStatus status, const std::string& title) {
            if (report.count(status) == 0) {
                return;
            }
            out << "\n" << title << "\n";
            for (const SweepEntry& e : report.images) {
                if (e.status != status) {
                    continue;
                }
                out << "  " << e.ref;
                if (status == SweepStatus::allowed) {
                    out << "  (sweep.allow: " << e.matched_by << ")";
                } else if (status == SweepStatus::listed && e.matched_by != e.ref) {
                    out << "  (images: " << e.matched_by << ")";
                } else if (status == SweepStatus::missing) {
                    out << "  (" << describe_origin(e.origins.front());
                    if (e.origins.size() > 1) {
                        out << " and " << e.origins.size() - 1 << " more";
                    }
                    out << ")";
                }
                out << "\n";
            }
        };
        section(SweepStatus::listed, "Listed in images:");
        section(SweepStatus::allowed, "Allowed by sweep.allow:");
        section(SweepStatus::missing, "MISSING (neither in images: nor allowed by sweep.allow):");

        out << "\n"
            << report.images.size() << (report.images.size() == 1 ? " image: " : " images: ")
            << report.count(SweepStatus::listed) << " listed, "
            << report.count(SweepStatus::allowed) << " allowed, "
            << report.count(SweepStatus::missing) << " missing\n";
    }
    for (const std::string& note : report.notes) {
        out << "note: " << note << "\n";
    }
    return out.str();
}

} // namespace airlock::builder
