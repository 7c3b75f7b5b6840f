#!/usr/bin/env bash
# Validation benchmark: fetch-kaggle process --no-load (size + SHA-256 re-check and a full CSV scan
# with type inference, one pass) against the floor (`wc -l`), Python's csv module and Miller (`mlr`
# counting records), on the same generated day in the same run, page cache warm.
#   bench/bench_validate.sh [--size 300M] [--build build/release] [--results bench/results]
cd "$(dirname "$0")/.."
source bench/lib.sh validate "$@"
command -v mlr >/dev/null || { echo "bench_validate: mlr is needed (scripts/install-deps.sh: miller)" >&2; exit 2; }

WC="wc -l (floor)"
PY="python3 csv module (count rows)"
MLR="mlr --icsv count"
OURS="fetch-kaggle process --no-load"
bench_meta <<EOF2
{"description": "validation of one day's CSVs (page cache warm)", "floor": "$WC", "peers": ["$PY", "$MLR"], "ours": ["$OURS"],
 "note": "ours re-checks size and SHA-256 and infers every column's type in the same pass; the peers only split records",
 "targets": [
  {"description": "validation with type inference at least 1 GB/s (10^9 bytes)", "kind": "min_mb_s", "group": "warm cache", "tool": "$OURS", "min": 1000},
  {"description": "within 6x of wc -l", "kind": "time_ratio", "group": "warm cache", "tool": "$OURS", "reference": "$WC", "max": 6},
  {"description": "20x faster than Python's csv module", "kind": "time_ratio", "group": "warm cache", "tool": "$OURS", "reference": "$PY", "max": 0.05}
 ]}
EOF2

fetch_day "$TMP/root"
G="warm cache"
measure "$G" "$WC" floor - -- bash -c 'wc -l "$@" >/dev/null' _ "$DAY_DIR"/*.csv
measure "$G" "$PY" peer - -- /usr/bin/python3 -c "
import csv, sys
for name in sys.argv[1:]:
    with open(name, newline='', encoding='utf-8') as f:
        sum(1 for _ in csv.reader(f))
" "$DAY_DIR"/*.csv
measure "$G" "$MLR" peer - -- mlr --icsv --ojson count "$DAY_DIR"/*.csv
measure "$G" "$OURS" ours - -- "$FK" process --no-load --data-root "$TMP/root" --date 20260101 --log-format text
bench_finish
