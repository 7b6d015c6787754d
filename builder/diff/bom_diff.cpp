// Charts, manifests and files of two BOMs, and the blobs a delta would carry.
#include "builder/diff/bom_diff.hpp"
#include "builder/diff/detail/pairing.hpp"

#include "common/bundle/bom_document.hpp"

#include <unordered_set>

namespace airlock::builder {

namespace {

DiffChart diff_chart(const BomChart& c) {
    return {c.name, c.version, c.digest};
}

// Every blob a bundle's content needs: those it carries and those its base holds.
std::vector<const BomBlob*> full_blob_set(const Bom& bom) {
    std::vector<const BomBlob*> out;
    for (const BomBlob& b : bom.blobs) {
        out.push_back(&b);
    }
    if (bom.base) {
        for (const BomBlob& b : bom.base->blobs) {
            out.push_back(&b);
        }
    }
    return out;
}

DiffBundle diff_bundle(const Bom& bom) {
    return {bom.name, bom.version, {}, bom.base.has_value()};
}

std::size_t changes_in(const FileDiff& d) {
    return d.added.size() + d.removed.size() + d.changed.size();
}

} // namespace

FileDiff diff_files(const std::vector<BomFile>& old_files, const std::vector<BomFile>& new_files) {
    FileDiff out;
    auto groups = detail::group_by(old_files, new_files, [](const BomFile& f) { return f.name; });
    for (const auto& [name, group] : groups) {
        auto pairing = detail::pair_group<BomFile>(
            group, {[](const BomFile& o, const BomFile& n) { return o.digest == n.digest; }});
        for (const auto& [o, n] : pairing.pairs) {
            if (o->digest == n->digest) {
                ++out.unchanged;
            } else {
                out.changed.push_back({name, o->digest, n->digest, o->size, n->size});
            }
        }
        for (const BomFile* o : pairing.removed) {
            out.removed.push_back(*o);
        }
        for (const BomFile* n : pairing.added) {
            out.added.push_back(*n);
        }
    }
    return out;
}

ChartDiff diff_charts(const std::vector<BomChart>& old_charts,
                      const std::vector<BomChart>& new_charts) {
    ChartDiff out;
    auto groups =
        detail::group_by(old_charts, new_charts, [](const BomChart& c) { return c.name; });
    for (const auto& [name, group] : groups) {
        auto pairing = detail::pair_group<BomChart>(
            group, {[](const BomChart& o, const BomChart& n) { return o.version == n.version; },
                    [](const BomChart& o, const BomChart& n) { return o.digest == n.digest; }});
        for (const auto& [o, n] : pairing.pairs) {
            FileDiff values = diff_files(o->values, n->values);
            if (o->digest == n->digest && o->version == n->version && changes_in(values) == 0) {
                ++out.unchanged;
            } else {
                out.changed.push_back({diff_chart(*o), diff_chart(*n), std::move(values)});
            }
        }
        for (const BomChart* o : pairing.removed) {
            out.removed.push_back(diff_chart(*o));
        }
        for (const BomChart* n : pairing.added) {
            out.added.push_back(diff_chart(*n));
        }
    }
    return out;
}

DeltaCost delta_cost(const Bom& old_bom, const Bom& new_bom) {
    std::unordered_set<Digest> at_site;
    for (const BomBlob* b : full_blob_set(old_bom)) {
        at_site.insert(b->digest);
    }
    DeltaCost out;
    for (const BomBlob* b : full_blob_set(new_bom)) {
        out.new_total.blobs += 1;
        out.new_total.bytes += static_cast<std::uint64_t>(b->size);
        if (at_site.insert(b->digest).second) {
            out.carried.push_back(*b);
            out.carried_total.blobs += 1;
            out.carried_total.bytes += static_cast<std::uint64_t>(b->size);
        }
    }
    return out;
}

std::size_t BomDiff::changes() const {
    return images.added.size() + images.removed.size() + images.changed.size() +
           charts.added.size() + charts.removed.size() + charts.changed.size() +
           changes_in(manifests) + changes_in(files);
}

BomDiff diff_boms(const Bom& old_bom, const Bom& new_bom) {
    return {diff_bundle(old_bom),
            diff_bundle(new_bom),
            diff_images(old_bom.images, new_bom.images),
            diff_charts(old_bom.charts, new_bom.charts),
            diff_files(old_bom.manifests, new_bom.manifests),
            diff_files(old_bom.files, new_bom.files),
            delta_cost(old_bom, new_bom)};
}

BomDiff diff_bom_documents(const BomDocument& old_doc, const BomDocument& new_doc) {
    BomDiff out = diff_boms(old_doc.bom, new_doc.bom);
    out.old_bundle.bom_digest = old_doc.digest;
    out.new_bundle.bom_digest = new_doc.digest;
    return out;
}

} // namespace airlock::builder
