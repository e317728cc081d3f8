#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite headless. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBURNRATE_BUILD_TESTS=ON -DBURNRATE_BUILD_BENCH=ON >/dev/null
cmake --build build -j"$(nproc)"
# Loopback must never go through a proxy the environment may set.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure --timeout 600 -j"$(nproc)"
