#pragma once
// The error codes of the OCI distribution specification v1.1 ("errors":
// [{"code": ...}]), which a read-only registry answers with, and the HTTP
// status each is usually sent with. No HTTP here: the server maps them.
#include <string_view>

namespace airlock::loader {

enum class DistributionError {
    blob_unknown,          // BLOB_UNKNOWN: blob unknown to registry (404)
    blob_upload_invalid,   // BLOB_UPLOAD_INVALID
    blob_upload_unknown,   // BLOB_UPLOAD_UNKNOWN
    digest_invalid,        // DIGEST_INVALID: provided digest did not match / is not one (400)
    manifest_blob_unknown, // MANIFEST_BLOB_UNKNOWN
    manifest_invalid,      // MANIFEST_INVALID
    manifest_unknown,      // MANIFEST_UNKNOWN: manifest unknown to registry (404)
    name_invalid,          // NAME_INVALID: invalid repository name (400)
    name_unknown,          // NAME_UNKNOWN: repository name not known to registry (404)
    size_invalid,          // SIZE_INVALID
    unauthorized,          // UNAUTHORIZED (401)
    denied,                // DENIED: requested access to the resource is denied (403)
    unsupported,           // UNSUPPORTED: the operation is unsupported (a write here; 405)
    too_many_requests,     // TOOMANYREQUESTS (429)
    // PAGINATION_NUMBER_INVALID: invalid number of results requested (400).
    // Not in the v1.1 table, but what Distribution answers for a bad `n`.
    pagination_number_invalid,
};

// "BLOB_UNKNOWN", ... as the specification spells the code.
std::string_view code_string(DistributionError error);
// The specification's message for the code ("blob unknown to registry").
std::string_view default_message(DistributionError error);
// The HTTP status a registry sends it with (404 for the *_UNKNOWN, 400 for invalid input).
int http_status(DistributionError error);

} // namespace airlock::loader
