#pragma once
#include <string_view>

namespace airlock::media {

inline constexpr std::string_view oci_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view oci_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view oci_config = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view oci_layer_gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view oci_layer_zstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view oci_layer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view docker_list =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view docker_manifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view docker_config = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view docker_layer =
    "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view octet_stream = "application/octet-stream";
inline constexpr std::string_view airlock_file = "application/vnd.airlock.file.v1";

// Annotations that name an image in an OCI layout's index.json: the spec's
// own, and the one containerd writes.
inline constexpr std::string_view ref_name_annotation = "org.opencontainers.image.ref.name";
inline constexpr std::string_view containerd_name_annotation = "io.containerd.image.name";

// The Accept header sent for manifests: every type airlock can carry.
inline constexpr std::string_view manifest_accept =
    "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

inline bool is_index(std::string_view mt) {
    return mt == oci_index || mt == docker_list;
}
inline bool is_manifest(std::string_view mt) {
    return mt == oci_manifest || mt == docker_manifest;
}

} // namespace airlock::media
