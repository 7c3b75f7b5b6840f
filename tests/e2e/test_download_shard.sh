#!/usr/bin/env bash
# download --shard I/N: bad values are usage errors that write nothing; three shards started at the
# same time on one data root (as an Indexed Job's pods would) wait for each other on the run lock
# (--lock-timeout), each fetches exactly its slice of the sorted dataset list, the day's manifest ends
# up listing every dataset, and verify passes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

DATASETS=(zoe/ocean bob/weather alice/prices carol/trains alice/births dave/stars erin/music)
declare -A SOURCES
n=0
for ref in "${DATASETS[@]}"; do
  n=$((n + 1))
  dir=$(dataset_dir "${ref%/*}" "${ref#*/}" 1)
  make_csv "$dir/data.csv" $((n * 10))
  make_random "$dir/extra/blob.bin" $((3000 + n))
  SOURCES[$ref]=$dir
done
# The storage is slow enough (all connections share 40 kB/s) that the shards' runs overlap.
fake_start --throttle-bytes-per-sec 40000
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"
printf 'datasets:\n' >"$WORK/datasets.yaml"
for ref in "${DATASETS[@]}"; do printf '  - %s\n' "$ref" >>"$WORK/datasets.yaml"; done

# Bad shards: usage errors (exit 2), nothing written, not even the data root.
for bad in 3/3 0/0 -1/3 x 1/ 2 1/2/3; do
  expect_exit 2 fk_download --shard "$bad" --config "$WORK/datasets.yaml"
  expect_in "$WORK/last.err" "--shard"
done
expect_exit 2 fk_download --shard 0/2 --search weather
expect_in "$WORK/last.err" "--shard cannot be used with --search"
[[ ! -e $ROOT ]] || fail "a rejected --shard wrote to the data root"

# Three shards at once, from the config file, each with its own metrics file.
mkdir -p "$WORK/prom"
pids=()
for i in 0 1 2; do
  fk_download_bg "shard$i" --config "$WORK/datasets.yaml" --shard "$i/3" --lock-timeout 120 --json \
    --metrics-file "$WORK/prom/shard$i.prom"
  pids+=("$BG_PID")
done
for i in 0 1 2; do
  wait_bg "shard$i" "${pids[$i]}"
  [[ $BG_STATUS == 0 ]] || { cat "$WORK/shard$i.err" >&2; fail "shard $i/3 exited $BG_STATUS"; }
done

# Each shard fetched exactly the datasets at positions i, i+3, ... of the sorted list.
/usr/bin/python3 - "$WORK" "${DATASETS[@]}" <<'EOF' || fail "the shards did not split the dataset list as documented"
import json, sys
work, datasets = sys.argv[1], sorted(sys.argv[2:])
seen = []
for i in range(3):
    out = json.load(open(f"{work}/shard{i}.out", encoding="utf-8"))
    got = sorted(d["ref"] for d in out["datasets"])
    want = sorted(d for pos, d in enumerate(datasets) if pos % 3 == i)
    assert got == want, f"shard {i}: {got} != {want}"
    assert all(d["status"] == "downloaded" for d in out["datasets"]), out
    seen += got
assert sorted(seen) == datasets, seen
EOF

# The runs overlapped in time: the later shards waited for the lock instead of failing.
reports=$(download_reports)
[[ $(wc -l <<<"$reports") == 3 ]] || fail "expected 3 run reports, got: $reports"
# shellcheck disable=SC2086 # report names hold no spaces
/usr/bin/python3 - $reports <<'EOF' || fail "the shards' runs did not overlap"
import json, sys
runs = [json.load(open(p, encoding="utf-8")) for p in sys.argv[1:]]
assert all(r["exit_code"] == 0 and r["outcome"] == "success" for r in runs), runs
assert max(r["started_at"] for r in runs) < min(r["finished_at"] for r in runs), [(r["started_at"], r["finished_at"]) for r in runs]
EOF

# The day's manifest lists every dataset of every shard, each as published.
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
[[ $(manifest_query 'sorted(d["ref"] for d in m["datasets"])') == \
  "$(/usr/bin/python3 -c 'import sys; print(sorted(sys.argv[1:]))' "${DATASETS[@]}")" ]] \
  || fail "the manifest does not list every shard's datasets"
for ref in "${DATASETS[@]}"; do check_published "$ref" "${SOURCES[$ref]}"; done
expect_exit 0 "$FK" --data-root "$ROOT" --log-format json verify --date "$DAY"
expect_staging_clean

# Each shard's metrics carry its shard label and its own dataset count.
for i in 0 1 2; do
  want=$(/usr/bin/python3 -c 'import sys; print(sum(1 for p, _ in enumerate(sorted(sys.argv[2:])) if p % 3 == int(sys.argv[1])))' \
    "$i" "${DATASETS[@]}")
  expect_in "$WORK/prom/shard$i.prom" "fetch_kaggle_run_count{command=\"download\",shard=\"$i\",count=\"downloaded\"} $want"
  expect_in "$WORK/prom/shard$i.prom" "fetch_kaggle_run_exit_code{command=\"download\",shard=\"$i\"} 0"
done

# The same split from arguments: shard 1/3 of the list given on the command line is unchanged now.
dl 0 --json --shard 1/3 "${DATASETS[@]}"
/usr/bin/python3 - "$WORK/last.out" "${DATASETS[@]}" <<'EOF' || fail "shard 1/3 from arguments"
import json, sys
out, datasets = json.load(open(sys.argv[1], encoding="utf-8")), sorted(sys.argv[2:])
assert sorted(d["ref"] for d in out["datasets"]) == datasets[1::3], out
assert all(d["status"] == "unchanged" for d in out["datasets"]), out
EOF

expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
