#pragma once
// The read-only OCI distribution v1.1 API over a ServeIndex: one request in,
// one response out, no HTTP library and no I/O beyond what BlobGuard reads to
// check a blob before part of it is sent.
//
//   GET  /v2/                                  200 {}
//   GET  /v2/<name>/manifests/<tag|digest>     the stored manifest
//   GET  /v2/<name>/blobs/<digest>             the blob (a single Range too)
//   GET  /v2/<name>/tags/list?n=&last=         {"name", "tags"} (Link: rel="next")
//   GET  /v2/_catalog?n=&last=                 {"repositories"} (Link: rel="next")
//   GET  /v2/<name>/referrers/<digest>?artifactType=
//   HEAD of each: the same headers and Content-Length, no body.
//
// Names contain slashes, so each route is found by its last marker
// ("/manifests/", "/blobs/", "/tags/list", "/referrers/"). Any other method on
// a /v2 path is 405 UNSUPPORTED with "Allow: GET, HEAD"; any other path is 404.
// Errors carry the specification's JSON body. Every response carries
// "Docker-Distribution-API-Version: registry/2.0".
//
// Not routed here: /metrics (and anything else the server itself answers).
// The caller must route those before calling registry_response, which would
// answer them 404.
#include "loader/serve/blob_guard.hpp"
#include "loader/serve/http_exchange.hpp"
#include "loader/serve/serve_index.hpp"

#include <memory>

namespace airlock::loader {

// Never throws for bad input (a malformed path, query or Range is a 4xx, or
// ignored where RFC 9110 lets a Range be ignored); an unexpected failure is a
// 500 with an UNKNOWN error body. `owner` becomes FileBody::owner of a blob
// sent from the bundle file: whatever keeps `index`'s bundles open until the
// body is sent. Safe to call from many threads at once.
HttpResponse registry_response(const HttpRequest& request, const ServeIndex& index,
                               BlobGuard& guard, std::shared_ptr<const void> owner = {});

// True when `request` asked for a whole blob (a GET of /v2/<name>/blobs/<digest>
// without a Range that was honoured) and `how` says all of it went out: for
// the blobs-served counter.
bool full_blob_served(const HttpRequest& request, const HttpCompletion& how);

} // namespace airlock::loader
