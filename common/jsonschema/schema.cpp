#include "common/jsonschema/schema.hpp"

#include "common/core/error.hpp"
#include "common/jsonschema/detail/compiler.hpp"
#include "common/jsonschema/detail/validator.hpp"

namespace airlock::jsonschema {

CompileResult Schema::try_compile(const nlohmann::json& document, const Options& options) {
    CompileResult out;
    try {
        out.schema = Schema(detail::compile_document(document, options));
    } catch (const detail::CompileFailure& failure) {
        out.error = failure.message;
        out.error_line = failure.line;
    }
    return out;
}

Schema Schema::compile(const nlohmann::json& document, const Options& options) {
    CompileResult result = try_compile(document, options);
    if (!result.schema) {
        throw Error(ErrorCode::spec, result.error_line);
    }
    return std::move(*result.schema);
}

ValidationResult Schema::validate(const nlohmann::json& instance) const {
    return ValidationResult(
        detail::validate_instance(*compiled_->root, instance, *compiled_->regex_engine));
}

Draft Schema::draft() const noexcept {
    return compiled_->draft;
}

const std::vector<std::string>& Schema::warnings() const noexcept {
    return compiled_->warnings;
}

} // namespace airlock::jsonschema
