#!/usr/bin/env bash
# Install the dependencies, build fetch-kaggle, and run the main job on an embedded default:
# for now `init` and `status` on ./data/kaggle (the full pipeline against the bundled local Kaggle
# stand-in replaces this once download, process and archive land).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)" --target fetch-kaggle
FK=build/release/src/fetch-kaggle
DATA_ROOT=${KAGGLE_DATA_ROOT:-./data/kaggle}

"$FK" init --data-root "$DATA_ROOT" --log-format text
"$FK" status --data-root "$DATA_ROOT" --log-format text
