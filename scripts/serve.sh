#!/usr/bin/env bash
# Builds turnus and starts it on its embedded SQLite database (./data/turnus.db).
# On the first start it creates a demo organisation and prints its login.
# Extra arguments go to `turnus serve`, e.g. --listen 0.0.0.0:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTURNUS_BUILD_TESTS=OFF -DTURNUS_BUILD_BENCH=OFF >/dev/null
cmake --build build/release --target turnus turnus_web
exec build/release/turnus serve --data-dir data "$@"
