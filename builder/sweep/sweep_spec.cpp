#include "builder/sweep/sweep_spec.hpp"

#include "builder/render/render_chart.hpp"
#include "builder/sweep/image_collector.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/reference/reference.hpp"

#include <algorithm>
#include <fnmatch.h>
#include <system_error>

namespace airlock::builder {

namespace fs = std::filesystem;

namespace {

// Rendered manifests and values files are read whole; these bound them.
constexpr std::size_t manifest_max_bytes = std::size_t{64} << 20;
constexpr std::size_t values_max_bytes = std::size_t{16} << 20;

// `p` relative to the spec's directory when it lies beneath it.
std::string display_path(const fs::path& p, const fs::path& base) {
    fs::path rel = p.lexically_relative(base);
    if (!rel.empty() && *rel.begin() != "..") {
        return rel.generic_string();
    }
    return p.string();
}

bool has_glob(std::string_view s) {
    return s.find_first_of("*?[") != std::string_view::npos;
}

bool allows(const std::string& entry, const Reference& found) {
    const std::string canonical = found.str();
    if (!has_glob(entry)) {
        try {
            Reference allowed = Reference::parse(entry);
            return allowed.str() == canonical ||
                   (!sweep_detail::names_version(entry) && allowed.name() == found.name());
        } catch (const Error&) {
            return entry == canonical;
        }
    }
    return fnmatch(entry.c_str(), canonical.c_str(), 0) == 0 ||
           fnmatch(entry.c_str(), found.name().c_str(), 0) == 0;
}

bool covers(const Reference& listed, const Reference& found) {
    if (listed.name() != found.name()) {
        return false;
    }
    if (found.digest) {
        return listed.digest == found.digest;
    }
    return listed.tag == found.tag;
}

std::string chart_label(const SpecChart& chart) {
    switch (chart.source) {
    case SpecChart::Source::repo:
        return "chart '" + chart.name + "' " + chart.version + " from " + chart.repo;
    case SpecChart::Source::oci:
        return "chart " + (chart.oci ? chart.oci->str() : std::string("(oci)"));
    case SpecChart::Source::path:
        break;
    }
    return "chart " + chart.path.string();
}

} // namespace

std::string_view to_string(SweepStatus status) {
    switch (status) {
    case SweepStatus::listed:
        return "listed";
    case SweepStatus::allowed:
        return "allowed";
    case SweepStatus::missing:
        break;
    }
    return "missing";
}

std::size_t SweepReport::count(SweepStatus status) const {
    return static_cast<std::size_t>(std::count_if(
        images.begin(), images.end(), [&](const SweepEntry& e) { return e.status == status; }));
}

std::vector<const SweepEntry*> SweepReport::missing() const {
    std::vector<const SweepEntry*> out;
    for (const SweepEntry& e : images) {
        if (e.status == SweepStatus::missing) {
            out.push_back(&e);
        }
    }
    return out;
}

SweepStatus classify_ref(const std::string& ref, const Spec& spec, std::string& matched_by) {
    const Reference found = Reference::parse(ref);
    for (const SpecImage& image : spec.images) {
        if (covers(image.ref, found)) {
            matched_by = image.ref.str();
            return SweepStatus::listed;
        }
    }
    for (const std::string& entry : spec.sweep.allow) {
        if (allows(entry, found)) {
            matched_by = entry;
            return SweepStatus::allowed;
        }
    }
    matched_by.clear();
    return SweepStatus::missing;
}

SweepReport classify_swept(const std::vector<SweptImage>& found, const Spec& spec) {
    SweepReport report;
    std::map<std::string, std::size_t> index; // ref -> position in report.images
    for (const SweptImage& image : found) {
        auto [it, added] = index.emplace(image.ref, report.images.size());
        if (added) {
            SweepEntry entry;
            entry.ref = image.ref;
            entry.status = classify_ref(image.ref, spec, entry.matched_by);
            report.images.push_back(std::move(entry));
        }
        SweepEntry& entry = report.images[it->second];
        SweptOrigin origin{image.file, image.document, image.path, image.line, image.owner};
        if (std::find(entry.origins.begin(), entry.origins.end(), origin) == entry.origins.end()) {
            entry.origins.push_back(std::move(origin));
        }
    }
    return report;
}

std::vector<fs::path> manifest_files(const fs::path& path) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (!fs::exists(st)) {
        fail(ErrorCode::not_found, path.string() + ": no such manifest file or directory");
    }
    if (!fs::is_directory(st)) {
        return {path};
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(path, fs::directory_options::none, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) {
            files.push_back(it->path());
        }
    }
    if (ec) {
        fail(ErrorCode::io, path.string() + ": cannot list: " + ec.message());
    }
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return a.generic_string() < b.generic_string();
    });
    return files;
}

std::string manifest_bundle_name(const fs::path& entry, const fs::path& file) {
    std::error_code ec;
    return "manifests/" + (fs::is_directory(entry, ec)
                               ? file.lexically_relative(entry).generic_string()
                               : file.filename().string());
}

SweepReport sweep_spec(const Spec& spec, const FetchedCharts& fetched, RenderedCharts* rendered) {
    std::vector<SweptImage> found;
    std::vector<std::string> notes;
    auto append = [&found](std::vector<SweptImage> more, const std::string& owner) {
        for (SweptImage& image : more) {
            image.owner = owner;
            found.push_back(std::move(image));
        }
    };

    for (std::size_t i = 0; i < spec.charts.size(); ++i) {
        const SpecChart& chart = spec.charts[i];
        std::shared_ptr<const helm::Chart> loaded;
        if (auto it = fetched.find(i); it != fetched.end()) {
            loaded = it->second;
        } else if (chart.source == SpecChart::Source::path) {
            loaded = helm::load_chart(chart.path);
        } else {
            notes.push_back(chart_label(chart) + " (" + chart.where +
                            ") is not swept here: `create` sweeps it after fetching it");
            continue;
        }
        helm::ReleaseManifests release;
        try {
            release = render_chart(loaded, render_options(chart, spec.base_dir));
        } catch (const Error& e) {
            fail(e.code(),
                 chart.where + ": " + chart_label(chart) + " does not render: " + e.what());
        }
        if (rendered != nullptr) {
            (*rendered)[i] = helm::helm_template_text(release);
        }
        // Named as the bundle names the chart, whatever its source.
        const std::string owner = "charts/" + loaded->name();
        // Each template's documents, numbered as they come in that template.
        std::map<std::string, int> documents;
        for (const auto* group : {&release.manifests, &release.hooks}) {
            for (const helm::ReleaseDocument& doc : *group) {
                const int n = ++documents[doc.source];
                for (SweptImage& image : sweep_manifest_text(doc.content, "charts/" + doc.source)) {
                    image.document = n;
                    image.line = 0; // a line of the rendered text, not of the template
                    image.owner = owner;
                    found.push_back(std::move(image));
                }
            }
        }
    }

    for (const SpecManifest& manifest : spec.manifests) {
        for (const fs::path& file : manifest_files(manifest.path)) {
            append(sweep_manifest_text(read_file(file, manifest_max_bytes),
                                       display_path(file, spec.base_dir)),
                   manifest_bundle_name(manifest.path, file));
        }
    }

    SweepReport report = classify_swept(found, spec);
    report.notes = std::move(notes);
    return report;
}

} // namespace airlock::builder
