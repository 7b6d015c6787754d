#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/log/audit.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <vector>

using airlock::AuditLog;
using airlock::ErrorCode;
using airlock::test::ScratchDir;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

void write_lines(const ScratchDir& dir, const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& l : lines) {
        text += l + "\n";
    }
    dir.write("audit.jsonl", text);
}

bool chain_broken_at(const std::filesystem::path& path, const std::string& where) {
    try {
        AuditLog::verify_chain(path);
    } catch (const airlock::Error& e) {
        return e.code() == ErrorCode::integrity &&
               std::string(e.what()).find(where) != std::string::npos;
    }
    return false;
}

} // namespace

TEST_CASE("audit log chains each line to the one before, across reopen") {
    ScratchDir dir;
    {
        AuditLog log(dir / "audit.jsonl");
        log.append("verify", {{"outcome", "ok"}});
        log.append("blob", {{"digest", "sha256:00"}});
    }
    AuditLog again(dir / "audit.jsonl");
    again.append("load", {{"outcome", "ok"}});

    auto lines = lines_of(dir.read("audit.jsonl"));
    REQUIRE(lines.size() == 3);
    for (size_t i = 1; i < lines.size(); ++i) {
        auto j = nlohmann::json::parse(lines[i]);
        CHECK(j["prev"] == airlock::Digest::of(lines[i - 1]).str());
    }
    CHECK(nlohmann::json::parse(lines[2])["event"] == "load");
    CHECK(AuditLog::verify_chain(dir / "audit.jsonl") == 3);
}

TEST_CASE("audit log: an edited, removed or inserted line breaks the chain") {
    ScratchDir dir;
    {
        AuditLog log(dir / "audit.jsonl");
        for (int i = 0; i < 4; ++i) {
            log.append("blob", {{"n", i}});
        }
    }
    auto lines = lines_of(dir.read("audit.jsonl"));
    REQUIRE(lines.size() == 4);

    SECTION("edited") {
        auto edited = lines;
        auto j = nlohmann::json::parse(edited[1]);
        j["n"] = 42;
        edited[1] = j.dump();
        write_lines(dir, edited);
        CHECK(chain_broken_at(dir / "audit.jsonl", ":3:"));
    }
    SECTION("removed") {
        auto removed = lines;
        removed.erase(removed.begin() + 1);
        write_lines(dir, removed);
        CHECK(chain_broken_at(dir / "audit.jsonl", ":2:"));
    }
    SECTION("inserted") {
        auto inserted = lines;
        inserted.insert(inserted.begin() + 2, lines[0]);
        write_lines(dir, inserted);
        CHECK(chain_broken_at(dir / "audit.jsonl", ":3:"));
    }
}

TEST_CASE("audit log: two writers of one file (a load beside a serve) keep one chain") {
    ScratchDir dir;
    AuditLog serve(dir / "audit.jsonl");
    AuditLog load(dir / "audit.jsonl");
    // Each writer opened the file before the other wrote: a writer that
    // remembered its own last line would chain to the wrong one.
    serve.append("serve.start");
    load.append("verify", {{"outcome", "ok"}});
    serve.append("serve.reload");
    load.append("load", {{"outcome", "ok"}});
    CHECK(AuditLog::verify_chain(dir / "audit.jsonl") == 4);
    // A long line is found from the end however far back its start lies.
    load.append("blob", {{"detail", std::string(10000, 'x')}});
    serve.append("serve.stop");
    CHECK(AuditLog::verify_chain(dir / "audit.jsonl") == 6);
}
