#!/usr/bin/env bash
# migrate --from a fetch-kaggle-job tree: stale absolute paths, a stale sha256, a Unicode name and
# an empty day; --dry-run writes nothing; a re-run changes nothing; a different day clashes.
source "$(dirname "$0")/lib.sh"

OLD="$WORK/old"
ROOT="$WORK/data"
DAY="$OLD/kaggle_raw/20240115"
mkdir -p "$DAY" "$OLD/kaggle_raw/20240116" "$OLD/reports" "$OLD/metadata"
printf 'x,y\n1,2\n3,4\n' >"$DAY/prices.csv"
printf 'z\n9\n' >"$DAY/stale.csv"
printf 'ville\nMontréal\n' >"$DAY/données_é.csv"
sha() { sha256sum "$1" | cut -d' ' -f1; }
cat >"$DAY/download_manifest.json" <<JSON
{"dataset": {"name": "Zillow Economics", "kaggle_id": "zillow/zecon", "url": "https://www.kaggle.com/datasets/zillow/zecon",
             "download_timestamp": "2024-01-15T10:00:00"},
 "download_info": {"date": "2024-01-15", "directory": "/opt/job/gone/kaggle_raw/20240115", "total_files": 3,
                   "total_size_mb": 0.0, "total_rows": 4},
 "files": [
  {"filename": "prices.csv", "path": "/opt/job/gone/kaggle_raw/20240115/prices.csv", "size_bytes": 12, "size_mb": 0.0,
   "sha256": "$(sha "$DAY/prices.csv")", "row_count": 2},
  {"filename": "stale.csv", "path": "/opt/job/gone/kaggle_raw/20240115/stale.csv", "size_bytes": 4, "size_mb": 0.0,
   "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "row_count": 1},
  {"filename": "données_é.csv", "path": "/opt/job/gone/kaggle_raw/20240115/données_é.csv", "size_bytes": 17,
   "size_mb": 0.0, "sha256": "$(sha "$DAY/données_é.csv")", "row_count": 1}]}
JSON
echo '{"dataset": {"kaggle_id": "zillow/zecon"}, "files": []}' >"$OLD/kaggle_raw/20240116/download_manifest.json"
printf '# Quality report\n' >"$OLD/reports/quality_20240115.md"
printf '{"rows": 2}\n' >"$OLD/metadata/data_profile_prices.json"

expect_exit 0 "$FK" init --data-root "$ROOT"

# --dry-run prints the plan and writes nothing.
before=$(tree_listing "$ROOT")
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD" --dry-run
expect_in "$WORK/last.out" "copy  raw  $DAY/prices.csv  ->  $ROOT/raw/20240115/zillow/zecon/prices.csv"
expect_in "$WORK/last.out" "skip  day  $OLD/kaggle_raw/20240116  (no CSV file in this day)"
expect_in "$WORK/last.out" "copy  report  $OLD/reports/quality_20240115.md"
[[ "$before" == "$(tree_listing "$ROOT")" ]] || fail "--dry-run wrote something"

# The migration itself: everything copied, the stale sha256 flagged (exit 9, integrity).
old_listing=$(tree_listing "$OLD")
expect_exit 9 "$FK" migrate --data-root "$ROOT" --from "$OLD" --layout auto
expect_in "$WORK/last.out" "sha256_mismatch  raw  $DAY/stale.csv"
[[ "$old_listing" == "$(tree_listing "$OLD")" ]] || fail "--copy changed the source tree"
validate download_manifest "$ROOT/raw/20240115/download_manifest.json"
cmp "$DAY/données_é.csv" "$ROOT/raw/20240115/zillow/zecon/données_é.csv"
cmp "$OLD/reports/quality_20240115.md" "$ROOT/reports/quality_20240115.md"
cmp "$OLD/metadata/data_profile_prices.json" "$ROOT/metadata/data_profile_prices.json"
[[ ! -e "$ROOT/raw/20240116" ]] || fail "the empty day was migrated"
report=$(find "$ROOT/reports" -maxdepth 1 -name 'migrate-*.json')
[[ $(echo "$report" | wc -l) == 1 && -n "$report" ]] || fail "expected one migration report, got: $report"
validate migration_report "$report"
run_report=$(find "$ROOT/reports" -mindepth 2 -name 'migrate-*.json')
[[ -n "$run_report" ]] || fail "no run report for migrate"
validate run_report "$run_report"
expect_in "$run_report" '"integrity"'

/usr/bin/python3 - "$ROOT" "$report" <<'PY'
import hashlib, json, os, sys
root, report = sys.argv[1], sys.argv[2]
folder = os.path.join(root, "raw/20240115/zillow/zecon")
manifest = json.load(open(os.path.join(root, "raw/20240115/download_manifest.json")))
[entry] = manifest["datasets"]
assert entry["ref"] == "zillow/zecon" and entry["title"] == "Zillow Economics", entry
assert entry["source_url"] == "https://www.kaggle.com/datasets/zillow/zecon", entry
files = {f["path"]: f for f in entry["files"]}
assert sorted(files) == sorted(os.listdir(folder)) == ["données_é.csv", "prices.csv", "stale.csv"], files
for name, f in files.items():
    data = open(os.path.join(folder, name), "rb").read()
    assert f["sha256"] == hashlib.sha256(data).hexdigest(), (name, f)
    assert f["bytes"] == len(data), (name, f)
assert files["prices.csv"]["records"] == 2, files["prices.csv"]
assert "/opt/job/gone" not in json.dumps(manifest), "a stale absolute path was carried over"
items = json.load(open(report))["items"]
status = {os.path.basename(i["source"]): (i["action"], i["status"]) for i in items}
assert status == {"prices.csv": ("copy", "copied"), "stale.csv": ("copy", "sha256_mismatch"),
                  "données_é.csv": ("copy", "copied"), "20240116": ("skip", "skipped"),
                  "quality_20240115.md": ("copy", "copied"),
                  "data_profile_prices.json": ("copy", "copied")}, status
for i in items:
    if i["kind"] != "day":
        assert i["sha256"] == hashlib.sha256(open(i["target"], "rb").read()).hexdigest(), i
        assert i["bytes"] == os.path.getsize(i["target"]), i
PY

# A re-run of a finished migration changes nothing.
after=$(tree_listing "$ROOT")
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD"
expect_in "$WORK/last.out" "skip  raw  $DAY/prices.csv"
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD" --json
/usr/bin/python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert (o["ok"], o["skipped"], o["planned"], o["copied"]) == (True, 6, 0, 0), o' "$WORK/last.out"
[[ "$after" == "$(tree_listing "$ROOT")" ]] || fail "re-running a finished migration changed the data root"

# Another tree with the same day but other files clashes and leaves the day as it is (exit 6).
OTHER="$WORK/other"
mkdir -p "$OTHER/kaggle_raw/20240115"
printf 'q\n1\n' >"$OTHER/kaggle_raw/20240115/prices.csv"
expect_exit 6 "$FK" migrate --data-root "$ROOT" --from "$OTHER" --dataset zillow/zecon
expect_in "$WORK/last.out" "clash  raw  $OTHER/kaggle_raw/20240115/prices.csv"
cmp "$DAY/prices.csv" "$ROOT/raw/20240115/zillow/zecon/prices.csv"

# A day whose manifest names no dataset is blocked until --dataset names one.
NONAME="$WORK/noname"
mkdir -p "$NONAME/kaggle_raw/20240201"
printf 'a\n1\n' >"$NONAME/kaggle_raw/20240201/a.csv"
expect_exit 6 "$FK" migrate --data-root "$ROOT" --from "$NONAME"
[[ ! -e "$ROOT/raw/20240201" ]] || fail "a day without a dataset was migrated"
expect_exit 2 "$FK" migrate --data-root "$ROOT" --from "$NONAME" --dataset not-a-ref
expect_exit 2 "$FK" migrate --data-root "$ROOT"
expect_in "$WORK/last.err" "migrate needs --from PATH, --rollback REPORT or --upgrade"
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$NONAME" --dataset acme/first
cmp "$NONAME/kaggle_raw/20240201/a.csv" "$ROOT/raw/20240201/acme/first/a.csv"
echo "ok"
