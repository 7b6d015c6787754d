#pragma once
// PRIVATE to builder/sprig: the parts register_data_functions is made of,
// one per file of the data half.
#include "common/gotemplate/function.hpp"

namespace airlock::sprig::data_detail {

void register_list_functions(gotemplate::FunctionTable& table);        // lists.cpp
void register_dict_functions(gotemplate::FunctionTable& table);        // dicts.cpp
void register_merge_functions(gotemplate::FunctionTable& table);       // dict_merge.cpp
void register_math_functions(gotemplate::FunctionTable& table);        // math.cpp
void register_date_functions(gotemplate::FunctionTable& table);        // dates.cpp
void register_hash_functions(gotemplate::FunctionTable& table);        // hashes.cpp
void register_password_functions(gotemplate::FunctionTable& table);    // passwords.cpp
void register_random_functions(gotemplate::FunctionTable& table);      // random_values.cpp
void register_certificate_functions(gotemplate::FunctionTable& table); // certificates.cpp
void register_encryption_functions(gotemplate::FunctionTable& table);  // encryption.cpp
void register_network_functions(gotemplate::FunctionTable& table);     // network.cpp

} // namespace airlock::sprig::data_detail
