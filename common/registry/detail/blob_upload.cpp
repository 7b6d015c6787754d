#include "common/registry/detail/blob_upload.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/registry/detail/redirect_policy.hpp"
#include "common/registry/detail/url.hpp"

#include <algorithm>

namespace airlock {

BlobUpload::BlobUpload(std::shared_ptr<ClientCore> core, std::string host, std::string repository,
                       Descriptor blob, UploadOptions options)
    : core_(std::move(core)), host_(std::move(host)), repository_(std::move(repository)),
      blob_(std::move(blob)), options_(std::move(options)),
      subject_("blob " + blob_.digest.str() + " to " + host_ + "/" + repository_),
      monolithic_(static_cast<std::uint64_t>(blob_.size) <= options_.monolithic_limit) {
    if (options_.chunk_size == 0) {
        fail(ErrorCode::usage, "the upload chunk size must be at least one byte");
    }
    if (monolithic_) {
        buffer_.reserve(static_cast<size_t>(blob_.size));
    }
}

BlobUpload::~BlobUpload() {
    if (!committed_) {
        cancel();
    }
}

Call BlobUpload::session_call(const std::string& method, const std::string& url) const {
    Call call = core_->registry_call(CallKind::blob, method, host_, repository_, "");
    call.url = url;
    call.scope = push_scope(repository_);
    call.verb = "push";
    call.subject = subject_;
    call.missing = "the upload session of " + subject_ + " is gone (expired or cancelled)";
    return call;
}

void BlobUpload::set_session(std::string url) {
    session_ = std::move(url);
    // A monolithic session lives for two requests inside commit(); not worth a journal entry.
    if (options_.on_session && !monolithic_) {
        options_.on_session(session_);
    }
}

void BlobUpload::open_session() {
    Call call = core_->registry_call(CallKind::blob, "POST", host_, repository_, "/blobs/uploads/");
    call.scope = push_scope(repository_);
    call.verb = "push";
    call.subject = subject_;
    call.missing = "repository " + host_ + "/" + repository_ + " refused an upload";
    auto exchange = core_->open(call);
    std::string location = find_header(exchange->headers(), "location");
    drain(*exchange);
    set_session(resolve_location(call, location));
}

void BlobUpload::start_chunk() {
    const auto size = static_cast<std::uint64_t>(blob_.size);
    chunk_left_ = std::min(options_.chunk_size, size - offset_);
    chunk_call_ = session_call("PATCH", session_);
    chunk_call_.headers.push_back("Content-Type: application/octet-stream");
    chunk_call_.headers.push_back("Content-Range: " + std::to_string(offset_) + "-" +
                                  std::to_string(offset_ + chunk_left_ - 1));
    chunk_call_.body_length = static_cast<std::int64_t>(chunk_left_);
    chunk_ = core_->begin(chunk_call_);
}

void BlobUpload::finish_chunk() {
    chunk_->await_response();
    const long status = chunk_->status();
    if (!(status >= 200 && status < 300)) {
        core_->fail_response(chunk_call_, *chunk_);
    }
    std::string location = find_header(chunk_->headers(), "location");
    drain(*chunk_);
    if (!chunk_->ok()) {
        core_->fail_response(chunk_call_, *chunk_);
    }
    offset_ += static_cast<std::uint64_t>(chunk_call_.body_length);
    chunk_.reset();
    // Distribution moves the session state into the URL; the next request must use it.
    set_session(resolve_location(chunk_call_, location));
}

void BlobUpload::write(std::span<const std::byte> data) {
    if (monolithic_) {
        buffer_.append(reinterpret_cast<const char*>(data.data()), data.size());
        return;
    }
    if (session_.empty()) {
        open_session();
    }
    while (!data.empty()) {
        if (!chunk_) {
            start_chunk();
        }
        const size_t n = static_cast<size_t>(std::min<std::uint64_t>(chunk_left_, data.size()));
        if (!chunk_->send(data.first(n))) {
            core_->fail_response(chunk_call_, *chunk_);
        }
        chunk_left_ -= n;
        data = data.subspan(n);
        if (chunk_left_ == 0) {
            finish_chunk();
        }
    }
}

void BlobUpload::close_session(std::shared_ptr<const std::string> body) {
    Call call = session_call("PUT", with_query(session_, "digest=" + blob_.digest.str()));
    call.headers.push_back("Content-Type: application/octet-stream");
    call.body_length = static_cast<std::int64_t>(body ? body->size() : 0);
    call.body = body ? std::move(body) : std::make_shared<const std::string>();
    RetryBudget retries = core_->retry_budget();
    try {
        auto exchange = core_->open(call, retries);
        drain(*exchange);
    } catch (const Error& e) {
        // A PUT retried after a lost response finds its session consumed by
        // the first attempt, which may have landed: the blob itself tells.
        if (retries.used() == 0 || e.code() != ErrorCode::not_found || !blob_present()) {
            throw;
        }
    }
}

bool BlobUpload::blob_present() const {
    Call call = core_->blob_call("HEAD", host_, repository_, blob_.digest);
    call.scope = push_scope(repository_);
    try {
        return core_->open(call)->content_length() == blob_.size;
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return false;
        }
        throw;
    }
}

void BlobUpload::commit() {
    if (monolithic_) {
        open_session();
        close_session(std::make_shared<const std::string>(std::move(buffer_)));
    } else {
        if (chunk_) {
            finish_chunk();
        }
        if (session_.empty()) {
            open_session(); // an empty blob
        }
        close_session(nullptr);
    }
    committed_ = true;
    session_.clear();
    if (options_.on_session && !monolithic_) {
        options_.on_session({});
    }
}

void BlobUpload::cancel() noexcept {
    chunk_.reset(); // abandons a half-sent chunk; curl closes that connection
    if (session_.empty()) {
        return;
    }
    try {
        Call call = session_call("DELETE", session_);
        call.body_length = -1;
        auto exchange = core_->begin(call);
        exchange->await_response();
        drain(*exchange);
        log::debug("cancelled the upload of " + subject_);
        if (options_.on_session && !monolithic_) {
            options_.on_session({});
        }
    } catch (const std::exception& e) {
        log::debug("cannot cancel the upload of " + subject_ + ": " + e.what());
    }
}

} // namespace airlock
