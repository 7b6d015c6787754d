#pragma once
// Whether the bytes a served blob points at in its bundle file are still the
// BOM's. Verification checked the bundle's head, not every blob's bytes (that
// is --deep), and the file may change while it is served; so every blob body
// that leaves the server is hashed on its way out once, and a blob whose
// bytes turned out wrong is never served again.
//
// A blob is unchecked until a full download (observe) or check_now hashed it
// whole: good when the digest matched, bad for good when it did not. A good
// blob is sent unseen from then on (sendfile) while the files it lies in keep
// the size, mtime and ctime they had when its check began (one fstat per
// request); a blob whose file was written since is checked again.
//
// Thread-safe: any number of connections may observe, check and ask at once,
// and an observer may outlive the guard.
#include "common/digest/digest.hpp"
#include "loader/serve/http_exchange.hpp"
#include "loader/serve/serve_index.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace airlock::loader {

// Why a blob was found bad: for the server to log, audit and count.
struct BadBlob {
    const VerifiedBundle* bundle = nullptr;
    Digest digest;      // what the BOM promises
    std::string reason; // what was found instead, naming the bundle file
};

class BlobGuard {
  public:
    enum class State { unchecked, good, bad };
    // Called once per blob, on the thread that found it bad; must not throw.
    using OnBad = std::function<void(const BadBlob&)>;

    explicit BlobGuard(OnBad on_bad = {});

    // `range` is where ServeIndex says blob `digest` lies; a blob is known by
    // its bundle (address) and digest.
    State state(const BundleRange& range, const Digest& digest) const;
    bool is_bad(const BundleRange& range, const Digest& digest) const {
        return state(range, digest) == State::bad;
    }

    // The observer for a full-body GET of the blob: it needs no bytes once
    // the blob is good; else it hashes what it sees and finish() says whether
    // that was exactly the blob (marking it good, or bad and calling on_bad).
    std::shared_ptr<BodyObserver> observe(const BundleRange& range, const Digest& digest);

    // Reads and hashes the whole blob now unless it is already known
    // (a Range request serves part of a blob, which cannot be checked on
    // its own; --deep checks every blob at start). True when good. A read
    // error (a truncated file) counts as bad: those bytes cannot be served.
    bool check_now(const BundleRange& range, const Digest& digest);

    // Drops what is known of a bundle's blobs: call it when the bundle is
    // unloaded, before its VerifiedBundle is destroyed, so that a bundle
    // loaded later at the same address starts unchecked.
    void forget(const VerifiedBundle& bundle);

  private:
    struct Cell;
    struct Shared;
    class Observer;
    std::shared_ptr<Cell> cell(const BundleRange& range, const Digest& digest);

    std::shared_ptr<Shared> shared_;
};

} // namespace airlock::loader
