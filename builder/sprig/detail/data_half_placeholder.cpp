// Until the data half of sprig (lists, dicts, math, ...) is merged, this weak
// empty definition lets register_sprig link. The real definition is strong
// and wins; delete this file once it is on main. It lives outside
// builder/sprig/ so that it never shares a unity translation unit with it.
#include "builder/sprig/sprig.hpp"

namespace airlock::sprig {

[[gnu::weak]] void register_data_functions(gotemplate::FunctionTable& /*table*/) {}

} // namespace airlock::sprig
