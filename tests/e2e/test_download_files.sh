#!/usr/bin/env bash
# download --files: one file served raw and one served zipped (above --zip-single-files-above),
# nested single files, a glob matching nothing, and file-list paging past 200 files.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

v=$(dataset_dir carol picks 1)
make_csv "$v/big.csv" 400     # above the 1000-byte threshold: served as big.csv.zip
make_csv "$v/small.csv" 2     # below: served raw
make_csv "$v/sub/dir/inner.csv" 3
make_random "$v/blob.bin" 5000
many=$(dataset_dir carol many 1)
mkdir -p "$many/parts"
for ((i = 0; i < 230; i++)); do printf 'n\n%d\n' "$i" >"$many/parts/$(printf 'f%03d.csv' "$i")"; done
fake_start --zip-single-files-above 1000
export KAGGLE_API_TOKEN="$CAROL_TOKEN"  # credentials in play, for the secret check at the end

# One raw and one zipped object; the zipped one is unpacked under its own name.
dl 0 carol/picks --files big.csv --files small.csv
expect="$WORK/expect-picks"
mkdir -p "$expect" && cp "$v/big.csv" "$v/small.csv" "$expect/"
check_published carol/picks "$expect"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
[[ $(count_requests "$STORAGE and r['path'].endswith('/carol/picks/1/big.csv.zip')") == 1 ]] || fail "big.csv was not served zipped"
[[ $(count_requests "$STORAGE and r['path'].endswith('/carol/picks/1/small.csv')") == 1 ]] || fail "small.csv was not served raw"
[[ $(count_requests "$STORAGE and 'archive.zip' in r['path']") == 0 ]] || fail "--files fetched the whole archive"
[[ ! -e "$ROOT/raw/$DAY/carol/picks/big.csv.zip" ]] || fail "the zip itself was published"
[[ $(manifest_query 'dataset("carol/picks")["archive_md5"]') == "" ]] || fail "two objects must leave archive_md5 empty"

# A file selection is not the whole version: a later run without --files fetches the archive.
fake_clear_log
dl 0 carol/picks
[[ $(count_requests "$STORAGE and r['path'].endswith('/carol/picks/1/archive.zip')") == 1 ]] \
  || fail "after a --files run, the whole dataset was taken as already fetched"
check_published carol/picks "$v"

# A nested single file keeps its folder, in the tree and in the manifest.
dl 0 carol/picks --files 'sub/*' --force
expect="$WORK/expect-nested"
mkdir -p "$expect/sub/dir" && cp "$v/sub/dir/inner.csv" "$expect/sub/dir/"
check_published carol/picks "$expect"
[[ $(manifest_query '[f["path"] for f in dataset("carol/picks")["files"]]') == "['sub/dir/inner.csv']" ]] \
  || fail "nested path not kept in the manifest"

# The same selection again is unchanged: nothing is transferred.
fake_clear_log
dl 0 carol/picks --files 'sub/*'
[[ $(count_requests "$STORAGE") == 0 ]] || fail "the same --files selection was fetched twice"
expect_in "$WORK/last.out" "unchanged"

# A glob that matches nothing is an error naming the dataset, and nothing is fetched.
fake_clear_log
dl 4 carol/picks --files 'nothing-*.csv' --force
expect_in "$WORK/last.err" "no file of carol/picks matches --files"
[[ $(count_requests "$STORAGE") == 0 ]] || fail "a glob matching nothing fetched something"

# More than 200 files: ListDatasetFiles is paged with pageToken, and every file arrives.
fake_clear_log
dl 0 carol/many
[[ $(count_requests 'r["api_method"] == "ListDatasetFiles"') -ge 2 ]] || fail "the file list was not paged"
[[ $(count_requests 'r["api_method"] == "ListDatasetFiles" and "pageToken" in (r["body"] or "")') -ge 1 ]] \
  || fail "no ListDatasetFiles request carried a pageToken"
check_published carol/many "$many"
[[ $(manifest_query 'dataset("carol/many")["file_count"]') == 230 ]] || fail "file_count of carol/many"
[[ $(manifest_query 'dataset("carol/many")["total_records"]') == 230 ]] || fail "total_records of carol/many"

# --dry-run on a file selection says how many files would be fetched.
dl 0 --dry-run carol/picks --files '*.csv' --force
expect_in "$WORK/last.out" "in 3 file(s)"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
