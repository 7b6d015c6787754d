#include "builder/sbom/layer_scanner.hpp"

#include "builder/sbom/detail/stream_decoder.hpp"
#include "builder/sbom/detail/tar_stream.hpp"

#include <array>
#include <functional>
#include <new>
#include <optional>

namespace airlock::sbom {

namespace {

using detail::Compression;
using detail::StreamDecoder;
using detail::TarEntry;
using detail::TarStream;

constexpr std::array<std::string_view, 6> database_files = {
    "var/lib/dpkg/status",      "lib/apk/db/installed",
    "var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite",
    "etc/os-release",           "usr/lib/os-release",
};
constexpr std::string_view status_d = "var/lib/dpkg/status.d";

bool starts_with_dir(std::string_view path, std::string_view dir) {
    return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

// A folder that holds a database path (at any depth): removing or replacing
// it removes the database.
bool is_database_ancestor(std::string_view path) {
    for (std::string_view f : database_files) {
        if (starts_with_dir(f, path)) {
            return true;
        }
    }
    return path == status_d || starts_with_dir(status_d, path);
}

// Whether removing `path` (and what is under it) can remove a database file.
bool affects_database(std::string_view path) {
    return is_database_path(path) || is_database_ancestor(path) || starts_with_dir(path, status_d);
}

std::string mib(std::uint64_t bytes) {
    return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

// Stops the scan from inside the decoder or tar callbacks.
struct StopScan {
    std::string note;
};

} // namespace

bool is_database_path(std::string_view path) {
    for (std::string_view f : database_files) {
        if (path == f) {
            return true;
        }
    }
    if (starts_with_dir(path, status_d)) {
        std::string_view name = path.substr(status_d.size() + 1);
        return name.find('/') == std::string_view::npos && !name.ends_with(".md5sums");
    }
    return false;
}

std::string normalize_layer_path(std::string_view name) {
    std::string out;
    while (!name.empty()) {
        std::size_t slash = name.find('/');
        std::string_view part = name.substr(0, slash);
        name = slash == std::string_view::npos ? std::string_view{} : name.substr(slash + 1);
        if (part.empty() || part == ".") {
            continue;
        }
        if (part == "..") {
            return {};
        }
        if (!out.empty()) {
            out += '/';
        }
        out += part;
    }
    return out;
}

struct LayerScanner::Impl final : detail::TarVisitor {
    ScanLimits limits;
    LayerFindings findings;
    std::string head; // first bytes, until the compression is known
    std::optional<StreamDecoder> decoder;
    std::optional<TarStream> tar;
    bool stopped = false;
    bool committed = false;
    std::uint64_t compressed = 0;
    std::uint64_t kept_bytes = 0;

    // The database file being read, if any.
    std::string current_path;
    std::string current;

    explicit Impl(ScanLimits l) : limits(l) {}

    void stop(std::string note) {
        if (!stopped) {
            stopped = true;
            findings.notes.push_back(std::move(note));
        }
    }

    void remove_kept(const std::string& path) {
        for (auto it = findings.files.begin(); it != findings.files.end();) {
            if (it->first == path || starts_with_dir(it->first, path)) {
                kept_bytes -= it->second.size();
                it = findings.files.erase(it);
            } else {
                ++it;
            }
        }
    }

    void start(std::span<const std::byte> first) {
        Compression c = detail::detect_compression(first);
        findings.compression = std::string(detail::to_string(c));
        tar.emplace(*this);
        decoder.emplace(c, [this](std::span<const std::byte> out) { on_tar_bytes(out); });
    }

    void on_tar_bytes(std::span<const std::byte> out) {
        findings.tar_bytes += out.size();
        if (findings.tar_bytes > limits.max_decompressed) {
            throw StopScan{"layer larger than " + mib(limits.max_decompressed) +
                           " uncompressed; scanned only that much"};
        }
        if (findings.tar_bytes > limits.ratio_floor &&
            findings.tar_bytes / limits.max_ratio > compressed) {
            throw StopScan{"layer expands more than " + std::to_string(limits.max_ratio) +
                           " times (a decompression bomb?); scan stopped after " +
                           mib(findings.tar_bytes)};
        }
        tar->feed(out);
    }

    // TarVisitor
    bool entry(const TarEntry& e) override {
        std::string path = normalize_layer_path(e.path);
        if (path.empty()) {
            return false;
        }
        std::size_t slash = path.rfind('/');
        std::string dir = slash == std::string::npos ? std::string{} : path.substr(0, slash);
        std::string_view base = std::string_view(path).substr(slash + 1);
        if (base.starts_with(".wh.")) {
            if (base == ".wh..wh..opq") {
                if (dir == status_d || is_database_ancestor(dir) || dir.empty()) {
                    findings.opaque.insert(dir);
                }
            } else if (!base.starts_with(".wh..wh.")) {
                std::string target = (dir.empty() ? "" : dir + "/") + std::string(base.substr(4));
                if (affects_database(target)) {
                    findings.removed.insert(target);
                }
            }
            return false;
        }
        bool regular = e.type == '0' || e.type == '7';
        if (regular && is_database_path(path)) {
            if (e.size > limits.max_file_bytes) {
                findings.notes.push_back(path + ": " + mib(e.size) + ", larger than the " +
                                         mib(limits.max_file_bytes) + " limit; not read");
                replace(path);
                return false;
            }
            if (kept_bytes + e.size > limits.max_kept_bytes ||
                findings.files.size() >= limits.max_kept_files) {
                findings.notes.push_back(
                    path + ": the layer's database files exceed " + mib(limits.max_kept_bytes) +
                    " or " + std::to_string(limits.max_kept_files) + " files; not read");
                replace(path);
                return false;
            }
            current_path = path;
            current.clear();
            return true;
        }
        if (e.type == '1' && is_database_path(path)) {
            // A hard link to a database file read earlier in this layer.
            std::string target = normalize_layer_path(e.linkname);
            auto it = findings.files.find(target);
            replace(path);
            if (it != findings.files.end()) {
                std::string bytes = it->second;
                kept_bytes += bytes.size();
                findings.files[path] = std::move(bytes);
            } else {
                findings.notes.push_back(path + ": a hard link to " + target +
                                         ", which this layer does not hold; not read");
            }
            return false;
        }
        // A folder where a database file was, or anything but a folder where
        // one of its parent folders was: the lower layers' file is gone.
        bool is_dir = e.type == '5';
        if ((is_dir && is_database_path(path)) ||
            (!is_dir && (is_database_path(path) || is_database_ancestor(path)))) {
            replace(path);
        }
        return false;
    }

    void replace(const std::string& path) {
        remove_kept(path);
        findings.removed.insert(path);
    }

    void data(std::span<const std::byte> bytes) override {
        current.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }

    void end_of_data() override {
        remove_kept(current_path);
        kept_bytes += current.size();
        findings.files[current_path] = std::move(current);
        current.clear();
        current_path.clear();
    }

    void write(std::span<const std::byte> data) {
        compressed += data.size();
        if (!decoder) {
            // Four bytes tell the compression; keep them until they arrive.
            std::size_t need = 4 - head.size();
            std::size_t take = std::min(need, data.size());
            head.append(reinterpret_cast<const char*>(data.data()), take);
            data = data.subspan(take);
            if (head.size() < 4) {
                return;
            }
            auto first = std::as_bytes(std::span(head));
            start(first);
            decoder->feed(first);
        }
        if (!data.empty() && !tar->at_end()) {
            decoder->feed(data);
        }
    }

    void guarded(const std::function<void()>& step) {
        try {
            step();
        } catch (const StopScan& s) {
            stop(s.note);
        } catch (const detail::DecodeError& d) {
            // Bytes after the end of the archive are not looked at, whatever
            // they are (the tar reader ignores them; the decoder may not).
            if (!(tar && tar->at_end())) {
                stop(d.message);
            }
        } catch (const detail::TarError& t) {
            stop(findings.tar_entries == 0 && tar && tar->entries() == 0
                     ? "not a tar archive (" + t.message + "); no packages read"
                     : t.message);
        } catch (const std::bad_alloc&) {
            stop("out of memory while scanning the layer");
        } catch (const std::exception& e) {
            stop(std::string("scan failed: ") + e.what());
        }
        if (tar) {
            findings.tar_entries = tar->entries();
        }
    }

    void finish() {
        if (committed) {
            return;
        }
        committed = true;
        guarded([this] {
            if (!decoder && !head.empty()) {
                // A blob shorter than four bytes.
                auto first = std::as_bytes(std::span(head));
                start(first);
                decoder->feed(first);
            }
        });
        if (stopped) {
            return;
        }
        if (!decoder) {
            findings.compression = "none";
            findings.complete = true; // an empty blob holds nothing
            return;
        }
        if (!tar->at_end() && !decoder->complete()) {
            stop("the " + findings.compression + " stream is truncated");
        } else if (!tar->at_boundary()) {
            stop("the tar archive is truncated");
        } else {
            findings.complete = true;
        }
    }
};

LayerScanner::LayerScanner(ScanLimits limits) : impl_(std::make_unique<Impl>(limits)) {}
LayerScanner::~LayerScanner() = default;

void LayerScanner::write(std::span<const std::byte> data) {
    if (impl_->stopped || impl_->committed) {
        return;
    }
    impl_->guarded([&] { impl_->write(data); });
}

void LayerScanner::commit() {
    impl_->finish();
}

const LayerFindings& LayerScanner::findings() const {
    return impl_->findings;
}

LayerFindings LayerScanner::take_findings() {
    return std::move(impl_->findings);
}

} // namespace airlock::sbom
