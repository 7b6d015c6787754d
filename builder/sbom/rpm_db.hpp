#pragma once
// rpm's database of installed packages: var/lib/rpm/rpmdb.sqlite (or
// usr/lib/sysimage/rpm/rpmdb.sqlite), a SQLite file whose Packages table
// holds one rpm header per package in its `blob` column.
//
// SQLite: read with Debian's libsqlite3 rather than a table reader of our
// own. The file format (b-tree pages, overflow chains, varints, the schema
// table) is large enough that a second implementation would be the riskier
// code; libsqlite3 is fuzzed continuously and built to read corrupt files
// safely. The bytes are opened from memory (sqlite3_deserialize, read-only),
// so no file, journal or WAL is touched; the connection is defensive
// (SQLITE_DBCONFIG_DEFENSIVE, untrusted schema, no extensions, query_only,
// cell_size_check) and a progress handler bounds the work a hostile file can
// cause.
//
// The header is parsed here, strictly: counts, offsets and lengths are
// checked against the blob before anything is read.
#include "builder/sbom/os_package.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sbom {

// One rpm header blob (index count, data length, index entries, data store;
// no lead or magic). Reads NAME, VERSION, RELEASE, EPOCH, ARCH, LICENSE,
// SOURCERPM. Returns nullopt and sets `error` when the blob is malformed or
// has no NAME/VERSION.
std::optional<OsPackage> parse_rpm_header(std::span<const std::byte> blob, std::string& error);

struct RpmDbResult {
    std::vector<OsPackage> packages; // gpg-pubkey pseudo-packages left out
    std::vector<std::string> notes;  // headers that could not be read, or why the file could not
};

RpmDbResult read_rpmdb_sqlite(std::string_view file_bytes);

} // namespace airlock::sbom
