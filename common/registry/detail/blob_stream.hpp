#pragma once
// Private to common/registry: a blob GET as a pull-style BlobReader.
#include "common/registry/detail/client_core.hpp"
#include "common/transport/blob_reader.hpp"

#include <cstdint>
#include <memory>

namespace airlock {

class RegistryBlobStream final : public BlobReader {
  public:
    // Sends the request and waits for the response, so a missing blob or an
    // auth failure is thrown here rather than at the first read.
    RegistryBlobStream(std::shared_ptr<ClientCore> core, Call call, std::int64_t expected_size);

    size_t read(std::span<std::byte> buf) override;

  private:
    void open();

    std::shared_ptr<ClientCore> core_;
    Call call_;
    std::int64_t expected_size_; // -1: unknown
    RetryBudget retries_;        // shared by every re-open of this blob
    std::unique_ptr<Exchange> exchange_;
    std::uint64_t delivered_ = 0; // bytes handed to the caller
    bool at_end_ = false;
};

} // namespace airlock
