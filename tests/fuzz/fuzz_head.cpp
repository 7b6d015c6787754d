// Fuzzes read_bundle_head (common/bundle/head_reader, tar_format, layout):
// the input is a whole bundle file, opened by path as airlock-load opens one.
#include "common/bundle/head_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <sys/mman.h>
#include <unistd.h>

namespace {

// The bundle is an in-memory file (no disk I/O per input), rewritten for
// every input and opened again through its /proc path.
int bundle_fd = -1;
std::string bundle_path;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bundle_fd = ::memfd_create("fuzz.airlock", MFD_CLOEXEC);
    if (bundle_fd < 0) {
        airlock::fuzz::finding("memfd_create failed");
    }
    bundle_path = "/proc/self/fd/" + std::to_string(bundle_fd);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    if (::ftruncate(bundle_fd, 0) != 0 ||
        ::pwrite(bundle_fd, data, size, 0) != static_cast<ssize_t>(size)) {
        fuzz::finding("cannot write the in-memory bundle");
    }
    fuzz::refusing_errors([&] { (void)read_bundle_head(BundleFiles::open(bundle_path)); });
    return 0;
}
