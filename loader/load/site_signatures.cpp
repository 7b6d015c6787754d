#include "loader/load/site_signatures.hpp"

#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/sign/cosign_signature.hpp"
#include "common/transport/blob_reader.hpp"

#include <algorithm>

namespace airlock::loader {

namespace {

// A blob airlock made itself, into `repo` through the one verifying copy.
void put_small_blob(Destination& destination, const std::string& repo, const Descriptor& d,
                    const std::string& bytes, const std::string& what) {
    if (destination.has_blob(repo, d)) {
        return;
    }
    MemoryReader reader(bytes);
    auto sink = destination.blob_sink(repo, d);
    BlobSink* sinks[] = {sink.get()};
    copy_blob(reader, d, sinks, what);
}

std::string where_of(const PlannedSignature& planned) {
    return planned.where.repo.empty() ? planned.where.name
                                      : planned.where.repo + ":" + planned.where.name;
}

} // namespace

std::optional<SignatureWrite> plan_site_signature(const std::optional<RawManifest>& current,
                                                  const PlannedSignature& planned,
                                                  const sign::PrivateKey& key) {
    const std::string payload =
        sign::make_simple_signing({planned.docker_reference, planned.subject});
    std::vector<Descriptor> layers;
    if (current) {
        try {
            layers = sign::cosign_signature_layers(*current, "signature " + where_of(planned));
        } catch (const Error& e) {
            log::warn(std::string(e.what()) + "; writing a new one");
        }
    }
    if (sign::has_cosign_signature(layers, payload, key.public_key())) {
        return std::nullopt;
    }
    SignatureWrite write{sign::sign_cosign_payload(payload, key), {}};
    layers.push_back(write.layer.descriptor);
    write.image = sign::make_cosign_signature_image(layers);
    return write;
}

std::optional<RawManifest> write_site_signature(Destination& destination,
                                                const PlannedSignature& planned,
                                                const sign::PrivateKey& key) {
    const std::string& repo = planned.where.repo;
    auto write =
        plan_site_signature(destination.get_tagged(repo, planned.where.name), planned, key);
    if (!write) {
        return std::nullopt;
    }
    const std::string what = "site signature of " + planned.subject.str();
    put_small_blob(destination, repo, write->layer.descriptor, write->layer.payload,
                   what + " (payload)");
    const RawManifest& m = write->image.manifest;
    put_small_blob(destination, repo, write->image.config_descriptor, write->image.config,
                   what + " (config)");
    destination.put_manifest(repo, m);
    destination.tag(repo, planned.where.name, m);
    return m;
}

bool holds_layers_of(Destination& destination, const std::string& repo, const std::string& name,
                     const RawManifest& planned) {
    auto current = destination.get_tagged(repo, name);
    if (!current || current->digest == planned.digest) {
        return false;
    }
    try {
        const auto held = sign::cosign_signature_layers(*current, name);
        const auto wanted = sign::cosign_signature_layers(planned, name);
        return std::all_of(wanted.begin(), wanted.end(), [&](const Descriptor& w) {
            return std::any_of(held.begin(), held.end(), [&](const Descriptor& h) {
                return h.digest == w.digest && h.annotations == w.annotations;
            });
        });
    } catch (const Error&) {
        return false;
    }
}

} // namespace airlock::loader
