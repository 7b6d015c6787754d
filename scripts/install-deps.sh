#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12. Idempotent:
# packages already present are not fetched again.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config clang-14 libclang-rt-14-dev
    libarchive-dev libsodium-dev libssl-dev libcurl4-openssl-dev nlohmann-json3-dev
    libyaml-cpp-dev libcli11-dev libspdlog-dev catch2 zlib1g-dev libzstd-dev libsqlite3-dev
    libisal-dev libboost-dev
    docker-registry skopeo containerd apache2-utils openssl busybox-static
    python3 python3-pytest python3-yaml python3-cryptography python3-jwt
    util-linux iproute2 jq curl faketime time ccache python3-pytest-xdist
    python3-jsonschema rpm zstd
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo_cmd="sudo"
    fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian starts a registry service on :5000 when the package installs; the
# tests and the demo run their own, so it must not hold the port.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
    systemctl stop docker-registry || true
fi
