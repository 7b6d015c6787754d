#pragma once
// Go's shortest float formatting (strconv.FormatFloat with precision -1) for
// the data formats: encoding/json's numbers, YAML's floats, and the float32
// formatting sigs.k8s.io/yaml gives float map keys. The shortest digits come
// from std::to_chars, which picks the same digits as Go (the shortest string
// that reads back exactly, the closest one on ties).
#include <string>

namespace airlock::helm {

// strconv.FormatFloat(f, fmt, -1, bits) for fmt 'e', 'f' or 'g' and bits 32
// or 64 (32: the shortest digits that read back as the same float32).
// NaN and infinities are "NaN", "+Inf" and "-Inf".
std::string go_format_float_shortest(double f, char fmt, int bits = 64);

// The number encoding/json writes for a finite float64: 'f' form for
// 1e-6 <= |f| < 1e21, otherwise 'e' form with a one-digit negative exponent
// written short ("1e-7", not "1e-07").
std::string go_json_float(double f);

} // namespace airlock::helm
