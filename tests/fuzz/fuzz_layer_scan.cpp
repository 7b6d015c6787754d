// Fuzzes the SBOM's package scan of an image layer (builder/sbom): the push
// decompressor and tar reader, fed in pieces whose sizes the input picks, then
// the fold of the findings and every package database parser on what was
// kept. Invariant: nothing throws; a layer is untrusted input and may only
// end the scan with a note.
#include "builder/sbom/image_packages.hpp"
#include "builder/sbom/layer_scanner.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    if (size == 0) {
        return 0;
    }
    // Small limits, so the fuzzer reaches them.
    sbom::ScanLimits limits;
    limits.max_file_bytes = 64 * 1024;
    limits.max_kept_bytes = 256 * 1024;
    limits.max_kept_files = 64;
    limits.max_decompressed = 8 * 1024 * 1024;
    limits.ratio_floor = 1024 * 1024;
    try {
        sbom::LayerScanner scanner(limits);
        const std::size_t piece = 1 + data[0] % 97;
        std::span<const std::byte> rest = std::as_bytes(std::span(data + 1, size - 1));
        while (!rest.empty()) {
            const std::size_t n = std::min(piece, rest.size());
            scanner.write(rest.first(n));
            rest = rest.subspan(n);
        }
        scanner.commit();
        const sbom::LayerFindings findings = scanner.take_findings();
        const sbom::LayerFindings* layers[] = {&findings, &findings};
        (void)sbom::image_packages(layers);
    } catch (const std::exception& e) {
        fuzz::finding(std::string("the layer scan threw: ") + e.what());
    }
    return 0;
}
