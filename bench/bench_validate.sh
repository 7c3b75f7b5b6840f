#!/usr/bin/env bash
# Validation benchmark: fetch-kaggle process --no-load (size + SHA-256 re-check and a full CSV scan
# with type inference, one pass) against the floor (`wc -l`) and Python's csv module, on the same
# generated day in the same run.
#   bench/bench_validate.sh [--size 300M] [--build build/release]
cd "$(dirname "$0")/.."
source bench/lib.sh "$@"

"$FK" download bench/supermarkets --data-root "$WORK/root" --api-endpoint "$BASE" \
  --date 20260101 --log-format text >/dev/null 2>&1
DIR="$WORK/root/raw/20260101/bench/supermarkets"
cat "$DIR"/*.csv >/dev/null # warm the page cache

t_wc=$(seconds bash -c "wc -l '$DIR'/*.csv")
t_py=$(seconds /usr/bin/python3 -c "
import csv, glob, sys
for name in glob.glob(sys.argv[1] + '/*.csv'):
    with open(name, newline='', encoding='utf-8') as f:
        sum(1 for _ in csv.reader(f))
" "$DIR")
t_fk=$(seconds "$FK" process --no-load --data-root "$WORK/root" --date 20260101 --log-format text)
m_fk=$(peak_mib)
bytes=$(cat "$DIR"/*.csv | wc -c)
mb() { echo "$bytes / $1 / 1048576" | bc -l; }
printf '%-46s %8s %9s %8s\n' "validation ($((bytes >> 20)) MiB CSV)" seconds "MiB/s" "vs fk"
printf '%-46s %8.2f %9.0f %8.2f\n' "wc -l (floor)" "$t_wc" "$(mb "$t_wc")" "$(echo "$t_wc / $t_fk" | bc -l)"
printf '%-46s %8.2f %9.0f %8.2f\n' "python3 csv module (count rows)" "$t_py" "$(mb "$t_py")" "$(echo "$t_py / $t_fk" | bc -l)"
printf '%-46s %8.2f %9.0f %8.2f\n' "fetch-kaggle process --no-load" "$t_fk" "$(mb "$t_fk")" 1
echo "peak RSS of fetch-kaggle process --no-load: $m_fk MiB"
