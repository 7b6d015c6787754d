#pragma once
// Private to sprig's text half: the registration of each group of functions
// and the value helpers they share.
#include "common/gotemplate/function.hpp"

#include <initializer_list>
#include <string>

namespace airlock::sprig::text {

void register_string_functions(gotemplate::FunctionTable& table);
void register_word_functions(gotemplate::FunctionTable& table);
void register_case_functions(gotemplate::FunctionTable& table);
void register_conversion_functions(gotemplate::FunctionTable& table);
void register_encoding_functions(gotemplate::FunctionTable& table);
void register_regex_functions(gotemplate::FunctionTable& table);
void register_path_functions(gotemplate::FunctionTable& table);
void register_url_functions(gotemplate::FunctionTable& table);
void register_type_functions(gotemplate::FunctionTable& table);
void register_flow_functions(gotemplate::FunctionTable& table);
void register_semver_functions(gotemplate::FunctionTable& table);

gotemplate::Signature signature(std::initializer_list<gotemplate::Type> params,
                                gotemplate::Type result, bool variadic = false);

// sprig's strval: strings and []byte as they are, fmt.Stringer values
// through String(), everything else as fmt's %v.
std::string strval(const gotemplate::Value& v);

// A []string result.
gotemplate::Value string_list(std::vector<std::string> items);

// sprig's strslice (toStrings, join): a []string as it is, the elements of
// other lists through strval with nils dropped, nil as an empty list, any
// other value as a list of one.
std::vector<std::string> strslice(const gotemplate::Value& v);

// A Go runtime panic inside a function, as text/template reports it.
[[noreturn]] void runtime_panic(const std::string& message);

} // namespace airlock::sprig::text
