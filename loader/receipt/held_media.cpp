#include "loader/receipt/held_media.hpp"

#include "common/core/error.hpp"

namespace airlock::loader {

std::unique_ptr<HeldContent> open_held_content(const Target& target,
                                               const DestinationOptions& options) {
    switch (target.kind) {
    case Target::Kind::oci_layout:
        return layout_held_content(target.dir);
    case Target::Kind::registry:
        return registry_held_content(target, options);
    }
    fail(ErrorCode::internal, "unknown target kind");
}

} // namespace airlock::loader
