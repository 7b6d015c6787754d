#include "common/registry/detail/curl_exchange.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <system_error>

namespace airlock {

namespace {

// Large reads keep the per-call overhead low on fast links (the target is
// close to the registry's own serving rate).
constexpr long receive_buffer_bytes = 512 * 1024;
// The same for request bodies (blob uploads); curl's default is 64 KiB.
constexpr long upload_buffer_bytes = 512 * 1024;
// Pause curl once this much is waiting for the caller: memory stays bounded
// by this plus one receive buffer, whatever the blob size.
constexpr size_t pause_threshold = 1024 * 1024;
// No total timeout, since blobs can be many GiB; a transfer that moves
// nothing for a minute is dead.
constexpr long low_speed_bytes = 1;
constexpr long low_speed_seconds = 60;
constexpr long connect_timeout_seconds = 30;
constexpr long max_redirects = 10;
constexpr int poll_timeout_ms = 1000;

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

CurlExchange::CurlExchange(std::shared_ptr<HandlePool> pool, const HttpRequest& request)
    : pool_(std::move(pool)), handles_(pool_->acquire()) {
    configure(request);
    CURLMcode mc = curl_multi_add_handle(handles_->multi.get(), handles_->easy.get());
    if (mc != CURLM_OK) {
        fail(ErrorCode::internal,
             std::string("cannot start an HTTP transfer: ") + curl_multi_strerror(mc));
    }
    attached_ = true;
}

CurlExchange::~CurlExchange() {
    if (handles_) {
        if (attached_) {
            // Abandoning a transfer midway: curl closes that connection.
            curl_multi_remove_handle(handles_->multi.get(), handles_->easy.get());
        }
        pool_->release(std::move(handles_));
    }
}

void CurlExchange::configure(const HttpRequest& request) {
    CURL* easy = handles_->easy.get();
    for (const auto& line : request.headers) {
        curl::append(header_list_, line);
    }
    // Registries need no Expect handshake and some proxies mishandle it.
    curl::append(header_list_, "Expect:");

    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_list_.get());
    if (request.method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (request.body_length >= 0) {
        // UPLOAD makes a PUT with a body from on_read; other verbs keep that body.
        body_ = request.body;
        body_length_ = static_cast<std::uint64_t>(request.body_length);
        if (body_) {
            outgoing_ = std::as_bytes(std::span<const char>(body_->data(), body_->size()));
        }
        curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(easy, CURLOPT_UPLOAD_BUFFERSIZE, upload_buffer_bytes);
        curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE,
                         static_cast<curl_off_t>(request.body_length));
        curl_easy_setopt(easy, CURLOPT_READFUNCTION, &CurlExchange::on_read);
        curl_easy_setopt(easy, CURLOPT_READDATA, this);
        if (request.method != "PUT") {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
    } else if (request.method == "POST") {
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
    } else {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        if (request.method != "GET") {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
    }
    if (!request.use_proxy_env) {
        // An empty proxy disables the environment's; "*" exempts every host.
        curl_easy_setopt(easy, CURLOPT_PROXY, "");
        curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    }
    if (!request.user_agent.empty()) {
        curl_easy_setopt(easy, CURLOPT_USERAGENT, request.user_agent.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    // Blob GETs commonly redirect to object storage. libcurl drops our
    // Authorization header when a redirect leaves the original host.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, max_redirects);
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR,
                     request.allow_http_redirects ? "http,https" : "https");
    // HTTP/1.1 on purpose: one stream per connection gives the best bulk
    // throughput, and pausing a stream cannot stall others sharing an h2 connection.
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, receive_buffer_bytes);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, connect_timeout_seconds);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, low_speed_bytes);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, low_speed_seconds);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer_.data());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlExchange::on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &CurlExchange::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);

    // Verification stays on (libcurl's default); we only add trust.
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (request.tls) {
        if (!request.tls->ca_pem.empty()) {
            curl_blob blob{};
            blob.data = const_cast<char*>(request.tls->ca_pem.data());
            blob.len = request.tls->ca_pem.size();
            blob.flags = CURL_BLOB_COPY;
            curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
        }
        if (!request.tls->client_cert.empty()) {
            curl_easy_setopt(easy, CURLOPT_SSLCERT, request.tls->client_cert.c_str());
            curl_easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
            curl_easy_setopt(easy, CURLOPT_SSLKEY, request.tls->client_key.c_str());
            curl_easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM");
        }
    }
}

size_t CurlExchange::on_header(char* data, size_t size, size_t count, void* self) {
    auto* ex = static_cast<CurlExchange*>(self);
    size_t n = size * count;
    std::string_view line(data, n);
    if (line.substr(0, 5) == "HTTP/") {
        // A new response (after a redirect or a 1xx): forget the previous headers.
        ex->headers_.clear();
        size_t space = line.find(' ');
        if (space != std::string_view::npos) {
            std::string_view code = line.substr(space + 1, 3);
            long status = 0;
            std::from_chars(code.data(), code.data() + code.size(), status);
            ex->status_ = status;
        }
        return n;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        ex->headers_.emplace_back(ascii_lower(trim(line.substr(0, colon))),
                                  std::string(trim(line.substr(colon + 1))));
    }
    return n;
}

size_t CurlExchange::on_read(char* buffer, size_t size, size_t count, void* self) {
    auto* ex = static_cast<CurlExchange*>(self);
    if (ex->outgoing_.empty()) {
        if (ex->sent_ >= ex->body_length_) {
            return 0;
        }
        // A streamed body: wait for the caller's next send().
        ex->upload_paused_ = true;
        return CURL_READFUNC_PAUSE;
    }
    size_t n = std::min(size * count, ex->outgoing_.size());
    std::memcpy(buffer, ex->outgoing_.data(), n);
    ex->outgoing_ = ex->outgoing_.subspan(n);
    ex->sent_ += n;
    return n;
}

size_t CurlExchange::on_write(char* data, size_t size, size_t count, void* self) {
    auto* ex = static_cast<CurlExchange*>(self);
    size_t n = size * count;
    size_t room = ex->direct_.size() - ex->direct_filled_;
    if (room == 0 && ex->buffered() >= pause_threshold) {
        // curl keeps this chunk and hands it over again after unpausing.
        ex->paused_ = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    auto* bytes = reinterpret_cast<const std::byte*>(data);
    size_t direct = std::min(room, n);
    if (direct > 0) {
        std::memcpy(ex->direct_.data() + ex->direct_filled_, bytes, direct);
        ex->direct_filled_ += direct;
    }
    if (direct < n) {
        if (ex->head_ > 0) {
            ex->buffer_.erase(ex->buffer_.begin(),
                              ex->buffer_.begin() + static_cast<std::ptrdiff_t>(ex->head_));
            ex->head_ = 0;
        }
        ex->buffer_.insert(ex->buffer_.end(), bytes + direct, bytes + n);
    }
    ex->received_ += n;
    return n;
}

void CurlExchange::pump() {
    int running = 0;
    CURLMcode mc = curl_multi_perform(handles_->multi.get(), &running);
    if (mc != CURLM_OK) {
        reason_ = std::string("curl_multi_perform: ") + curl_multi_strerror(mc);
        finish(CURLE_RECV_ERROR);
        return;
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(handles_->multi.get(), &queued)) {
        if (msg->msg == CURLMSG_DONE) {
            finish(msg->data.result);
            return;
        }
    }
}

void CurlExchange::finish(CURLcode result) {
    finished_ = true;
    result_ = result;
    CURL* easy = handles_->easy.get();
    long status = 0;
    if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status != 0) {
        status_ = status;
    }
    if (result != CURLE_OK && reason_.empty()) {
        long os_errno = 0;
        curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
        if (result == CURLE_COULDNT_CONNECT && os_errno != 0) {
            // "Connection refused" says more than curl's "Couldn't connect to server".
            reason_ = std::generic_category().message(static_cast<int>(os_errno));
        } else if (error_buffer_[0] != '\0') {
            reason_ = trim(error_buffer_.data());
        } else {
            reason_ = curl_easy_strerror(result);
        }
    }
    // Hand the handles back now, not at destruction: a finished exchange may
    // be kept while its buffer is drained, and its connection can serve others.
    curl_multi_remove_handle(handles_->multi.get(), easy);
    attached_ = false;
    pool_->release(std::move(handles_));
}

void CurlExchange::await_response() {
    while (!finished_ && received_ == 0) {
        pump();
        if (!finished_ && received_ == 0) {
            curl_multi_poll(handles_->multi.get(), nullptr, 0, poll_timeout_ms, nullptr);
        }
    }
}

bool CurlExchange::send(std::span<const std::byte> data) {
    outgoing_ = data;
    if (upload_paused_ && !finished_) {
        upload_paused_ = false;
        CURLcode rc = curl_easy_pause(handles_->easy.get(), CURLPAUSE_CONT);
        if (rc != CURLE_OK) {
            reason_ = std::string("cannot resume transfer: ") + curl_easy_strerror(rc);
            finish(rc);
        }
    }
    while (!finished_ && !outgoing_.empty()) {
        pump();
        if (!finished_ && !outgoing_.empty()) {
            curl_multi_poll(handles_->multi.get(), nullptr, 0, poll_timeout_ms, nullptr);
        }
    }
    const bool all_sent = outgoing_.empty();
    outgoing_ = {};
    return all_sent;
}

size_t CurlExchange::take_buffered(std::span<std::byte> out) {
    size_t n = std::min(out.size(), buffered());
    std::memcpy(out.data(), buffer_.data() + head_, n);
    head_ += n;
    if (head_ == buffer_.size()) {
        buffer_.clear();
        head_ = 0;
    }
    return n;
}

void CurlExchange::resume_if_paused() {
    if (paused_ && !finished_) {
        paused_ = false;
        // May call on_write right away with the chunk curl held back.
        CURLcode rc = curl_easy_pause(handles_->easy.get(), CURLPAUSE_CONT);
        if (rc != CURLE_OK) {
            reason_ = std::string("cannot resume transfer: ") + curl_easy_strerror(rc);
            finish(rc);
        }
    }
}

size_t CurlExchange::read(std::span<std::byte> out) {
    if (out.empty()) {
        return 0;
    }
    if (buffered() > 0) {
        return take_buffered(out);
    }
    direct_ = out;
    direct_filled_ = 0;
    resume_if_paused();
    while (!finished_ && direct_filled_ == 0 && buffered() == 0) {
        pump();
        if (!finished_ && direct_filled_ == 0 && buffered() == 0) {
            curl_multi_poll(handles_->multi.get(), nullptr, 0, poll_timeout_ms, nullptr);
        }
    }
    size_t n = direct_filled_;
    direct_ = {};
    direct_filled_ = 0;
    if (n == 0 && buffered() > 0) {
        n = take_buffered(out);
    }
    return n;
}

CurlConnector::CurlConnector() : pool_(std::make_shared<HandlePool>()) {}

std::unique_ptr<Exchange> CurlConnector::start(const HttpRequest& request) {
    return std::make_unique<CurlExchange>(pool_, request);
}

} // namespace airlock
