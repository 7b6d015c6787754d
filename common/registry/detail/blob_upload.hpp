#pragma once
// Private to common/registry: one blob pushed to one repository, as a sink of
// the copy pipeline. Nothing becomes a blob of the repository until commit(),
// which copy_blob() calls only after the bytes matched the BOM:
//   - up to monolithic_limit bytes are kept in memory and sent at commit() as
//     one upload (POST, then PUT ?digest=); a failed blob leaves no session;
//   - larger blobs stream into an upload session in PATCH requests of at most
//     chunk_size bytes as they are read, in constant memory; commit() closes
//     the session with PUT ?digest=, and the registry checks the digest again.
// An upload destroyed before commit() is cancelled (DELETE of the session).
#include "common/registry/detail/client_core.hpp"
#include "common/registry/registry_client.hpp"
#include "common/transport/blob_sink.hpp"

#include <memory>
#include <string>

namespace airlock {

class BlobUpload final : public BlobSink {
  public:
    BlobUpload(std::shared_ptr<ClientCore> core, std::string host, std::string repository,
               Descriptor blob, UploadOptions options);
    ~BlobUpload() override;
    BlobUpload(const BlobUpload&) = delete;
    BlobUpload& operator=(const BlobUpload&) = delete;

    void write(std::span<const std::byte> data) override;
    void commit() override;

  private:
    Call session_call(const std::string& method, const std::string& url) const;
    void open_session();
    void start_chunk();
    void finish_chunk();
    void close_session(std::shared_ptr<const std::string> body);
    void set_session(std::string url);
    bool blob_present() const;
    void cancel() noexcept;

    std::shared_ptr<ClientCore> core_;
    std::string host_;
    std::string repository_;
    Descriptor blob_;
    UploadOptions options_;
    std::string subject_; // "blob sha256:... to host/repo"

    bool monolithic_ = false;
    std::string buffer_;  // monolithic uploads only
    std::string session_; // the upload session URL, empty when none is open
    std::unique_ptr<Exchange> chunk_;
    Call chunk_call_;
    std::uint64_t chunk_left_ = 0;
    std::uint64_t offset_ = 0; // bytes the session holds, excluding the open chunk
    bool committed_ = false;
};

} // namespace airlock
