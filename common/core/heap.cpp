#include "common/core/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace airlock {

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
constexpr std::size_t grow_step = std::size_t{64} << 20;

} // namespace

void prepare_heap_for_short_burst() {
    // A thread's own arena grows 4 KiB at a time (an mprotect each); with one
    // arena every thread, the render thread included, uses the main heap.
    mallopt(M_ARENA_MAX, 1);
    // Reserve the heap in large steps so the range advised below covers
    // what a render uses; untouched pages cost nothing.
    mallopt(M_TOP_PAD, static_cast<int>(grow_step));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * grow_step));
    // Large strings (a chart's files) come from the heap too, not from a
    // fresh mapping of their own each.
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(grow_step / 2));
    // A block larger than the heap's free top makes it grow now, by the pad.
    void* probe = std::malloc(huge_page);
    if (probe == nullptr) {
        return;
    }
    auto begin = reinterpret_cast<std::uintptr_t>(probe);
    auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    begin = (begin + huge_page - 1) & ~(huge_page - 1);
    end &= ~(huge_page - 1);
    // Only when the block came from the brk heap just grown (not from a
    // mapping of its own, or a sanitizer's allocator).
    if (end > begin && end - begin <= 2 * grow_step) {
        // Advice only: a kernel without transparent huge pages refuses it and
        // the heap keeps its small pages.
        (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
    std::free(probe);
}

} // namespace airlock
