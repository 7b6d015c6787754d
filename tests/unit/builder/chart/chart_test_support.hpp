#pragma once
// Helpers for the chart tests: the shared real charts, packaged-archive
// inspection with python's tarfile, and local servers (python's http.server
// for a chart repository, Debian's docker-registry for oci://) run as child
// processes on loopback for the length of one test.
#include "tests/unit/support/scratch_dir.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace airlock::test {

// ../shared/charts/<name> next to the source tree (DESIGN.md: used in place, never copied in).
inline std::filesystem::path shared_chart(const std::string& name) {
    return std::filesystem::path(AIRLOCK_SOURCE_DIR) / ".." / "shared" / "charts" / name;
}

// "name|mode|uid|gid|mtime|type" per entry of a .tgz, in archive order, made
// by python's tarfile (an independent reader).
inline std::string list_tgz(const ScratchDir& dir, const std::string& archive_bytes) {
    dir.write("list.tgz", archive_bytes);
    dir.write("list_tgz.py",
              "import sys, tarfile\n"
              "with tarfile.open(sys.argv[1], 'r:gz') as t:\n"
              "    for m in t.getmembers():\n"
              "        print('%s|%o|%d|%d|%d|%s' % (m.name, m.mode, m.uid, m.gid, m.mtime,\n"
              "              'file' if m.isfile() else 'other'))\n");
    const std::string out = (dir / "list.txt").string();
    if (shell("/usr/bin/python3 " + sh_quote((dir / "list_tgz.py").string()) + " " +
              sh_quote((dir / "list.tgz").string()) + " > " + sh_quote(out)) != 0) {
        throw std::runtime_error("python tarfile could not read the archive");
    }
    return dir.read("list.txt");
}

// Writes a .tgz with python's tarfile; `body` calls add(name, data=b'x',
// kind=tarfile.REGTYPE, link='') for each entry.
inline std::string python_tgz(const ScratchDir& dir, const std::string& body) {
    dir.write("make_tgz.py",
              "import io, tarfile, sys\n"
              "t = tarfile.open(sys.argv[1], 'w:gz', format=tarfile.PAX_FORMAT)\n"
              "def add(name, data=b'x', kind=tarfile.REGTYPE, link=''):\n"
              "    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link\n"
              "    i.size = len(data) if kind == tarfile.REGTYPE else 0\n"
              "    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)\n" +
                  body + "\nt.close()\n");
    if (shell("/usr/bin/python3 " + sh_quote((dir / "make_tgz.py").string()) + " " +
              sh_quote((dir / "made.tgz").string())) != 0) {
        throw std::runtime_error("python could not write the test archive");
    }
    return dir.read("made.tgz");
}

inline int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline bool port_open(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    if (fd >= 0) {
        ::close(fd);
    }
    return ok;
}

// A child process listening on 127.0.0.1:port, stopped (SIGTERM, then
// SIGKILL) when this object goes away.
class LocalServer {
  public:
    LocalServer(std::vector<std::string> argv, const std::filesystem::path& log, int port)
        : port_(port) {
        pid_ = ::fork();
        if (pid_ < 0) {
            throw std::runtime_error("fork failed");
        }
        if (pid_ == 0) {
            FILE* out = std::fopen(log.c_str(), "w");
            if (out != nullptr) {
                ::dup2(fileno(out), 1);
                ::dup2(fileno(out), 2);
            }
            std::vector<char*> args;
            for (auto& a : argv) {
                args.push_back(a.data());
            }
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!port_open(port_)) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("server exited before listening; see " + log.string());
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("server did not listen in time; see " + log.string());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~LocalServer() {
        if (pid_ <= 0) {
            return;
        }
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 100; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;

    int port() const { return port_; }
    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    pid_t pid_ = -1;
    int port_;
};

// python's http.server serving `root` over plain HTTP.
inline std::unique_ptr<LocalServer> serve_directory(const ScratchDir& dir,
                                                    const std::filesystem::path& root) {
    const int port = free_port();
    return std::make_unique<LocalServer>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1",
                                 "--directory", root.string(), std::to_string(port)},
        dir / "http.log", port);
}

// Debian's docker-registry (Distribution 2.8), plain HTTP, storage in `dir`.
inline std::unique_ptr<LocalServer> start_registry(const ScratchDir& dir) {
    const int port = free_port();
    dir.write("registry/config.yml", "version: 0.1\n"
                                     "log: {level: error, accesslog: {disabled: true}}\n"
                                     "storage:\n"
                                     "  filesystem: {rootdirectory: " +
                                         (dir / "registry/storage").string() +
                                         "}\n"
                                         "  maintenance: {uploadpurging: {enabled: false}}\n"
                                         "http: {addr: 127.0.0.1:" +
                                         std::to_string(port) +
                                         ", secret: airlock-unit-test}\n"
                                         "health: {storagedriver: {enabled: false}}\n");
    return std::make_unique<LocalServer>(
        std::vector<std::string>{"/usr/bin/docker-registry", "serve",
                                 (dir / "registry/config.yml").string()},
        dir / "registry.log", port);
}

} // namespace airlock::test
