// cpp-httplib prototype (Debian's compiled libcpp-httplib, OpenSSL): a
// blocking thread pool, one thread per open connection. No sendfile: the
// blob body goes through a content provider that preads into a buffer;
// httplib itself answers single Range requests (206/416) for providers.
#include "proto_common.hpp"

#include <httplib.h>

#include <csignal>
#include <fcntl.h>
#include <memory>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

proto::Args g_args;
int g_fd = -1;

void routes(httplib::Server& srv) {
    srv.Get("/manifest", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(proto::manifest_body(), "application/vnd.oci.image.manifest.v1+json");
    });
    srv.Get("/blob", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Accept-Ranges", "bytes");
        res.set_content_provider(
            g_args.length, "application/octet-stream",
            [](size_t offset, size_t length, httplib::DataSink& sink) {
                thread_local std::vector<char> buf(256 * 1024);
                size_t want = length < buf.size() ? length : buf.size();
                ssize_t r = ::pread(g_fd, buf.data(), want, static_cast<off_t>(g_args.offset + offset));
                return r > 0 && sink.write(buf.data(), static_cast<size_t>(r));
            });
    });
    srv.set_keep_alive_max_count(1000000);
    srv.set_keep_alive_timeout(60);
    srv.set_read_timeout(60);
    srv.set_write_timeout(60);
}

httplib::Server* g_server = nullptr;

}  // namespace

int main(int argc, char** argv) {
    g_args = proto::parse_args(argc, argv);
    g_fd = open(g_args.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (g_fd < 0) {
        std::perror("open");
        return 1;
    }
    std::unique_ptr<httplib::Server> srv;
    if (g_args.tls()) {
        srv = std::make_unique<httplib::SSLServer>(g_args.cert.c_str(), g_args.key.c_str());
    } else {
        srv = std::make_unique<httplib::Server>();
    }
    routes(*srv);
    g_server = srv.get();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // threads made after this inherit the mask
    std::thread stopper{[set] {
        int sig = 0;
        sigwait(&set, &sig);
        g_server->stop();
    }};
    bool ok = srv->listen("127.0.0.1", g_args.port);
    stopper.join();
    return ok ? 0 : 1;
}
