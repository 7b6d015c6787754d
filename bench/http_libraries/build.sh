#!/bin/sh
# Builds the prototype servers into $1 (default build/http_libraries) and
# prints each one's compile seconds and stripped binary size. Not part of
# the product build.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../build/http_libraries}
mkdir -p "$out"
CXX=${CXX:-g++}
flags="-std=c++20 -O2 -DNDEBUG -Wall -Wextra -pthread"
build() {  # name, then extra flags/libraries
    name=$1; shift
    start=$(date +%s.%N)
    $CXX $flags -o "$out/$name" "$here/${name}_server.cpp" "$@"
    end=$(date +%s.%N)
    strip -o "$out/$name.stripped" "$out/$name"
    printf '%s compile_s=%.2f stripped_bytes=%s\n' "$name" "$(echo "$end - $start" | bc)" \
        "$(stat -c %s "$out/$name.stripped")"
}
build microhttpd $(pkg-config --cflags --libs libmicrohttpd)
build beast -lssl -lcrypto
build httplib -DCPPHTTPLIB_OPENSSL_SUPPORT -DCPPHTTPLIB_ZLIB_SUPPORT -DCPPHTTPLIB_BROTLI_SUPPORT -lcpp-httplib -lssl -lcrypto
build libevent $(pkg-config --cflags --libs libevent libevent_openssl) -lssl -lcrypto
