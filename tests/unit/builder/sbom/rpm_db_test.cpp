#include "builder/sbom/rpm_db.hpp"

#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sqlite3.h>

using airlock::sbom::parse_rpm_header;
using airlock::sbom::read_rpmdb_sqlite;
using airlock::test::ScratchDir;

namespace {

// An rpm header blob as rpmdb.sqlite stores it: il, dl, index, data store.
class RpmHeader {
  public:
    RpmHeader& str(std::uint32_t tag, const std::string& value, std::uint32_t type = 6) {
        add(tag, type, 1);
        data_ += value;
        data_ += '\0';
        return *this;
    }
    RpmHeader& int32(std::uint32_t tag, std::uint32_t value) {
        while (data_.size() % 4 != 0) {
            data_ += '\0';
        }
        add(tag, 4, 1);
        put(data_, value);
        return *this;
    }
    // An entry with any fields, pointing wherever.
    RpmHeader& raw(std::uint32_t tag, std::uint32_t type, std::uint32_t offset,
                   std::uint32_t count) {
        put(index_, tag);
        put(index_, type);
        put(index_, offset);
        put(index_, count);
        ++entries_;
        return *this;
    }
    std::string blob() const {
        std::string out;
        put(out, entries_);
        put(out, static_cast<std::uint32_t>(data_.size()));
        return out + index_ + data_;
    }

  private:
    void add(std::uint32_t tag, std::uint32_t type, std::uint32_t count) {
        raw(tag, type, static_cast<std::uint32_t>(data_.size()), count);
    }
    static void put(std::string& s, std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            s += static_cast<char>((v >> shift) & 0xff);
        }
    }
    std::string index_, data_;
    std::uint32_t entries_ = 0;
};

std::string package(const std::string& name, const std::string& version, const std::string& release,
                    std::optional<std::uint32_t> epoch = {}) {
    RpmHeader h;
    h.str(1000, name).str(1001, version).str(1002, release);
    if (epoch) {
        h.int32(1003, *epoch);
    }
    h.str(1014, "MIT")
        .str(1022, "x86_64")
        .str(1044, name + "-" + version + "-" + release + ".src.rpm");
    return h.blob();
}

std::optional<airlock::sbom::OsPackage> parse(const std::string& blob, std::string& error) {
    return parse_rpm_header(std::as_bytes(std::span(blob.data(), blob.size())), error);
}

// Writes an rpmdb.sqlite with rpm's Packages table holding `blobs`.
std::string make_rpmdb(const ScratchDir& dir, const std::vector<std::string>& blobs,
                       bool wal = false) {
    auto path = dir / "rpmdb.sqlite";
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    if (wal) {
        REQUIRE(sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) ==
                SQLITE_OK);
    }
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "blob BLOB NOT NULL)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    for (const std::string& b : blobs) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO Packages (blob) VALUES (?)", -1, &st,
                                   nullptr) == SQLITE_OK);
        sqlite3_bind_blob(st, 1, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
        REQUIRE(sqlite3_step(st) == SQLITE_DONE);
        sqlite3_finalize(st);
    }
    if (wal) {
        sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    sqlite3_close(db);
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("rpm header: the tags a package needs") {
    std::string error;
    auto p = parse(package("bash", "5.1.8", "6.el9", 0u), error);
    REQUIRE(p);
    CHECK(p->name == "bash");
    CHECK(p->version == "0:5.1.8-6.el9");
    CHECK(p->epoch == 0u);
    CHECK(p->arch == "x86_64");
    CHECK(p->license == "MIT");
    CHECK(p->source == "bash-5.1.8-6.el9.src.rpm");
    auto q = parse(package("zlib", "1.2.11", "40.el9"), error);
    REQUIRE(q);
    CHECK(q->version == "1.2.11-40.el9");
    CHECK_FALSE(q->epoch);
}

TEST_CASE("rpm header: malformed headers are refused, not read past") {
    std::string error;
    std::string good = package("bash", "5.1.8", "6.el9");
    CHECK_FALSE(parse(good.substr(0, good.size() - 1), error));
    CHECK(error == "rpm header larger than its blob");
    CHECK_FALSE(parse("abc", error));
    CHECK_FALSE(parse(std::string(8, '\0'), error)); // no entries
    CHECK_FALSE(parse(std::string("\xff\xff\xff\xff\0\0\0\0", 8), error));
    // A string entry pointing past the data store.
    CHECK_FALSE(parse(RpmHeader().str(1001, "1").raw(1000, 6, 1000, 1).blob(), error));
    CHECK(error.find("outside") != std::string::npos);
    // An unterminated string at the end of the store.
    std::string unterminated = RpmHeader().str(1000, "bash").str(1001, "1").blob();
    unterminated.pop_back();
    unterminated[7] = static_cast<char>(unterminated[7] - 1); // dl one less
    CHECK_FALSE(parse(unterminated, error));
    // NAME of the wrong type; EPOCH misaligned.
    CHECK_FALSE(parse(RpmHeader().str(1001, "1").raw(1000, 4, 0, 1).blob(), error));
    CHECK_FALSE(parse(RpmHeader().str(1000, "a").str(1001, "1").raw(1003, 4, 1, 1).blob(), error));
    CHECK_FALSE(parse(RpmHeader().str(1000, "a").blob(), error)); // no VERSION
}

TEST_CASE("rpmdb.sqlite: packages from the Packages table, gpg-pubkey and bad rows left out") {
    ScratchDir dir;
    std::string db = make_rpmdb(dir, {package("bash", "5.1.8", "6.el9"),
                                      package("gpg-pubkey", "fd431d51", "4ae0493b"), "not a header",
                                      package("zlib", "1.2.11", "40.el9", 2u)});
    auto result = read_rpmdb_sqlite(db);
    REQUIRE(result.packages.size() == 2);
    CHECK(result.packages[0].name == "bash");
    CHECK(result.packages[1].version == "2:1.2.11-40.el9");
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0].find("1 package headers not read") != std::string::npos);
}

TEST_CASE("rpmdb.sqlite: a database left in WAL mode is read") {
    ScratchDir dir;
    std::string db = make_rpmdb(dir, {package("bash", "5.1.8", "6.el9")}, true);
    REQUIRE(db[18] == 2);
    auto result = read_rpmdb_sqlite(db);
    REQUIRE(result.packages.size() == 1);
    CHECK(result.notes.empty());
}

TEST_CASE("rpmdb.sqlite: not a database, a truncated one, one without the table") {
    CHECK(read_rpmdb_sqlite("hello").notes.at(0) == "rpmdb.sqlite is not a SQLite database");
    ScratchDir dir;
    std::string db = make_rpmdb(dir, {package("bash", "5.1.8", "6.el9")});
    auto truncated = read_rpmdb_sqlite(db.substr(0, 200));
    CHECK(truncated.packages.empty());
    CHECK_FALSE(truncated.notes.empty());
    std::string corrupt = db;
    for (std::size_t i = 100; i < corrupt.size(); i += 13) {
        corrupt[i] = static_cast<char>(corrupt[i] ^ 0x33);
    }
    CHECK_NOTHROW(read_rpmdb_sqlite(corrupt));

    auto path = dir / "other.sqlite";
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE Other (x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    std::ifstream in(path, std::ios::binary);
    auto other = read_rpmdb_sqlite(std::string(std::istreambuf_iterator<char>(in), {}));
    CHECK(other.notes.at(0).find("no readable Packages table") != std::string::npos);
}
