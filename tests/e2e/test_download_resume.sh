#!/usr/bin/env bash
# download resumes: a connection cut within a run is resumed with Range; a run killed with -9
# mid-transfer leaves a partial under .staging/partial that the next run continues from byte N.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

cut=$(dataset_dir dave cut 1)
make_random "$cut/blob.bin" 300000
make_csv "$cut/data.csv" 50
big=$(dataset_dir dave big 1)
make_random "$big/blob.bin" 2500000
make_csv "$big/data.csv" 20
fake_start
export KAGGLE_API_TOKEN="$DAVE_TOKEN"  # credentials in play, for the secret check at the end

# Within a run: the body is cut after 100000 bytes once; the retry asks for the rest.
fake_fault '{"match": "storage", "count": 1, "cut_after_bytes": 100000}'
dl 0 dave/cut
check_published dave/cut "$cut"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
[[ $(count_requests "$STORAGE") == 2 ]] || fail "expected 2 storage requests (cut, then resume)"
range=$(requests "$STORAGE" | tail -1 | jq -r '.headers.Range // .headers.range // ""')
[[ $range == "bytes=100000-" ]] || fail "the retry asked for '$range', not bytes=100000-"
[[ $(requests "$STORAGE" | tail -1 | jq -r .status) == 206 ]] || fail "the resumed request did not get 206"

# Across runs: trickle the body, kill -9 the run once some bytes are in the partial file.
fake_clear_log
fake_fault '{"match": "storage", "count": 1, "trickle_bytes_per_sec": 400000}'
fk_download_bg killed dave/big
partial=$(partial_of dave/big 1)
for ((i = 0; i < 200; i++)); do
  [[ -f $partial && $(stat -c %s "$partial") -ge 200000 ]] && break
  sleep 0.05
done
kill -9 "$BG_PID"
wait_bg killed
[[ $BG_STATUS == 137 ]] || fail "the run was not killed by SIGKILL"
[[ -f $partial ]] || fail "no partial file at $partial"
kept=$(stat -c %s "$partial")
[[ $kept -gt 0 && $kept -lt 2500000 ]] || fail "the killed run left $kept bytes, expected a part of the archive"
[[ ! -e "$ROOT/raw/$DAY/dave/big" ]] || fail "a killed run published dave/big"

wait_for_requests "$STORAGE" 1
fake_clear_log
dl 0 --json dave/big
check_published dave/big "$big"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
[[ $(count_requests "$STORAGE") == 1 ]] || fail "expected one storage request to finish the transfer"
range=$(requests "$STORAGE" | jq -r '.headers.Range // .headers.range // ""')
[[ $range == "bytes=$kept-" ]] || fail "the re-run asked for '$range', not bytes=$kept-"
[[ $(requests "$STORAGE" | jq -r .bytes_sent) -lt 2500000 ]] || fail "the re-run downloaded everything again"
resumed=$(jq -r '.datasets[0].resumed_bytes' "$WORK/last.out")
[[ $resumed == "$kept" ]] || fail "resumed_bytes is $resumed, expected $kept"
# The archive's md5 in the manifest is that of the object the stand-in serves.
served_md5=$(curl -fsS "$FAKE_URL/storage/dave/big/1/archive.zip" | md5sum | cut -d' ' -f1)
[[ $(manifest_query 'dataset("dave/big")["archive_md5"]') == "$served_md5" ]] \
  || fail "archive_md5 differs from the md5 of the served archive ($served_md5)"
[[ -z $(ls -A "$ROOT/.staging/partial") ]] || fail "the finished partial was not removed"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
