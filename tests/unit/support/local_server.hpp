#pragma once
// Real servers for unit tests that need one: python's http.server (a chart
// repository) and Debian's docker-registry (oci://, a mirror), run as child
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
