#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/sprig.hpp"

namespace airlock::sprig {

void register_data_functions(gotemplate::FunctionTable& table) {
    data_detail::register_list_functions(table);
    data_detail::register_dict_functions(table);
    data_detail::register_math_functions(table);
    data_detail::register_date_functions(table);
    data_detail::register_hash_functions(table);
    data_detail::register_password_functions(table);
    data_detail::register_random_functions(table);
    data_detail::register_certificate_functions(table);
    data_detail::register_encryption_functions(table);
    data_detail::register_network_functions(table);
}

} // namespace airlock::sprig
