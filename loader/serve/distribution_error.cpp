#include "loader/serve/distribution_error.hpp"

namespace airlock::loader {

namespace {

struct Row {
    std::string_view code;
    std::string_view message;
    int status;
};

Row row(DistributionError error) {
    switch (error) {
    case DistributionError::blob_unknown:
        return {"BLOB_UNKNOWN", "blob unknown to registry", 404};
    case DistributionError::blob_upload_invalid:
        return {"BLOB_UPLOAD_INVALID", "blob upload invalid", 400};
    case DistributionError::blob_upload_unknown:
        return {"BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404};
    case DistributionError::digest_invalid:
        return {"DIGEST_INVALID", "provided digest did not match uploaded content", 400};
    case DistributionError::manifest_blob_unknown:
        return {"MANIFEST_BLOB_UNKNOWN",
                "manifest references a manifest or blob unknown to "
                "registry",
                404};
    case DistributionError::manifest_invalid:
        return {"MANIFEST_INVALID", "manifest invalid", 400};
    case DistributionError::manifest_unknown:
        return {"MANIFEST_UNKNOWN", "manifest unknown to registry", 404};
    case DistributionError::name_invalid:
        return {"NAME_INVALID", "invalid repository name", 400};
    case DistributionError::name_unknown:
        return {"NAME_UNKNOWN", "repository name not known to registry", 404};
    case DistributionError::size_invalid:
        return {"SIZE_INVALID", "provided length did not match content length", 400};
    case DistributionError::unauthorized:
        return {"UNAUTHORIZED", "authentication required", 401};
    case DistributionError::denied:
        return {"DENIED", "requested access to the resource is denied", 403};
    case DistributionError::unsupported:
        return {"UNSUPPORTED", "the operation is unsupported", 405};
    case DistributionError::too_many_requests:
        return {"TOOMANYREQUESTS", "too many requests", 429};
    case DistributionError::pagination_number_invalid:
        return {"PAGINATION_NUMBER_INVALID", "invalid number of results requested", 400};
    }
    return {"UNSUPPORTED", "the operation is unsupported", 405};
}

} // namespace

std::string_view code_string(DistributionError error) {
    return row(error).code;
}
std::string_view default_message(DistributionError error) {
    return row(error).message;
}
int http_status(DistributionError error) {
    return row(error).status;
}

} // namespace airlock::loader
