#pragma once
// A bundle whose head passed verification. This is the only way to reach a
// bundle's payload: its constructor is private to verify_bundle(), so code
// that skips verification does not compile. Blob bytes it hands out are still
// streamed through the copy pipeline against the (now trusted) BOM.
#include "common/bundle/bundle_files.hpp"
#include "common/bundle/head_reader.hpp"
#include "common/transport/blob_reader.hpp"
#include "loader/verify/verify_report.hpp"

#include <memory>

namespace airlock::loader {

class VerifiedBundle {
  public:
    const Bom& bom() const { return head_.bom; }
    const std::string& bom_bytes() const { return head_.bom_bytes; }
    const BundleOffsets& offsets() const { return head_.offsets; }
    const VerifyReport& report() const { return report_; }
    const BundleFiles& files() const { return files_; }
    // index.json, already checked against the BOM's layout digest.
    const std::string& index_json() const { return index_json_; }

    // The stored bytes of bom().blobs[i], unverified until they pass copy_blob.
    std::unique_ptr<BlobReader> open_blob(size_t i) const;

  private:
    friend class Verifier;
    VerifiedBundle(BundleFiles files, BundleHead head, std::string index_json, VerifyReport report)
        : files_(std::move(files)), head_(std::move(head)), index_json_(std::move(index_json)),
          report_(std::move(report)) {}

    BundleFiles files_;
    BundleHead head_;
    std::string index_json_;
    VerifyReport report_;
};

} // namespace airlock::loader
