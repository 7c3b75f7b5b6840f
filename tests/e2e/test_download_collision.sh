#!/usr/bin/env bash
# download partials and 416 (issue 17, item 1): two files with the same base name in different
# folders keep separate partials; a partial that already holds every byte is completed by the 416
# whose Content-Range names its size; a 416 that does not match discards the partial and restarts
# once; an error body is never written as file data.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

short=$(dataset_dir carol twins 1)
make_csv "$short/data.csv" 40
make_csv "$short/sub/data.csv" 20 # shorter: a Range from data.csv's size is past its end (416)
long=$(dataset_dir carol pair 1)
make_csv "$long/data.csv" 20
make_csv "$long/sub/data.csv" 40 # longer: a Range from data.csv's size is inside it (206)
for slug in full stale; do
  d=$(dataset_dir carol "$slug" 1)
  make_random "$d/blob.bin" 30000
  make_csv "$d/rows.csv" 30
done
fake_start
export KAGGLE_API_TOKEN="$CAROL_TOKEN"

# Same base name, the second file shorter, objects without md5 (composite: crc32c only): each file
# is fetched whole from byte 0 into its own partial (a shared partial got the 416's body appended).
fake_fault '{"match": "storage", "count": -1, "crc32c_only": true}'
dl 0 carol/twins --files data.csv --files sub/data.csv
fake_clear_faults
expect="$WORK/expect-twins"
mkdir -p "$expect/sub" && cp "$short/data.csv" "$expect/" && cp "$short/sub/data.csv" "$expect/sub/"
check_published carol/twins "$expect"
expect_not_in "$ROOT/raw/$DAY/carol/twins/sub/data.csv" "<Error>"
[[ $(count_requests "$STORAGE") == 2 ]] || fail "expected 2 storage requests for carol/twins"
[[ $(count_requests "$STORAGE and r['status'] != 200") == 0 ]] || fail "a file of carol/twins was not fetched whole"

# Same base name, the second file longer: no Range from the other file's size, no corrupt transfer.
fake_clear_log
dl 0 carol/pair --files data.csv --files sub/data.csv
expect="$WORK/expect-pair"
mkdir -p "$expect/sub" && cp "$long/data.csv" "$expect/" && cp "$long/sub/data.csv" "$expect/sub/"
check_published carol/pair "$expect"
expect_not_in "$WORK/last.err" "corrupt transfer"
[[ $(count_requests "$STORAGE and 'Range' in r['headers']") == 0 ]] || fail "carol/pair asked for a Range"

# Leave a partial of $1 holding K bytes (a run cut after K bytes, one attempt): cut_partial SLUG K
cut_partial() {
  fake_clear_faults
  fake_fault "{\"match\": \"storage\", \"count\": -1, \"cut_after_bytes\": $2}"
  dl 7 "carol/$1" --retries 1
  fake_clear_faults
  PARTIAL=$(compgen -G "$ROOT/.staging/partial/carol_$1@v1@*.part") || fail "no partial of carol/$1"
  [[ $(stat -c %s "$PARTIAL") == "$2" ]] || fail "the partial of carol/$1 holds $(stat -c %s "$PARTIAL") bytes, not $2"
}

# A partial that holds every byte (a run killed after the last byte, before publishing): the
# server answers the Range past the end with 416 and Content-Range bytes */N; N is the partial's
# size, so the transfer is complete: published from the partial, one storage request, no error body.
cut_partial full 10000
size=$(curl -fsS "$FAKE_URL/storage/carol/full/1/archive.zip" | wc -c)
curl -fsS -r 10000- "$FAKE_URL/storage/carol/full/1/archive.zip" >>"$PARTIAL"
[[ $(stat -c %s "$PARTIAL") == "$size" ]] || fail "could not complete the partial by hand"
fake_clear_log
dl 0 --json carol/full
check_published carol/full "$(dataset_dir carol full 1)"
[[ $(requests "$STORAGE" | jq -r .status | tr '\n' ' ') == "416 " ]] || fail "expected exactly one storage request, answered 416"
[[ $(requests "$STORAGE" | jq -r '.headers.Range') == "bytes=$size-" ]] || fail "the complete partial was not resumed at its end"
expect_not_in "$WORK/last.err" "corrupt transfer"
[[ $(jq -r '.datasets[0].resumed_bytes' "$WORK/last.out") == "$size" ]] || fail "resumed_bytes is not the whole object"
[[ -z $(compgen -G "$ROOT/.staging/partial/carol_full@*" || true) ]] || fail "the finished partial was kept"

# A partial longer than the object (its bytes are not this object's): the 416 names another size,
# so the partial is discarded and the object fetched again from byte 0, within the same run.
cut_partial stale 10000
head -c 40000 /dev/urandom >>"$PARTIAL"
fake_clear_log
dl 0 carol/stale --retries 1
check_published carol/stale "$(dataset_dir carol stale 1)"
[[ $(requests "$STORAGE" | jq -r .status | tr '\n' ' ') == "416 200 " ]] || fail "expected a 416, then a fetch from byte 0"
[[ $(requests "$STORAGE" | tail -1 | jq -r '.headers.Range // ""') == "" ]] || fail "the restart asked for a Range"

validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
expect_staging_clean
expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
