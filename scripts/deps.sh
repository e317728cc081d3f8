#!/usr/bin/env bash
# Installs the Debian 12 packages Burnrate needs that are not installed yet. Sourced by run.sh and
# test.sh; uses sudo when not run as root. Everything comes from Debian (and npm for test clients).
set -euo pipefail

# libqt6opengl6-dev: Qt6Charts' CMake config needs it and qt6-charts-dev does not depend on it.
# qt6-translations-l10n: Qt's own German strings (dialog buttons), which main.cpp loads.
BUILD_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libprotobuf-dev protobuf-compiler zlib1g-dev libsqlite3-dev
    qt6-svg-dev libqt6svg6 qtkeychain-qt6-dev nlohmann-json3-dev qt6-translations-l10n
    libcurl4-openssl-dev libjemalloc-dev libxxhash-dev
)
TEST_PACKAGES=(
    libbenchmark-dev curl python3 xvfb xauth clang-format desktop-file-utils appstream dpkg-dev file
    trayer x11-utils gnome-keyring dbus libsecret-tools
    xdotool imagemagick
    openssl sqlite3 etcd-server etcd-client
)

install_missing() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    # Node.js and npm run the official OpenTelemetry JS exporter in the end-to-end test; any install works.
    if [[ " $* " == *" curl "* ]] && { ! command -v node >/dev/null || ! command -v npm >/dev/null; }; then
        missing+=(nodejs npm)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
