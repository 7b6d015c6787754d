#include "builder/helm/manifests.hpp"

#include <catch2/catch.hpp>

using namespace airlock::helm;
using Docs = std::vector<std::string>;

TEST_CASE("split_manifests cuts rendered text into documents as Helm does", "[helm-format]") {
    CHECK(split_manifests("a: 1\n---\nb: 2\n") == Docs{"a: 1", "b: 2"});
    CHECK(split_manifests("---\na: 1\n") == Docs{"a: 1"});
    CHECK(split_manifests("") == Docs{});
    CHECK(split_manifests("---") == Docs{});
    CHECK(split_manifests("# x\n---\n# y\n") == Docs{"# x", "# y"});
    CHECK(split_manifests("\n\n  a: 1\n\n---\n\n  b: 2\n\n") == Docs{"a: 1", "b: 2"});
    // An indented "---" and one after text on the line are content.
    CHECK(split_manifests("a: 1\n  ---\nb: 2") == Docs{"a: 1\n  ---\nb: 2"});
    CHECK(split_manifests("a: 1 ---\nb: 1") == Docs{"a: 1 ---\nb: 1"});
    // The separator takes the whitespace after it along, so "---foo" splits
    // and a "---" right after a separator is content.
    CHECK(split_manifests("a: 1\n---b: 2\n") == Docs{"a: 1", "b: 2"});
    CHECK(split_manifests("a: 1\n---\n---\nb: 2") == Docs{"a: 1", "---\nb: 2"});
    CHECK(split_manifests("a: 1\n--- \n\n---\nb: 2") == Docs{"a: 1", "---\nb: 2"});
    CHECK(split_manifests("a: 1\r\n---\r\nb: 2") == Docs{"a: 1", "b: 2"});
    CHECK(split_manifests("a: |\n  x\n  ---\n  y\n") == Docs{"a: |\n  x\n  ---\n  y"});
    CHECK(split_manifests("a: 1\n--- # c\nb: 2") == Docs{"a: 1", "# c\nb: 2"});
    CHECK(split_manifests("a: 1\n----\nb: 2") == Docs{"a: 1", "-\nb: 2"});
}
