#include "loader/serve/naming_destination.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"
#include "common/registry/registry_destination.hpp"

namespace airlock::loader {

namespace {

[[noreturn]] void names_only(const std::string& what) {
    fail(ErrorCode::internal, "the naming-only destination of serve cannot " + what);
}

} // namespace

std::string NamingDestination::describe() const {
    return "names of registry://<served>" + (naming_.prefix.empty() ? "" : "/" + naming_.prefix);
}

Placement NamingDestination::place(const std::string& canonical_ref) const {
    return registry_placement(naming_.prefix, naming_.keep_host, canonical_ref);
}

Placement NamingDestination::place_artifact(const std::string& path, const std::string& tag) const {
    return registry_artifact_placement(naming_.prefix, path, tag);
}

bool NamingDestination::has_blob(const std::string&, const Descriptor&) {
    names_only("look for blobs");
}

std::unique_ptr<BlobSink> NamingDestination::blob_sink(const std::string&, const Descriptor&) {
    names_only("store blobs");
}

void NamingDestination::put_manifest(const std::string&, const RawManifest&) {
    names_only("store manifests");
}

void NamingDestination::tag(const std::string&, const std::string&, const RawManifest&) {
    names_only("tag");
}

void NamingDestination::commit() {
    names_only("commit");
}

} // namespace airlock::loader
