// libmicrohttpd prototype: epoll, a pool of 2 threads, sendfile on plain
// connections (MHD_create_response_from_fd_at_offset64), TLS through GnuTLS.
#include "proto_common.hpp"

#include <microhttpd.h>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

proto::Args g_args;
int g_fd = -1;
MHD_Response* g_manifest = nullptr;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

MHD_Result handle(void*, MHD_Connection* c, const char* url, const char* method, const char*,
                  const char*, size_t*, void** state) {
    // First call of a request: headers only; answer on the second.
    static int marker;
    if (*state == nullptr) {
        *state = &marker;
        return MHD_YES;
    }
    bool get = std::strcmp(method, MHD_HTTP_METHOD_GET) == 0;
    bool head = std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!get && !head) {
        return MHD_NO;
    }
    if (std::strcmp(url, "/manifest") == 0) {
        return MHD_queue_response(c, MHD_HTTP_OK, g_manifest);  // HEAD: MHD sends no body
    }
    if (std::strcmp(url, "/blob") != 0) {
        MHD_Response* r = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
        MHD_Result ret = MHD_queue_response(c, MHD_HTTP_NOT_FOUND, r);
        MHD_destroy_response(r);
        return ret;
    }
    proto::Range range{0, g_args.length};
    unsigned status = MHD_HTTP_OK;
    if (const char* rh = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE)) {
        switch (proto::parse_range(rh, g_args.length, range)) {
            case proto::RangeResult::whole:
                range = {0, g_args.length};
                break;
            case proto::RangeResult::partial:
                status = MHD_HTTP_PARTIAL_CONTENT;
                break;
            case proto::RangeResult::unsatisfiable: {
                MHD_Response* r = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
                std::string cr = "bytes */" + std::to_string(g_args.length);
                MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr.c_str());
                MHD_Result ret = MHD_queue_response(c, MHD_HTTP_RANGE_NOT_SATISFIABLE, r);
                MHD_destroy_response(r);
                return ret;
            }
        }
    }
    // The response owns (and closes) its descriptor, so each gets a dup.
    MHD_Response* r =
        MHD_create_response_from_fd_at_offset64(range.count, dup(g_fd), g_args.offset + range.first);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/octet-stream");
    MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
    if (status == MHD_HTTP_PARTIAL_CONTENT) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE,
                                proto::content_range(range, g_args.length).c_str());
    }
    MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

}  // namespace

int main(int argc, char** argv) {
    g_args = proto::parse_args(argc, argv);
    g_fd = open(g_args.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (g_fd < 0) {
        std::perror("open");
        return 1;
    }
    const std::string& m = proto::manifest_body();
    g_manifest = MHD_create_response_from_buffer(m.size(), const_cast<char*>(m.data()),
                                                 MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(g_manifest, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/vnd.oci.image.manifest.v1+json");
    std::string cert, key;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    if (g_args.tls()) {
        flags |= MHD_USE_TLS;
        cert = slurp(g_args.cert);
        key = slurp(g_args.key);
    }
    MHD_Daemon* d = MHD_start_daemon(
        flags, static_cast<uint16_t>(g_args.port), nullptr, nullptr, &handle, nullptr,
        MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_CONNECTION_LIMIT, 4096u,
        MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u,
        g_args.tls() ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert.c_str(),
        MHD_OPTION_HTTPS_MEM_KEY, key.c_str(), MHD_OPTION_END);
    if (d == nullptr) {
        std::fprintf(stderr, "MHD_start_daemon failed\n");
        return 1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    MHD_destroy_response(g_manifest);
    return 0;
}
