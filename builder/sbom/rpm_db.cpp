#include "builder/sbom/rpm_db.hpp"

#include <cstdint>
#include <cstring>
#include <memory>

#include <sqlite3.h>

namespace airlock::sbom {

namespace {

// Tags and types from rpm's header format (rpmtag.h).
constexpr std::uint32_t tag_name = 1000;
constexpr std::uint32_t tag_version = 1001;
constexpr std::uint32_t tag_release = 1002;
constexpr std::uint32_t tag_epoch = 1003;
constexpr std::uint32_t tag_license = 1014;
constexpr std::uint32_t tag_arch = 1022;
constexpr std::uint32_t tag_sourcerpm = 1044;

constexpr std::uint32_t type_int32 = 4;
constexpr std::uint32_t type_string = 6;
constexpr std::uint32_t type_string_array = 8;
constexpr std::uint32_t type_i18nstring = 9;

// rpm's own limits on a header (header.c): 64 Ki index entries, 256 MiB data.
constexpr std::uint32_t max_index_entries = 0xffff;
constexpr std::uint32_t max_data_bytes = 0x0fffffff;

constexpr std::size_t entry_size = 16;
constexpr std::size_t max_sql_steps = 50'000'000; // progress callbacks x 1000 VM steps

std::uint32_t be32(const std::byte* p) {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | static_cast<std::uint32_t>(p[3]);
}

struct HeaderView {
    std::span<const std::byte> index;
    std::span<const std::byte> data;

    // The string value of `tag` (the first one of an array), "" when absent.
    // Throws const char* when the entry is malformed.
    std::optional<std::string> string_tag(std::uint32_t tag) const {
        for (std::size_t i = 0; i + entry_size <= index.size(); i += entry_size) {
            const std::byte* e = index.data() + i;
            if (be32(e) != tag) {
                continue;
            }
            std::uint32_t type = be32(e + 4);
            std::uint32_t offset = be32(e + 8);
            std::uint32_t count = be32(e + 12);
            if (type != type_string && type != type_string_array && type != type_i18nstring) {
                throw "a string tag of another type";
            }
            if (count == 0 || offset >= data.size()) {
                throw "a string tag outside the data store";
            }
            const auto* start = reinterpret_cast<const char*>(data.data()) + offset;
            const void* nul = std::memchr(start, '\0', data.size() - offset);
            if (nul == nullptr) {
                throw "an unterminated string";
            }
            return std::string(start, static_cast<const char*>(nul));
        }
        return std::nullopt;
    }

    std::optional<std::uint32_t> int32_tag(std::uint32_t tag) const {
        for (std::size_t i = 0; i + entry_size <= index.size(); i += entry_size) {
            const std::byte* e = index.data() + i;
            if (be32(e) != tag) {
                continue;
            }
            std::uint32_t offset = be32(e + 8);
            if (be32(e + 4) != type_int32 || be32(e + 12) == 0 || offset % 4 != 0 ||
                static_cast<std::uint64_t>(offset) + 4 > data.size()) {
                throw "a malformed integer tag";
            }
            return be32(data.data() + offset);
        }
        return std::nullopt;
    }
};

struct SqliteClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

int bound_progress(void* counter) {
    auto* n = static_cast<std::size_t*>(counter);
    return ++*n > max_sql_steps ? 1 : 0;
}

} // namespace

std::optional<OsPackage> parse_rpm_header(std::span<const std::byte> blob, std::string& error) {
    if (blob.size() < 8) {
        error = "rpm header shorter than its preamble";
        return std::nullopt;
    }
    std::uint32_t il = be32(blob.data());
    std::uint32_t dl = be32(blob.data() + 4);
    if (il == 0 || il > max_index_entries || dl > max_data_bytes) {
        error = "rpm header counts out of range";
        return std::nullopt;
    }
    std::uint64_t need = 8 + static_cast<std::uint64_t>(il) * entry_size + dl;
    if (need > blob.size()) {
        error = "rpm header larger than its blob";
        return std::nullopt;
    }
    HeaderView h{blob.subspan(8, il * entry_size), blob.subspan(8 + il * entry_size, dl)};
    try {
        auto name = h.string_tag(tag_name);
        auto version = h.string_tag(tag_version);
        if (!name || name->empty() || !version || version->empty()) {
            error = "rpm header without NAME or VERSION";
            return std::nullopt;
        }
        OsPackage p;
        p.format = PackageFormat::rpm;
        p.name = *name;
        p.epoch = h.int32_tag(tag_epoch);
        std::string release = h.string_tag(tag_release).value_or("");
        p.version = (p.epoch ? std::to_string(*p.epoch) + ":" : "") + *version +
                    (release.empty() ? "" : "-" + release);
        p.arch = h.string_tag(tag_arch).value_or("");
        p.license = h.string_tag(tag_license).value_or("");
        p.source = h.string_tag(tag_sourcerpm).value_or("");
        return p;
    } catch (const char* what) {
        error = std::string("rpm header with ") + what;
        return std::nullopt;
    }
}

RpmDbResult read_rpmdb_sqlite(std::string_view file_bytes) {
    RpmDbResult result;
    static constexpr std::string_view magic{"SQLite format 3\0", 16};
    if (file_bytes.size() < 100 || file_bytes.substr(0, 16) != magic) {
        result.notes.push_back("rpmdb.sqlite is not a SQLite database");
        return result;
    }
    // SQLite owns the buffer it deserializes from (FREEONCLOSE), so it is
    // copied into memory from sqlite3_malloc64.
    auto size = static_cast<sqlite3_int64>(file_bytes.size());
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(file_bytes.size()));
    if (buffer == nullptr) {
        result.notes.push_back("rpmdb.sqlite: out of memory");
        return result;
    }
    std::memcpy(buffer, file_bytes.data(), file_bytes.size());
    // A database in WAL mode (header bytes 18 and 19 = 2) cannot be opened
    // from memory; its main file is read as a rollback-journal one instead.
    // (Images ship it checkpointed: a WAL file left beside it is not read.)
    if (buffer[18] == 2 || buffer[19] == 2) {
        buffer[18] = 1;
        buffer[19] = 1;
    }

    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(raw);
        sqlite3_free(buffer);
        result.notes.push_back("rpmdb.sqlite: cannot open an in-memory database");
        return result;
    }
    std::unique_ptr<sqlite3, SqliteClose> db(raw);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, 64 << 20);
    std::size_t steps = 0;
    sqlite3_progress_handler(db.get(), 1000, bound_progress, &steps);
    if (sqlite3_deserialize(db.get(), "main", buffer, size, size,
                            SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE) !=
        SQLITE_OK) {
        result.notes.push_back("rpmdb.sqlite: cannot be read as a SQLite database");
        return result;
    }
    for (const char* pragma : {"PRAGMA query_only=1", "PRAGMA cell_size_check=1"}) {
        sqlite3_exec(db.get(), pragma, nullptr, nullptr, nullptr);
    }

    sqlite3_stmt* raw_stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "SELECT blob FROM Packages ORDER BY hnum", -1, &raw_stmt,
                           nullptr) != SQLITE_OK) {
        result.notes.push_back(std::string("rpmdb.sqlite: no readable Packages table (") +
                               sqlite3_errmsg(db.get()) + ")");
        return result;
    }
    std::unique_ptr<sqlite3_stmt, StmtFinalize> stmt(raw_stmt);
    std::size_t bad = 0;
    std::string first_error;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        const void* data = sqlite3_column_blob(stmt.get(), 0);
        int length = sqlite3_column_bytes(stmt.get(), 0);
        std::string error;
        std::optional<OsPackage> p;
        if (data != nullptr && length > 0) {
            p = parse_rpm_header(
                std::span(static_cast<const std::byte*>(data), static_cast<std::size_t>(length)),
                error);
        } else {
            error = "an empty rpm header";
        }
        if (!p) {
            if (bad++ == 0) {
                first_error = error;
            }
            continue;
        }
        if (p->name == "gpg-pubkey") {
            continue; // rpm's record of an imported signing key, not software
        }
        result.packages.push_back(std::move(*p));
    }
    if (rc != SQLITE_DONE) {
        result.notes.push_back(std::string("rpmdb.sqlite: reading stopped (") +
                               sqlite3_errmsg(db.get()) + ")");
    }
    if (bad > 0) {
        result.notes.push_back("rpmdb.sqlite: " + std::to_string(bad) +
                               " package headers not read (first: " + first_error + ")");
    }
    return result;
}

} // namespace airlock::sbom
