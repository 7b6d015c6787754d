// sprig's getHostByName. airlock-build renders charts on the connected side
// but must not make network calls a chart author slipped into a template, and
// a DNS answer would make the rendering depend on where and when it ran.
// Helm itself does not resolve names during `helm template` unless given
// --enable-dns: it replaces the function with one that returns "". We do the
// same, always: getHostByName returns the empty string.
#include "builder/sprig/detail/data_functions.hpp"

namespace airlock::sprig::data_detail {

void register_network_functions(gotemplate::FunctionTable& table) {
    table.add("getHostByName",
              gotemplate::Signature{{gotemplate::Type::string}, false, gotemplate::Type::string},
              [](gotemplate::CallContext&, std::vector<gotemplate::Value>&) {
                  return gotemplate::Value::string("");
              });
}

} // namespace airlock::sprig::data_detail
