// airlock-build diff as a release engineer reads it: what changed, then what a
// delta of the new bundle against the old one would carry.
#include "builder/diff/bom_diff.hpp"
#include "builder/output/diff_output.hpp"

#include "common/log/progress.hpp"

#include <initializer_list>
#include <sstream>
#include <string_view>
#include <utility>

namespace airlock::builder {

namespace {

// Digests as inspect shows them: "sha256:" and 12 hex digits.
std::string short_digest(const Digest& d) {
    return d.str().substr(0, 19);
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// "1 added, 2 changed, 3 unchanged": the counts that are not zero.
std::string tally(std::initializer_list<std::pair<std::size_t, const char*>> counts) {
    std::string out;
    for (const auto& [n, what] : counts) {
        if (n > 0) {
            out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
        }
    }
    return out.empty() ? std::string("none") : out;
}

// One entry: its status in a column of its own, then what it is.
void entry(std::ostringstream& out, std::string_view status, const std::string& text) {
    out << "  " << status << std::string(10 - status.size(), ' ') << text << "\n";
}

void detail_line(std::ostringstream& out, const std::string& text) {
    out << std::string(14, ' ') << text << "\n";
}

void bundle_line(std::ostringstream& out, const char* label, const DiffBundle& b) {
    out << label << b.name << " " << b.version;
    if (!b.bom_digest.empty()) {
        out << "  BOM " << short_digest(b.bom_digest);
    }
    out << (b.delta ? "  (a delta)" : "") << "\n";
}

void image_change(std::ostringstream& out, const ImageChange& c) {
    std::string refs = c.old_image.ref == c.new_image.ref
                           ? c.new_image.ref
                           : c.old_image.ref + " -> " + c.new_image.ref;
    entry(out, "changed",
          refs + "  " + short_digest(c.old_image.digest) + " -> " +
              short_digest(c.new_image.digest));
    if (!c.per_platform) {
        detail_line(out, "(a BOM does not pair platforms with manifests: compared by name)");
    }
    for (const PlatformChange& p : c.platforms_changed) {
        detail_line(out, p.platform + "  " + short_digest(p.old_manifest) + " -> " +
                             short_digest(p.new_manifest));
    }
    for (const std::string& p : c.platforms_added) {
        detail_line(out, p + "  added");
    }
    for (const std::string& p : c.platforms_removed) {
        detail_line(out, p + "  removed");
    }
    if (c.per_platform && c.platforms_changed.empty() && c.platforms_added.empty() &&
        c.platforms_removed.empty()) {
        detail_line(out, "every platform's manifest is the same; only the index changed");
    }
}

void images_section(std::ostringstream& out, const ImageDiff& d) {
    out << "\nImages: "
        << tally({{d.added.size(), "added"},
                  {d.removed.size(), "removed"},
                  {d.changed.size(), "changed"},
                  {d.retagged.size(), "retagged"},
                  {d.unchanged, "unchanged"}})
        << "\n";
    for (const DiffImage& i : d.added) {
        entry(out, "added", i.ref + "  " + short_digest(i.digest) + "  " + joined(i.platforms));
    }
    for (const DiffImage& i : d.removed) {
        entry(out, "removed", i.ref + "  " + short_digest(i.digest));
    }
    for (const ImageChange& c : d.changed) {
        image_change(out, c);
    }
    for (const ImageRetag& r : d.retagged) {
        entry(out, "retagged",
              r.old_ref + " -> " + r.new_ref + "  " + short_digest(r.digest) +
                  " (same digest, nothing to carry)");
    }
}

void file_entries(std::ostringstream& out, const FileDiff& d) {
    for (const BomFile& f : d.added) {
        entry(out, "added",
              f.name + "  " + short_digest(f.digest) + "  " +
                  human_bytes(static_cast<std::uint64_t>(f.size)));
    }
    for (const BomFile& f : d.removed) {
        entry(out, "removed", f.name);
    }
    for (const FileChange& c : d.changed) {
        entry(out, "changed",
              c.name + "  " + short_digest(c.old_digest) + " -> " + short_digest(c.new_digest) +
                  "  " + human_bytes(static_cast<std::uint64_t>(c.old_size)) + " -> " +
                  human_bytes(static_cast<std::uint64_t>(c.new_size)));
    }
}

void files_section(std::ostringstream& out, const char* title, const FileDiff& d) {
    out << "\n"
        << title << ": "
        << tally({{d.added.size(), "added"},
                  {d.removed.size(), "removed"},
                  {d.changed.size(), "changed"},
                  {d.unchanged, "unchanged"}})
        << "\n";
    file_entries(out, d);
}

void charts_section(std::ostringstream& out, const ChartDiff& d) {
    out << "\nCharts: "
        << tally({{d.added.size(), "added"},
                  {d.removed.size(), "removed"},
                  {d.changed.size(), "changed"},
                  {d.unchanged, "unchanged"}})
        << "\n";
    for (const DiffChart& c : d.added) {
        entry(out, "added", c.name + " " + c.version + "  " + short_digest(c.digest));
    }
    for (const DiffChart& c : d.removed) {
        entry(out, "removed", c.name + " " + c.version);
    }
    for (const ChartChange& c : d.changed) {
        std::string versions = c.old_chart.version == c.new_chart.version
                                   ? c.new_chart.version
                                   : c.old_chart.version + " -> " + c.new_chart.version;
        std::string digests =
            c.old_chart.digest == c.new_chart.digest
                ? "same chart, other values"
                : short_digest(c.old_chart.digest) + " -> " + short_digest(c.new_chart.digest);
        entry(out, "changed", c.new_chart.name + " " + versions + "  " + digests);
        for (const BomFile& f : c.values.added) {
            detail_line(out, "values " + f.name + "  added");
        }
        for (const BomFile& f : c.values.removed) {
            detail_line(out, "values " + f.name + "  removed");
        }
        for (const FileChange& f : c.values.changed) {
            detail_line(out, "values " + f.name + "  " + short_digest(f.old_digest) + " -> " +
                                 short_digest(f.new_digest));
        }
    }
}

} // namespace

std::string format_diff(const BomDiff& d) {
    std::ostringstream out;
    bundle_line(out, "Old: ", d.old_bundle);
    bundle_line(out, "New: ", d.new_bundle);
    if (d.old_bundle.name != d.new_bundle.name) {
        out << "Note: the bundles have different names\n";
    }
    images_section(out, d.images);
    charts_section(out, d.charts);
    files_section(out, "Manifests", d.manifests);
    files_section(out, "Files", d.files);
    const DeltaCost& cost = d.delta;
    out << "\n"
        << (d.changes() == 0
                ? std::string("No changes")
                : std::to_string(d.changes()) + (d.changes() == 1 ? " change" : " changes"))
        << ". A delta of new against old carries " << cost.carried_total.blobs << " of "
        << cost.new_total.blobs << " blobs: " << human_bytes(cost.carried_total.bytes) << " of "
        << human_bytes(cost.new_total.bytes) << ".\n";
    return out.str();
}

} // namespace airlock::builder
