#!/usr/bin/env bash
# Peak memory benchmark: the peak RSS (/usr/bin/time) of every fetch-kaggle subcommand that touches
# the data (download, process with validation + SQLite load, archive, verify --archives) on generated
# datasets of each size in --rss-sizes (default 1G and 4G), and how much it grows from the smallest
# size to the largest. Targets: every peak under 128 MiB, growth under 10%.
#   bench/bench_rss.sh [--rss-sizes 1G,4G] [--build build/release] [--results bench/results]
cd "$(dirname "$0")/.."
source bench/lib.sh rss "$@"

IFS=, read -r -a sizes <<<"$RSS_SIZES"
((${#sizes[@]} >= 2)) || { echo "bench_rss: --rss-sizes needs two sizes or more, e.g. 1G,4G" >&2; exit 2; }
DOWNLOAD="fetch-kaggle download"
PROCESS="fetch-kaggle process (validate + SQLite load)"
ARCHIVE="fetch-kaggle archive (tar.gz + verify)"
VERIFY="fetch-kaggle verify --archives"
bench_meta <<EOF2
{"description": "peak RSS of each subcommand at $RSS_SIZES of CSV", "floor": "-", "peers": [], "ours": ["$DOWNLOAD", "$PROCESS", "$ARCHIVE", "$VERIFY"],
 "note": "groups are dataset sizes (each its own generated dataset, seed $SEED); MiB/s is of that size's CSV",
 "targets": [
  {"description": "peak RSS under 128 MiB for every subcommand", "kind": "max_rss_mib", "max": 128},
  {"description": "peak RSS growth from ${sizes[0]} to ${sizes[-1]} under 10%", "kind": "rss_growth", "from_group": "${sizes[0]}", "to_group": "${sizes[-1]}", "max": 0.10}
 ]}
EOF2

DAY=20260101
for size in "${sizes[@]}"; do
  DATASETS="$TMP/datasets-$size"
  /usr/bin/python3 bench/generate_dataset.py "$DATASETS/bench/supermarkets/versions/1" --size "$size" --seed "$SEED"
  ROW_BYTES=$(cat "$DATASETS"/bench/supermarkets/versions/1/*.csv | wc -c)
  start_server
  quiet curl -sfL -o /dev/null "$URL/api/v1/datasets/download/bench/supermarkets" # build the zip first
  root="$TMP/root-$size"
  measure "$size" "$DOWNLOAD" ours "$root/raw" -- "$FK" download bench/supermarkets --data-root "$root" \
    --api-endpoint "$URL" --date $DAY --log-format text
  stop_servers
  rm -rf "$DATASETS" "$DATASETS.cache"
  measure "$size" "$PROCESS" ours "$root/processed" -- "$FK" process --data-root "$root" --date $DAY --log-format text
  measure "$size" "$ARCHIVE" ours "$root/archive" -- "$FK" archive --date $DAY --no-prune --data-root "$root" --log-format text
  measure "$size" "$VERIFY" ours - -- "$FK" verify --archives --date $DAY --data-root "$root" --log-format text
  rm -rf "$root"
done
bench_finish
