#!/usr/bin/env bash
# Install the dependencies, build fetch-kaggle, and run the main job on an embedded default: the
# bundled local Kaggle stand-in serves a small bundled dataset (tests/data/datasets), fetch-kaggle
# downloads it into ./data/kaggle (no Kaggle account needed), validates it and loads it into SQLite
# (`process`), archives the day into a verified archive/YYYYMMDD.tar.gz (`archive --date`, nothing
# pruned: the day is new), then shows the volume's status. CI runs it (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)" --target fetch-kaggle fake-kaggle
FK=build/release/src/fetch-kaggle
DATA_ROOT=${KAGGLE_DATA_ROOT:-./data/kaggle}
DAY=$(date -u +%Y%m%d) # one day for every step, also across midnight
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

state=$(mktemp -d)
build/release/tests/fake_kaggle/fake-kaggle --datasets tests/data/datasets --port 0 \
  --port-file "$state/port" 2>"$state/fake-kaggle.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$state"' EXIT
for _ in $(seq 100); do [[ -s "$state/port" ]] && break; sleep 0.05; done
[[ -s "$state/port" ]] || { cat "$state/fake-kaggle.log"; echo "quickstart: the local Kaggle stand-in did not start" >&2; exit 1; }

"$FK" download erlichsefi/israeli-supermarkets-2024 --data-root "$DATA_ROOT" --date "$DAY" \
  --api-endpoint "http://127.0.0.1:$(cat "$state/port")" --log-format text
"$FK" process erlichsefi/israeli-supermarkets-2024 --data-root "$DATA_ROOT" --date "$DAY" --log-format text
"$FK" archive --date "$DAY" --no-prune --data-root "$DATA_ROOT" --log-format text
"$FK" status --data-root "$DATA_ROOT" --log-format text
