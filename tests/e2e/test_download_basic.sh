#!/usr/bin/env bash
# download: Hebrew names and nested folders, a pinned version, the manifest's checksums and record
# counts, the unchanged skip, --force, and a second dataset merged into the same day's manifest.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

v1=$(dataset_dir alice hebrew 1)
make_csv "$v1/train.csv" 3
v2=$(dataset_dir alice hebrew 2)
make_csv "$v2/train.csv" 5
make_csv "$v2/נתונים/שלום עולם.csv" 4
make_csv "$v2/a/b/c/deep.csv" 2
make_random "$v2/notes.bin" 3000
printf 'no trailing newline' >"$v2/a/readme.txt"
printf '{"title":"Hebrew names","licenseName":"CC-BY-4.0","tags":["unicode"]}\n' >"$FAKE_DATA/alice/hebrew/dataset.json"
other=$(dataset_dir bob second 7)
make_csv "$other/x.csv" 11
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"

# A pinned version: version 1 although 2 is current.
dl 0 alice/hebrew/1
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
check_published alice/hebrew "$v1"
[[ $(manifest_query 'dataset("alice/hebrew")["version"]') == 1 ]] || fail "pinned version 1 not recorded"
[[ $(manifest_query 'dataset("alice/hebrew")["status"]') == downloaded ]] || fail "status is not downloaded"
[[ $(manifest_query 'dataset("alice/hebrew")["license"]') == CC-BY-4.0 ]] || fail "licence not recorded"
[[ $(manifest_query 'dataset("alice/hebrew")["total_records"]') == 3 ]] || fail "record count of version 1"
[[ $(count_requests "$STORAGE and '/alice/hebrew/1/' in r['path']") == 1 ]] || fail "version 1 not fetched from storage"

# The current version replaces the folder: Hebrew and nested names arrive intact.
dl 0 alice/hebrew
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
check_published alice/hebrew "$v2"
[[ -f "$ROOT/raw/$DAY/alice/hebrew/נתונים/שלום עולם.csv" ]] || fail "Hebrew file name not published"
[[ $(manifest_query 'dataset("alice/hebrew")["version"]') == 2 ]] || fail "current version 2 not recorded"
[[ $(manifest_query 'dataset("alice/hebrew")["total_records"]') == $((5 + 4 + 2)) ]] || fail "total_records wrong"
[[ $(manifest_query 'len(m["datasets"])') == 1 ]] || fail "one dataset expected in the manifest"
archive_md5=$(manifest_query 'dataset("alice/hebrew")["archive_md5"]')
[[ $archive_md5 =~ ^[0-9a-f]{32}$ ]] || fail "archive_md5 '$archive_md5' is not an md5"
[[ $(manifest_query 'dataset("alice/hebrew")["archive_bytes"]') -gt 0 ]] || fail "archive_bytes is 0"
validate run_report $(download_reports)
state="$ROOT/metadata/download_state.json"
/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["datasets"]["alice/hebrew"]; assert s["version"]==2 and s["day"]==sys.argv[2], s' \
  "$state" "$DAY" || fail "state does not record version 2 on $DAY"
[[ -f "$ROOT/metadata/datasets/alice/hebrew.json" ]] || fail "no per-dataset metadata"
expect_staging_clean
[[ -z $(ls -A "$ROOT/.staging/partial" 2>/dev/null || true) ]] || fail "partial files left behind"

# Unchanged: a second run fetches nothing from storage and leaves raw/ as it was.
raw_before=$(tree_listing "$ROOT/raw")
fake_clear_log
dl 0 alice/hebrew
expect_in "$WORK/last.out" "unchanged"
[[ $(count_requests "$STORAGE") == 0 ]] || fail "an unchanged dataset was fetched from storage"
[[ $(count_requests 'r["api_method"] == "GetDataset"') -ge 1 ]] || fail "the unchanged run did not ask the API"
[[ "$raw_before" == "$(tree_listing "$ROOT/raw")" ]] || fail "an unchanged run changed raw/"

# --force fetches it again.
fake_clear_log
dl 0 alice/hebrew --force
[[ $(count_requests "$STORAGE") == 1 ]] || fail "--force did not fetch from storage"
check_published alice/hebrew "$v2"

# A second dataset the same day is merged into the same manifest; the first entry stays.
dl 0 bob/second
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
[[ $(manifest_query 'sorted(d["ref"] for d in m["datasets"])') == "['alice/hebrew', 'bob/second']" ]] \
  || fail "the manifest does not hold both datasets"
check_published alice/hebrew "$v2"
check_published bob/second "$other"
[[ $(manifest_query 'dataset("bob/second")["version"]') == 7 ]] || fail "bob/second version"

# Two datasets in one run with --force: both fetched again, the JSON summary lists both.
dl 0 --json alice/hebrew bob/second --force
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["status"] for x in d["datasets"]]==["downloaded","downloaded"], d' \
  "$WORK/last.out" || fail "--json summary"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
