#pragma once
// Sprig, the function library Helm offers templates, ported from Go: every
// function with Go's parameter types, results and errors. No Helm knowledge:
// Helm's own functions (include, tpl, toYaml, ...) live in builder/helm.
#include "common/gotemplate/function.hpp"

namespace airlock::sprig {

// Every sprig function Helm offers (Helm leaves out env and expandenv, which
// would read the builder's environment).
void register_sprig(gotemplate::FunctionTable& table);

// The two halves register_sprig is made of:
// strings, conversions, encodings, regular expressions, paths, URLs, type
// checks, defaults and flow, semantic versions;
void register_text_functions(gotemplate::FunctionTable& table);
// lists, dicts, math, dates, hashes, random values, UUIDs, certificates and
// keys, encryption, network.
void register_data_functions(gotemplate::FunctionTable& table);

} // namespace airlock::sprig
