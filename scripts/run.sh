#!/usr/bin/env bash
# Install what is missing, build, and launch Burnrate. Arguments go to burnrate (e.g. --headless).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
install_missing "${BUILD_PACKAGES[@]}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBURNRATE_BUILD_TESTS=OFF -DBURNRATE_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)"
exec build/app/burnrate "$@"
