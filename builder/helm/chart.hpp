#pragma once
// A chart as Helm's loader holds it for rendering: metadata, templates, the
// other files (what .Files sees), default values, schema, and the subcharts
// under charts/ (directories or packaged .tgz), recursively.
#include "builder/chart/chart_metadata.hpp"
#include "common/archive/tgz.hpp"
#include "common/gotemplate/value.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airlock::helm {

// File lists are shared, not copied, by the clone a render works on.
using ChartFiles = std::shared_ptr<const std::vector<TgzFile>>;

struct Chart {
    builder::ChartMetadata metadata; // name is the alias once dependencies are processed
    ChartFiles templates =
        std::make_shared<const std::vector<TgzFile>>();                // "templates/...", sorted
    ChartFiles files = std::make_shared<const std::vector<TgzFile>>(); // what .Files offers, sorted
    gotemplate::Value values;          // values.yaml (an empty map when absent)
    std::optional<std::string> schema; // values.schema.json
    std::vector<std::shared_ptr<Chart>> dependencies;
    Chart* parent = nullptr;
    std::string origin; // for messages: the path or archive it came from

    const std::string& name() const { return metadata.name; }
    bool is_root() const { return parent == nullptr; }
    bool is_library() const;
    // "parent/charts/sub": the prefix of this chart's template names.
    std::string full_path() const;

    // A copy of the tree that processing may change (dependencies, values),
    // sharing file contents.
    std::shared_ptr<Chart> clone() const;
};

// Loads a chart directory (honouring .helmignore, as Helm does) or a
// packaged chart. Error(spec) naming the chart for anything malformed:
// missing or invalid Chart.yaml, bad values.yaml, a broken subchart.
std::shared_ptr<Chart> load_chart(const std::filesystem::path& path);
// From files already read (relative to the chart root).
std::shared_ptr<Chart> load_chart_files(std::vector<TgzFile> files, const std::string& origin);

} // namespace airlock::helm
