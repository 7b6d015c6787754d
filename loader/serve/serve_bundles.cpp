#include "loader/serve/serve_bundles.hpp"

#include "common/core/error.hpp"
#include "common/log/audit.hpp"
#include "common/log/log.hpp"
#include "loader/serve/serve_handler.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

namespace airlock::loader {

namespace {

namespace fs = std::filesystem;

nlohmann::json describe(const ServedSet& set) {
    nlohmann::json out = nlohmann::json::array();
    for (const ServedBundle& b : set.bundles) {
        out.push_back({{"bundle", b.path.string()},
                       {"name", b.bundle->bom().name},
                       {"version", b.bundle->bom().version},
                       {"bomDigest", b.bundle->report().bom_digest}});
    }
    return out;
}

std::string names(const ServedSet& set) {
    std::string out;
    for (const ServedBundle& b : set.bundles) {
        out += (out.empty() ? "" : ", ") + b.bundle->bom().name + " " + b.bundle->bom().version;
    }
    return out;
}

// --deep: every blob hashed before anyone can fetch it.
void check_all(const ServedSet& set, BlobGuard& guard) {
    for (const ServedBundle& b : set.bundles) {
        const Bom& bom = b.bundle->bom();
        for (std::size_t i = 0; i < bom.blobs.size(); ++i) {
            const BundleEntry& e =
                b.bundle->offsets().entries.at(BundleOffsets::first_blob_index + i);
            BundleRange range{b.bundle.get(), i, e.data_offset, e.size};
            if (!guard.check_now(range, bom.blobs[i].digest)) {
                fail(ErrorCode::integrity, "bundle " + b.path.string() + ": blob " +
                                               bom.blobs[i].digest.str() +
                                               " does not match the BOM");
            }
        }
    }
}

// SIGHUP and --dir changes are handled here, off the server's threads:
// verifying a bundle reads its head and can take seconds.
class Reloader {
  public:
    // `forget` outlives the reloader: bundles it verified live on in the set.
    Reloader(const ServeOptions& o, ServeHandler& h, AuditLog& a, ReleaseHook forget)
        : options_(o), handler_(h), audit_(a), forget_(std::move(forget)) {
        if (options_.sources.dir) {
            last_seen_ = snapshot();
        }
        thread_ = std::thread([this] { loop(); });
    }
    ~Reloader() {
        {
            std::lock_guard lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    Reloader(const Reloader&) = delete;
    Reloader& operator=(const Reloader&) = delete;

    void request() {
        {
            std::lock_guard lock(mu_);
            requested_ = true;
        }
        cv_.notify_all();
    }

  private:
    // What the bundle paths hold now; a change means a reload.
    std::string snapshot() const {
        std::string out;
        try {
            for (const fs::path& p : find_bundles(options_.sources)) {
                out += file_identity(p) + "\n";
            }
        } catch (const Error& e) {
            out = std::string("error: ") + e.what();
        }
        return out;
    }

    void loop() {
        std::unique_lock lock(mu_);
        for (;;) {
            if (options_.sources.dir) {
                cv_.wait_for(lock, options_.dir_interval, [this] { return stop_ || requested_; });
            } else {
                cv_.wait(lock, [this] { return stop_ || requested_; });
            }
            if (stop_) {
                return;
            }
            bool asked = requested_;
            requested_ = false;
            lock.unlock();
            if (asked) {
                log::info("SIGHUP: reading the bundles again");
                reload(true);
            } else if (snapshot() != last_seen_) {
                reload(false);
            }
            lock.lock();
        }
    }

    void reload(bool recheck) {
        auto current = handler_.current();
        // Taken first: a file that changes while this reload runs is seen
        // by the next look.
        std::string seen = options_.sources.dir ? snapshot() : std::string();
        try {
            SetChoice next = next_set(options_.sources, *current, forget_, recheck);
            for (const Refusal& r : next.refused) {
                log::warn("not serving " + r.path.string() + ": " + r.reason);
                audit_.append(
                    "serve.refused",
                    {{"bundle", r.path.string()}, {"code", r.code}, {"reason", r.reason}});
            }
            if (options_.deep) {
                try {
                    check_all(*next.set, handler_.guard());
                } catch (const Error&) {
                    // A bundle's bytes, not the site: looked at again only
                    // when the files change, not hashed again every poll.
                    last_seen_ = seen;
                    throw;
                }
            }
            for (const std::string& r : next.replaced) {
                log::info("replaced " + r);
            }
            bool changed = describe(*next.set) != describe(*current);
            handler_.publish(next.set);
            handler_.metrics().reload(next.refused.empty());
            if (changed) {
                log::info("now serving " + names(*next.set));
                audit_.append("serve.reload", {{"bundles", describe(*next.set)}});
            }
            last_seen_ = seen;
            last_error_.clear();
        } catch (const Error& e) {
            // Not a bundle's fault (the state locked by a load, --dir
            // unreadable): tried again at the next look, said once.
            handler_.metrics().reload(false);
            if (e.what() == last_error_) {
                return;
            }
            last_error_ = e.what();
            log::error("reload refused, still serving " + names(*current) + ": " + e.what());
            try {
                audit_.append("serve.reload-refused",
                              {{"code", std::string(to_string(e.code()))}, {"reason", e.what()}});
            } catch (const Error&) {
                // already logged above
            }
        }
    }

    const ServeOptions& options_;
    ServeHandler& handler_;
    AuditLog& audit_;
    ReleaseHook forget_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool requested_ = false;
    std::string last_seen_;
    std::string last_error_;
    std::thread thread_;
};

} // namespace

int serve_bundles(const ServeOptions& options) {
    const ServeSources& sources = options.sources;
    log::info("serve: will listen on " + options.http.listen +
              "; network endpoints contacted: none; state: " + sources.state_dir.string());
    // The state directory is the loader's, private as a writer would make
    // it; serve only adds its audit lines there.
    std::error_code ec;
    if (!fs::exists(sources.state_dir, ec) && fs::create_directories(sources.state_dir, ec)) {
        fs::permissions(sources.state_dir, fs::perms::owner_all, ec);
    }
    AuditLog audit(sources.state_dir / "audit.jsonl");
    ServeHandler handler(options.access_log, audit);
    ReleaseHook forget = [&handler](const VerifiedBundle& b) { handler.guard().forget(b); };
    SetChoice first;
    try {
        first = first_set(sources, forget);
        if (options.deep) {
            log::info("--deep: checking every blob before listening");
            check_all(*first.set, handler.guard());
        }
    } catch (const Error& e) {
        audit.append("serve.refused",
                     {{"code", std::string(to_string(e.code()))}, {"reason", e.what()}});
        throw;
    }
    for (const std::string& r : first.replaced) {
        log::info(r);
    }
    handler.publish(first.set);
    HttpServer server(options.http, handler);
    const std::string url = server.url();
    audit.append("serve.start", {{"url", url}, {"bundles", describe(*first.set)}});
    log::info("serving " + std::to_string(first.set->bundles.size()) + " bundle(s) (" +
              names(*first.set) + ") on " + url);
    int signal = 0;
    {
        Reloader reloader(options, handler, audit, forget);
        signal = server.run([&reloader] { reloader.request(); });
    }
    log::info(std::string("stopped") + (signal == SIGTERM  ? " on SIGTERM"
                                        : signal == SIGINT ? " on SIGINT"
                                                           : ""));
    audit.append("serve.stop", {{"url", url}, {"signal", signal}});
    return 0;
}

} // namespace airlock::loader
