#pragma once

namespace airlock {

// Prepares the allocator for a short, allocation-heavy command (rendering a
// chart): one shared heap, grown in large steps and backed by transparent
// huge pages where the kernel offers them on request. A render touches a few
// tens of MiB once; with 4 KiB pages most of its time went to page faults
// (one per page, and each costly under a hypervisor), the main cost on
// the small machines our users run. Call before starting threads.
// Harmless where huge pages are unavailable: the kernel ignores the advice.
void prepare_heap_for_short_burst();

} // namespace airlock
