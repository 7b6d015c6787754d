#pragma once
// Helpers for the chart tests: the shared real charts and packaged-archive
// inspection with python's tarfile. Servers: tests/unit/support/local_server.hpp.
#include "tests/unit/support/local_server.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <filesystem>
#include <string>

namespace airlock::test {

// ../shared/charts/<name> next to the source tree (DESIGN.md: used in place, never copied in).
inline std::filesystem::path shared_chart(const std::string& name) {
    return std::filesystem::path(AIRLOCK_SOURCE_DIR) / ".." / "shared" / "charts" / name;
}

// "name|mode|uid|gid|mtime|type" per entry of a .tgz, in archive order, made
// by python's tarfile (an independent reader).
inline std::string list_tgz(const ScratchDir& dir, const std::string& archive_bytes) {
    dir.write("list.tgz", archive_bytes);
    dir.write("list_tgz.py",
              "import sys, tarfile\n"
              "with tarfile.open(sys.argv[1], 'r:gz') as t:\n"
              "    for m in t.getmembers():\n"
              "        print('%s|%o|%d|%d|%d|%s' % (m.name, m.mode, m.uid, m.gid, m.mtime,\n"
              "              'file' if m.isfile() else 'other'))\n");
    const std::string out = (dir / "list.txt").string();
    if (shell("/usr/bin/python3 " + sh_quote((dir / "list_tgz.py").string()) + " " +
              sh_quote((dir / "list.tgz").string()) + " > " + sh_quote(out)) != 0) {
        throw std::runtime_error("python tarfile could not read the archive");
    }
    return dir.read("list.txt");
}

// Writes a .tgz with python's tarfile; `body` calls add(name, data=b'x',
// kind=tarfile.REGTYPE, link='') for each entry.
inline std::string python_tgz(const ScratchDir& dir, const std::string& body) {
    dir.write("make_tgz.py",
              "import io, tarfile, sys\n"
              "t = tarfile.open(sys.argv[1], 'w:gz', format=tarfile.PAX_FORMAT)\n"
              "def add(name, data=b'x', kind=tarfile.REGTYPE, link=''):\n"
              "    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link\n"
              "    i.size = len(data) if kind == tarfile.REGTYPE else 0\n"
              "    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)\n" +
                  body + "\nt.close()\n");
    if (shell("/usr/bin/python3 " + sh_quote((dir / "make_tgz.py").string()) + " " +
              sh_quote((dir / "made.tgz").string())) != 0) {
        throw std::runtime_error("python could not write the test archive");
    }
    return dir.read("made.tgz");
}

} // namespace airlock::test
