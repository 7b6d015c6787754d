// Go's unicode and utf8 behaviour that templates can observe.
#include "common/gounicode/unicode.hpp"

#include <catch2/catch.hpp>

namespace gu = airlock::gounicode;

TEST_CASE("gounicode decodes UTF-8 as Go does, one U+FFFD per bad byte", "[gounicode]") {
    CHECK(gu::decode_rune("é", 0) == std::pair<char32_t, std::size_t>{0xE9, 2});
    CHECK(gu::decode_rune("\xE2\x98\xBA", 0) == std::pair<char32_t, std::size_t>{0x263A, 3});
    CHECK(gu::decode_rune("\xF0\x9F\x98\x80", 0) == std::pair<char32_t, std::size_t>{0x1F600, 4});
    CHECK(gu::decode_rune("\xE2\x98", 0) == std::pair<char32_t, std::size_t>{gu::rune_error, 1});
    CHECK(gu::decode_rune("\xC0\x80", 0) == std::pair<char32_t, std::size_t>{gu::rune_error, 1});
    CHECK(gu::decode_rune("\xED\xA0\x80", 0).second == 1); // a surrogate
    CHECK(gu::decode_rune("a", 1).second == 0);
    CHECK(gu::from_runes(gu::to_runes("a\xFFz")) == "a\xEF\xBF\xBDz");
    std::string out;
    gu::append_utf8(out, 0xD800);
    CHECK(out == "\xEF\xBF\xBD");
}

TEST_CASE("gounicode maps case with Go's simple mappings", "[gounicode]") {
    CHECK(gu::string_to_upper("straße ǆ ᾳ") == "STRAßE Ǆ ᾼ");
    CHECK(gu::string_to_lower("İSTANBUL Σ") == "istanbul σ");
    CHECK(gu::to_title(0x01C6) == 0x01C5); // ǆ -> ǅ
    CHECK(gu::to_upper(0x01C5) == 0x01C4);
    CHECK(gu::is_title(0x01C5));
    CHECK(gu::is_upper(0xC9));
    CHECK_FALSE(gu::is_upper('a'));
    CHECK(gu::is_letter(0x4E2D));
    CHECK(gu::is_digit(0x0663));
    CHECK(gu::is_number(0xB2));
    CHECK_FALSE(gu::is_digit(0xB2));
    CHECK(gu::is_punct('!'));
    CHECK_FALSE(gu::is_punct('+')); // a symbol, not punctuation
    CHECK(gu::is_space(0x85));
    CHECK(gu::is_space(0x3000));
    CHECK_FALSE(gu::is_space(0x200B));
    CHECK(gu::find_table("Greek") != nullptr);
    CHECK(gu::find_table("Klingon") == nullptr);
}
