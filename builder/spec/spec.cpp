#include "builder/spec/spec.hpp"
#include "common/core/semver.hpp"

#include "builder/helm/capabilities.hpp"
#include "builder/spec/yaml_util.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"

#include <algorithm>

namespace airlock::builder {

namespace fs = std::filesystem;

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_lower_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z');
}

bool has_space_or_control(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
            return true;
        }
    }
    return false;
}

// RFC 1123 label, as Kubernetes names are: the name ends up in file names and
// in-cluster objects, so it must be safe in both.
bool is_dns_label(std::string_view s) {
    if (s.empty() || s.size() > 63 || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) {
        return false;
    }
    for (char c : s) {
        if (!is_lower_alnum(c) && c != '-') {
            return false;
        }
    }
    return true;
}

// os, architecture and variant as OCI writes them (GOOS/GOARCH values, "v8").
bool is_platform_part(std::string_view s) {
    if (s.empty() || !is_lower_alnum(s.front())) {
        return false;
    }
    for (char c : s) {
        if (!is_lower_alnum(c) && c != '.' && c != '_' && c != '-') {
            return false;
        }
    }
    return true;
}

// A file's name inside the bundle: one path component, printable.
bool is_bundle_file_name(std::string_view s) {
    if (s.empty() || s == "." || s == "..") {
        return false;
    }
    for (char c : s) {
        if (c == '/' || static_cast<unsigned char>(c) < ' ' || c == 0x7f) {
            return false;
        }
    }
    return true;
}

class SpecParser {
  public:
    SpecParser(const YamlSource& source, fs::path base_dir)
        : source_(source), base_dir_(std::move(base_dir)) {}

    Spec parse(std::string_view text) {
        YAML::Node root = source_.load(text);
        YamlMap top(source_, root, root.Mark(), "",
                    {"apiVersion", "kind", "metadata", "platforms", "attachments", "verify",
                     "images", "charts", "manifests", "files", "sweep", "requires"});

        Spec spec;
        spec.source = source_.name();
        spec.base_dir = base_dir_;

        const YamlField& api_version = top.require("apiVersion");
        if (std::string v = expect_string(top, api_version); v != spec_api_version) {
            source_.fail(api_version.mark(), "unsupported apiVersion '" + v + "' (expected " +
                                                 std::string(spec_api_version) + ")");
        }
        const YamlField& kind = top.require("kind");
        if (std::string v = expect_string(top, kind); v != spec_kind) {
            source_.fail(kind.mark(),
                         "kind must be '" + std::string(spec_kind) + "', not '" + v + "'");
        }
        spec.metadata = parse_metadata(top, top.require("metadata"));

        if (const YamlField* f = top.find("platforms")) {
            spec.platforms = parse_platforms(top, *f);
        }
        if (const YamlField* f = top.find("attachments")) {
            spec.attachments = parse_attachments(top, *f);
        }
        if (const YamlField* f = top.find("verify")) {
            spec.verify = parse_verify(top, *f);
        }
        if (const YamlField* f = top.find("images")) {
            spec.images = parse_images(top, *f);
        }
        if (const YamlField* f = top.find("charts")) {
            spec.charts = parse_charts(top, *f);
        }
        if (const YamlField* f = top.find("manifests")) {
            spec.manifests = parse_manifests(top, *f);
        }
        if (const YamlField* f = top.find("files")) {
            spec.files = parse_files(top, *f);
        }
        if (const YamlField* f = top.find("sweep")) {
            spec.sweep = parse_sweep(top, *f);
        }
        if (const YamlField* f = top.find("requires")) {
            YamlMap m(source_, f->value, f->mark(), "requires", {"license"});
            if (const YamlField* license = m.find("license")) {
                spec.requirements.license = expect_string(m, *license);
            }
        }
        return spec;
    }

  private:
    SpecMetadata parse_metadata(const YamlMap& top, const YamlField& field) {
        YamlMap m(source_, field.value, field.mark(), top.path_of(field),
                  {"name", "version", "description"});
        SpecMetadata meta;

        const YamlField& name = m.require("name");
        meta.name = expect_string(m, name);
        if (!is_dns_label(meta.name)) {
            source_.fail(name.mark(),
                         "'metadata.name' '" + meta.name +
                             "' is not a DNS label (at most 63 lowercase letters, digits and "
                             "'-', starting and ending with a letter or digit)");
        }

        const YamlField& version = m.require("version");
        meta.version = expect_string(m, version);
        if (!is_semver(meta.version)) {
            source_.fail(version.mark(), "'metadata.version' '" + meta.version +
                                             "' is not a SemVer 2.0 version "
                                             "(MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])");
        }

        if (const YamlField* description = m.find("description")) {
            meta.description = expect_string(m, *description);
        }
        return meta;
    }

    Platform parse_platform(const YamlString& item) {
        Platform p;
        try {
            p = Platform::parse(item.value);
        } catch (const Error& e) {
            source_.fail(item.mark, item.path + ": " + e.what());
        }
        for (const std::string* part : {&p.os, &p.architecture, &p.variant}) {
            if (!part->empty() && !is_platform_part(*part)) {
                source_.fail(item.mark, item.path + ": invalid platform '" + item.value +
                                            "': each part is lowercase letters, digits, '.', "
                                            "'_' or '-'");
            }
        }
        return p;
    }

    // Never empty: leaving the key out is how a spec asks for every platform,
    // so an empty list would be a second, ambiguous way to say it.
    std::vector<Platform> parse_platforms(const YamlMap& parent, const YamlField& field) {
        std::vector<YamlString> items = expect_string_list(parent, field);
        if (items.empty()) {
            source_.fail(field.mark(), "'" + parent.path_of(field) +
                                           "' is empty; leave it out to carry every platform");
        }
        std::vector<Platform> platforms;
        for (const YamlString& item : items) {
            Platform p = parse_platform(item);
            for (size_t i = 0; i < platforms.size(); ++i) {
                if (platforms[i] == p) {
                    source_.fail(item.mark,
                                 item.path + ": platform '" + p.str() + "' is listed twice");
                }
            }
            platforms.push_back(std::move(p));
        }
        return platforms;
    }

    AttachmentPolicy parse_attachments(const YamlMap& parent, const YamlField& field) {
        std::string v = expect_string(parent, field);
        if (v == "all") {
            return AttachmentPolicy::all;
        }
        if (v == "signatures") {
            return AttachmentPolicy::signatures;
        }
        if (v == "none") {
            return AttachmentPolicy::none;
        }
        source_.fail(field.mark(), "'" + parent.path_of(field) + "' is '" + v +
                                       "'; expected all, signatures or none");
    }

    // Either keys, or a keyless identity with the trusted root it chains to;
    // never both, so a spec cannot read as "either would do" by accident.
    SpecVerify parse_verify(const YamlMap& parent, const YamlField& field) {
        const std::string path = parent.path_of(field);
        YamlMap m(source_, field.value, field.mark(), path, {"keys", "identity", "trustedRoot"});
        SpecVerify v;
        v.where = source_.where(field.mark());
        if (const YamlField* keys = m.find("keys")) {
            for (const YamlString& k : expect_string_list(m, *keys)) {
                v.keys.push_back(resolve(k.value, k.mark, k.path, PathKind::file));
            }
            if (v.keys.empty()) {
                source_.fail(keys->mark(), "'" + m.path_of(*keys) + "' is empty; name a key");
            }
        }
        if (const YamlField* id = m.find("identity")) {
            YamlMap im(source_, id->value, id->mark(), m.path_of(*id),
                       {"issuer", "subject", "subjectRegExp"});
            SpecIdentity identity;
            identity.issuer = expect_string(im, im.require("issuer"));
            const YamlField* subject = im.find("subject");
            const YamlField* regexp = im.find("subjectRegExp");
            if ((subject != nullptr) == (regexp != nullptr)) {
                source_.fail(id->mark(),
                             "'" + m.path_of(*id) +
                                 "' needs exactly one of 'subject' and 'subjectRegExp'");
            }
            if (subject != nullptr) {
                identity.subject = expect_string(im, *subject);
            } else {
                identity.subject_regexp = expect_string(im, *regexp);
            }
            v.identity = std::move(identity);
            const YamlField* root = m.find("trustedRoot");
            if (root == nullptr) {
                source_.fail(id->mark(), "'" + path +
                                             "' has an identity but no 'trustedRoot' (a "
                                             "sigstore trusted_root.json; nothing is fetched)");
            }
            v.trusted_root =
                resolve(expect_string(m, *root), root->mark(), m.path_of(*root), PathKind::file);
        } else if (const YamlField* root = m.find("trustedRoot")) {
            source_.fail(root->mark(), "'" + m.path_of(*root) + "' is only used with 'identity'");
        }
        if (v.keys.empty() == !v.identity.has_value()) {
            source_.fail(field.mark(), "'" + path + "' needs either 'keys' or 'identity'");
        }
        return v;
    }

    Reference parse_reference(const std::string& text, const YAML::Mark& mark,
                              const std::string& path) {
        try {
            return Reference::parse(text);
        } catch (const Error& e) {
            source_.fail(mark, path + ": " + e.what());
        }
    }

    // Duplicates are refused rather than merged: two entries for one image
    // usually mean a typo or a stale line, and their platform lists could
    // disagree.
    std::vector<SpecImage> parse_images(const YamlMap& top, const YamlField& field) {
        std::vector<SpecImage> images;
        std::vector<YAML::Mark> marks;
        for (const YAML::Node& item : expect_list(top, field)) {
            const std::string path = item_path("images", images.size());
            SpecImage image;
            YAML::Mark mark = item.Mark();
            if (is_string(item)) {
                image.ref = parse_reference(item.Scalar(), mark, path);
            } else if (item.IsMap()) {
                YamlMap m(source_, item, mark, path, {"ref", "platforms", "attachments", "verify"});
                const YamlField& ref = m.require("ref");
                mark = ref.mark();
                image.ref = parse_reference(expect_string(m, ref), mark, m.path_of(ref));
                if (const YamlField* platforms = m.find("platforms")) {
                    image.platforms = parse_platforms(m, *platforms);
                }
                if (const YamlField* f = m.find("attachments")) {
                    image.attachments = parse_attachments(m, *f);
                }
                if (const YamlField* f = m.find("verify")) {
                    image.verify = parse_verify(m, *f);
                }
            } else {
                source_.fail(mark, "'" + path +
                                       "' must be a reference or a mapping with 'ref', not " +
                                       describe(item));
            }
            image.where = source_.where(mark);
            for (size_t i = 0; i < images.size(); ++i) {
                if (images[i].ref == image.ref) {
                    source_.fail(mark, path + ": '" + image.ref.str() + "' is already listed as " +
                                           item_path("images", i) + " (line " +
                                           std::to_string(marks[i].line + 1) + "); list it once");
                }
            }
            images.push_back(std::move(image));
            marks.push_back(mark);
        }
        return images;
    }

    enum class PathKind { file, file_or_directory };

    fs::path resolve(const std::string& text, const YAML::Mark& mark, const std::string& path,
                     PathKind kind) {
        fs::path p = (base_dir_ / fs::path(text)).lexically_normal();
        std::error_code ec;
        fs::file_status status = fs::status(p, ec);
        if (!fs::exists(status)) {
            source_.fail(mark, path + ": '" + text + "' does not exist (looked for '" + p.string() +
                                   "')");
        }
        if (kind == PathKind::file && !fs::is_regular_file(status)) {
            source_.fail(mark, path + ": '" + text + "' is not a regular file");
        }
        if (kind == PathKind::file_or_directory && !fs::is_regular_file(status) &&
            !fs::is_directory(status)) {
            source_.fail(mark, path + ": '" + text + "' is neither a file nor a directory");
        }
        return p;
    }

    fs::path resolve_field(const YamlMap& m, const YamlField& field, PathKind kind) {
        return resolve(expect_string(m, field), field.mark(), m.path_of(field), kind);
    }

    std::string expect_semver(const YamlMap& m, const YamlField& field) {
        std::string v = expect_string(m, field);
        if (!is_semver(v)) {
            source_.fail(field.mark(), "'" + m.path_of(field) + "' '" + v +
                                           "' is not an exact SemVer 2.0 version");
        }
        return v;
    }

    SpecChart parse_chart(const YAML::Node& item, const std::string& path) {
        YamlMap m(source_, item, item.Mark(), path,
                  {"path", "repo", "name", "version", "oci", "values", "set", "release",
                   "namespace", "kubeVersion", "apiVersions", "render", "pinDigests"});
        SpecChart chart;
        chart.where = source_.where(m.mark());

        int sources = int(m.has("path")) + int(m.has("repo")) + int(m.has("oci"));
        if (sources != 1) {
            source_.fail(m.mark(), path + ": give exactly one of 'path', 'repo' (with 'name' "
                                          "and 'version') or 'oci' (with 'version')");
        }
        auto refuse = [&](std::string_view key, const std::string& why) {
            if (const YamlField* f = m.find(key)) {
                source_.fail(f->mark(), "'" + m.path_of(*f) + "' " + why);
            }
        };

        if (const YamlField* path_field = m.find("path")) {
            chart.source = SpecChart::Source::path;
            refuse("name", "does not apply to a local chart (its Chart.yaml names it)");
            refuse("version", "does not apply to a local chart (its Chart.yaml has the version)");
            chart.path = resolve_field(m, *path_field, PathKind::file_or_directory);
        } else if (const YamlField* repo = m.find("repo")) {
            chart.source = SpecChart::Source::repo;
            chart.repo = expect_string(m, *repo);
            std::string_view rest = chart.repo;
            bool http = rest.starts_with("https://") || rest.starts_with("http://");
            rest.remove_prefix(http ? rest.find("//") + 2 : 0);
            if (!http || rest.empty() || has_space_or_control(rest)) {
                source_.fail(repo->mark(), "'" + m.path_of(*repo) + "' '" + chart.repo +
                                               "' is not an http:// or https:// URL");
            }
            const YamlField& name = m.require("name");
            chart.name = expect_string(m, name);
            if (has_space_or_control(chart.name) || chart.name.find('/') != std::string::npos) {
                source_.fail(name.mark(), "'" + m.path_of(name) + "' '" + chart.name +
                                              "' must not contain '/' or whitespace");
            }
            chart.version = expect_semver(m, m.require("version"));
        } else if (const YamlField* oci = m.find("oci")) {
            chart.source = SpecChart::Source::oci;
            refuse("name", "does not apply to an OCI chart (the last part of 'oci' names it)");
            chart.version = expect_semver(m, m.require("version"));
            chart.oci = parse_chart_reference(m, *oci, chart.version);
        }

        if (const YamlField* f = m.find("values")) {
            for (const YamlString& v : expect_string_list(m, *f)) {
                chart.values.push_back(resolve(v.value, v.mark, v.path, PathKind::file));
            }
        }
        if (const YamlField* f = m.find("set")) {
            YamlMap set = YamlMap::any_keys(source_, f->value, f->mark(), m.path_of(*f));
            for (const YamlField& entry : set.fields()) {
                SpecScalar value;
                if (is_string(entry.value)) {
                    value.type = SpecScalar::Type::string;
                } else if (is_number(entry.value)) {
                    value.type = SpecScalar::Type::number;
                } else if (is_boolean(entry.value)) {
                    value.type = SpecScalar::Type::boolean;
                } else {
                    source_.fail(entry.mark(), "'" + set.path_of(entry) +
                                                   "' must be a string, number or boolean, not " +
                                                   describe(entry.value));
                }
                value.text = entry.value.Scalar();
                chart.set.emplace(entry.key, std::move(value));
            }
        }
        parse_render_options(m, chart);
        return chart;
    }

    // release, namespace, kubeVersion, apiVersions, render, pinDigests.
    void parse_render_options(const YamlMap& m, SpecChart& chart) {
        if (const YamlField* f = m.find("release")) {
            chart.release = expect_string(m, *f);
            if (!is_dns_name(chart.release, 53, true)) {
                source_.fail(f->mark(), "'" + m.path_of(*f) + "' '" + chart.release +
                                            "' is not a valid release name (lower case letters, "
                                            "digits, '-' and '.', at most 53)");
            }
        }
        if (const YamlField* f = m.find("namespace")) {
            chart.namespace_ = expect_string(m, *f);
            if (!is_dns_name(chart.namespace_, 63, false)) {
                source_.fail(f->mark(), "'" + m.path_of(*f) + "' '" + chart.namespace_ +
                                            "' is not a valid namespace (lower case letters, "
                                            "digits and '-', at most 63)");
            }
        }
        if (const YamlField* f = m.find("kubeVersion")) {
            chart.kube_version = f->value.Scalar();
            if (!is_string(f->value) && !is_number(f->value)) {
                source_.fail(f->mark(), "'" + m.path_of(*f) + "' must be a version such as 1.31.0");
            }
            try {
                helm::parse_kube_version(chart.kube_version);
            } catch (const Error& e) {
                source_.fail(f->mark(), "'" + m.path_of(*f) + "': " + e.what());
            }
        }
        if (const YamlField* f = m.find("apiVersions")) {
            for (const YamlString& v : expect_string_list(m, *f)) {
                chart.api_versions.push_back(v.value);
            }
        }
        auto flag = [&](std::string_view key, bool& out) {
            if (const YamlField* f = m.find(key)) {
                if (!is_boolean(f->value)) {
                    source_.fail(f->mark(), "'" + m.path_of(*f) + "' must be true or false");
                }
                out = f->value.as<bool>();
            }
        };
        flag("render", chart.render);
        flag("pinDigests", chart.pin_digests);
        if (chart.pin_digests && !chart.render) {
            source_.fail(m.find("pinDigests")->mark(),
                         "'" + m.path_of(*m.find("pinDigests")) +
                             "' needs render: true (it rewrites the rendered manifests)");
        }
    }

    // Kubernetes names: [a-z0-9] at both ends, '-' (and '.' when allowed) inside.
    static bool is_dns_name(std::string_view s, std::size_t max, bool dots) {
        if (s.empty() || s.size() > max) {
            return false;
        }
        auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            const bool edge =
                i == 0 || i + 1 == s.size() || (dots && (s[i - 1] == '.' || s[i + 1] == '.'));
            if (alnum(c)) {
                continue;
            }
            if (edge || !(c == '-' || (dots && c == '.'))) {
                return false;
            }
        }
        return true;
    }

    // "oci://registry/path/name[@sha256:...]": the registry must be written
    // out (Helm has no default registry) and the version comes from
    // 'version', so a tag here would be a second, conflicting version.
    Reference parse_chart_reference(const YamlMap& m, const YamlField& field,
                                    const std::string& version) {
        const std::string path = m.path_of(field);
        const std::string text = expect_string(m, field);
        constexpr std::string_view scheme = "oci://";
        if (!text.starts_with(scheme)) {
            source_.fail(field.mark(), "'" + path + "' '" + text + "' must start with oci://");
        }
        std::string_view rest = std::string_view(text).substr(scheme.size());
        std::string_view name = rest.substr(0, rest.find('@'));
        size_t slash = name.find('/');
        std::string_view host = name.substr(0, slash);
        if (slash == std::string_view::npos ||
            !(host.find_first_of(".:") != std::string_view::npos || host == "localhost")) {
            source_.fail(field.mark(), "'" + path + "' '" + text +
                                           "' must name a registry host and a repository");
        }
        if (name.substr(name.rfind('/')).find(':') != std::string_view::npos) {
            source_.fail(field.mark(), "'" + path + "' '" + text +
                                           "' has a tag; give the chart version in 'version'");
        }
        Reference ref = parse_reference(std::string(rest), field.mark(), path);
        // Helm stores chart versions as tags, with '+' (not allowed in tags) as '_'.
        ref.tag = version;
        std::replace(ref.tag.begin(), ref.tag.end(), '+', '_');
        return ref;
    }

    std::vector<SpecChart> parse_charts(const YamlMap& top, const YamlField& field) {
        std::vector<SpecChart> charts;
        for (const YAML::Node& item : expect_list(top, field, "a list of mappings")) {
            charts.push_back(parse_chart(item, item_path("charts", charts.size())));
        }
        return charts;
    }

    std::vector<SpecManifest> parse_manifests(const YamlMap& top, const YamlField& field) {
        std::vector<SpecManifest> manifests;
        for (const YAML::Node& item : expect_list(top, field, "a list of mappings")) {
            YamlMap m(source_, item, item.Mark(), item_path("manifests", manifests.size()),
                      {"path"});
            SpecManifest manifest;
            manifest.where = source_.where(m.mark());
            manifest.path = resolve_field(m, m.require("path"), PathKind::file_or_directory);
            manifests.push_back(std::move(manifest));
        }
        return manifests;
    }

    std::vector<SpecFile> parse_files(const YamlMap& top, const YamlField& field) {
        std::vector<SpecFile> files;
        std::vector<YAML::Mark> marks;
        for (const YAML::Node& item : expect_list(top, field, "a list of mappings")) {
            const std::string path = item_path("files", files.size());
            YamlMap m(source_, item, item.Mark(), path, {"path", "name"});
            SpecFile file;
            file.where = source_.where(m.mark());
            file.path = resolve_field(m, m.require("path"), PathKind::file);
            YAML::Mark mark = m.mark();
            if (const YamlField* name = m.find("name")) {
                file.name = expect_string(m, *name);
                mark = name->mark();
                if (!is_bundle_file_name(file.name)) {
                    source_.fail(mark, "'" + m.path_of(*name) + "' '" + file.name +
                                           "' must be a plain file name (no '/', not '.' or "
                                           "'..', no control characters)");
                }
            } else {
                file.name = file.path.filename().string();
            }
            for (size_t i = 0; i < files.size(); ++i) {
                if (files[i].name == file.name) {
                    source_.fail(mark, path + ": name '" + file.name + "' is already used by " +
                                           item_path("files", i) + " (line " +
                                           std::to_string(marks[i].line + 1) +
                                           "); set 'name' to tell them apart");
                }
            }
            files.push_back(std::move(file));
            marks.push_back(mark);
        }
        return files;
    }

    SpecSweep parse_sweep(const YamlMap& top, const YamlField& field) {
        YamlMap m(source_, field.value, field.mark(), top.path_of(field), {"allow"});
        SpecSweep sweep;
        if (const YamlField* allow = m.find("allow")) {
            for (const YamlString& s : expect_string_list(m, *allow)) {
                if (has_space_or_control(s.value)) {
                    source_.fail(s.mark,
                                 "'" + s.path + "' '" + s.value + "' must not contain whitespace");
                }
                sweep.allow.push_back(s.value);
            }
        }
        return sweep;
    }

    const YamlSource& source_;
    fs::path base_dir_;
};

} // namespace

Spec parse_spec(std::string_view yaml, const std::string& display_name, const fs::path& base_dir) {
    YamlSource source(display_name);
    return SpecParser(source, base_dir).parse(yaml);
}

Spec load_spec(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
        fail(ErrorCode::io, "cannot read spec '" + file.string() + "': it is a directory");
    }
    // A spec lists what a bundle holds; even a large one is a few hundred KiB.
    const std::string text = read_named_file(file, "spec", std::size_t{16} << 20);
    fs::path base = fs::absolute(file).parent_path();
    return parse_spec(text, file.string(), base);
}

} // namespace airlock::builder
