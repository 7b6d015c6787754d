// libevent evhttp prototype: one thread, one event loop. The blob is one
// evbuffer file segment shared by all responses; on plain connections the
// response buffer is marked as draining to a socket, so libevent sends it
// with sendfile(2). Under TLS (bufferevent_openssl) the segment is mmapped
// and OpenSSL encrypts from the mapping.
#include "proto_common.hpp"

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/ssl.h>

#include <csignal>
#include <cstring>
#include <fcntl.h>

namespace {

proto::Args g_args;
evbuffer_file_segment* g_blob = nullptr;

void reply_empty(evhttp_request* req, int code, const char* reason) {
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Length", "0");
    evhttp_send_reply(req, code, reason, nullptr);
}

void handle(evhttp_request* req, void*) {
    auto cmd = evhttp_request_get_command(req);
    if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
        reply_empty(req, 405, "Method Not Allowed");
        return;
    }
    bool head = cmd == EVHTTP_REQ_HEAD;
    const char* path = evhttp_request_get_uri(req);
    evkeyvalq* out_headers = evhttp_request_get_output_headers(req);
    if (std::strcmp(path, "/manifest") == 0) {
        const std::string& m = proto::manifest_body();
        evhttp_add_header(out_headers, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        evhttp_add_header(out_headers, "Content-Length", std::to_string(m.size()).c_str());
        evbuffer* body = evbuffer_new();
        if (!head) {
            evbuffer_add_reference(body, m.data(), m.size(), nullptr, nullptr);
        }
        evhttp_send_reply(req, 200, "OK", body);
        evbuffer_free(body);
        return;
    }
    if (std::strcmp(path, "/blob") != 0) {
        reply_empty(req, 404, "Not Found");
        return;
    }
    proto::Range range{0, g_args.length};
    int code = 200;
    const char* reason = "OK";
    if (const char* rh = evhttp_find_header(evhttp_request_get_input_headers(req), "Range")) {
        switch (proto::parse_range(rh, g_args.length, range)) {
            case proto::RangeResult::whole:
                range = {0, g_args.length};
                break;
            case proto::RangeResult::partial:
                code = 206;
                reason = "Partial Content";
                evhttp_add_header(out_headers, "Content-Range",
                                  proto::content_range(range, g_args.length).c_str());
                break;
            case proto::RangeResult::unsatisfiable:
                evhttp_add_header(out_headers, "Content-Range",
                                  ("bytes */" + std::to_string(g_args.length)).c_str());
                reply_empty(req, 416, "Range Not Satisfiable");
                return;
        }
    }
    evhttp_add_header(out_headers, "Content-Type", "application/octet-stream");
    evhttp_add_header(out_headers, "Accept-Ranges", "bytes");
    evhttp_add_header(out_headers, "Content-Length", std::to_string(range.count).c_str());
    evbuffer* body = evbuffer_new();
    if (!g_args.tls()) {
        evbuffer_set_flags(body, EVBUFFER_FLAG_DRAINS_TO_FD);  // keep the segment sendfile-able
    }
    if (!head) {
        evbuffer_add_file_segment(body, g_blob, static_cast<ev_off_t>(range.first),
                                  static_cast<ev_off_t>(range.count));
    }
    evhttp_send_reply(req, code, reason, body);
    evbuffer_free(body);
}

bufferevent* make_tls_bev(event_base* base, void* arg) {
    SSL* ssl = SSL_new(static_cast<SSL_CTX*>(arg));
    return bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                          BEV_OPT_CLOSE_ON_FREE);
}

void on_signal(evutil_socket_t, short, void* base) {
    event_base_loopbreak(static_cast<event_base*>(base));
}

}  // namespace

int main(int argc, char** argv) {
    g_args = proto::parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    int fd = open(g_args.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::perror("open");
        return 1;
    }
    g_blob = evbuffer_file_segment_new(fd, static_cast<ev_off_t>(g_args.offset),
                                       static_cast<ev_off_t>(g_args.length),
                                       EVBUF_FS_CLOSE_ON_FREE | EVBUF_FS_DISABLE_LOCKING);
    event_base* base = event_base_new();
    evhttp* http = evhttp_new(base);
    evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
    evhttp_set_timeout(http, 60);
    evhttp_set_gencb(http, handle, nullptr);
    SSL_CTX* ctx = nullptr;
    if (g_args.tls()) {
        ctx = SSL_CTX_new(TLS_server_method());
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
        if (SSL_CTX_use_certificate_chain_file(ctx, g_args.cert.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, g_args.key.c_str(), SSL_FILETYPE_PEM) != 1) {
            std::fprintf(stderr, "cannot load certificate or key\n");
            return 1;
        }
        evhttp_set_bevcb(http, make_tls_bev, ctx);
    }
    if (evhttp_bind_socket_with_handle(http, "127.0.0.1", static_cast<ev_uint16_t>(g_args.port)) ==
        nullptr) {
        std::fprintf(stderr, "cannot bind\n");
        return 1;
    }
    event* term = evsignal_new(base, SIGTERM, on_signal, base);
    event* intr = evsignal_new(base, SIGINT, on_signal, base);
    event_add(term, nullptr);
    event_add(intr, nullptr);
    event_base_dispatch(base);
    event_free(term);
    event_free(intr);
    evhttp_free(http);
    evbuffer_file_segment_free(g_blob);
    event_base_free(base);
    if (ctx != nullptr) {
        SSL_CTX_free(ctx);
    }
    return 0;
}
