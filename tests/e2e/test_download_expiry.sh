#!/usr/bin/env bash
# download with expired signed URLs (issue 17, item 5): storage answering 400 ExpiredToken or 403
# for a URL (mid-transfer or on a resumed request) makes the client ask DownloadDataset for a new
# URL and resume the partial; renewals are bounded; a 403 from the API itself stays a permission
# failure (exit 3).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

for slug in midway resumed400 resumed403 refused apidenied; do
  d=$(dataset_dir erin "$slug" 1)
  make_random "$d/blob.bin" 40000
  make_csv "$d/rows.csv" 30
done
fake_start
export KAGGLE_USERNAME=erin KAGGLE_KEY="$ERIN_KEY"
DOWNLOADS='r["api_method"] == "DownloadDataset"'

# Mid-transfer: the body is cut after 10000 bytes, and the URL has expired by the retry (it stays
# dead: the stand-in answers 400 ExpiredToken to every later request with that signature).
fake_fault '[{"match": "storage", "count": 1, "cut_after_bytes": 10000}, {"match": "storage", "count": 1, "expire_url": true}]'
dl 0 erin/midway --retries 3
check_published erin/midway "$(dataset_dir erin midway 1)"
[[ $(requests "$STORAGE" | jq -r .status | tr '\n' ' ') == "200 400 206 " ]] || fail "expected 200 (cut), 400 (expired), 206 (new URL)"
[[ $(requests "$STORAGE" | tail -1 | jq -r '.headers.Range') == "bytes=10000-" ]] || fail "the new URL did not resume at 10000"
sigs=$(requests "$STORAGE" | jq -r '.query' | sed 's/.*X-Goog-Signature=//' | sort -u | wc -l)
[[ $sigs == 2 ]] || fail "expected 2 distinct signed URLs, got $sigs"
[[ $(count_requests "$DOWNLOADS") == 2 ]] || fail "expected one DownloadDataset renewal"
expect_in "$WORK/last.err" "signed URL"

# Leave a partial of erin/$1 holding 10000 bytes (every attempt cut): cut_run SLUG
cut_run() {
  fake_clear_faults
  fake_fault '{"match": "storage", "count": -1, "cut_after_bytes": 10000}'
  dl 7 "erin/$1" --retries 1
  fake_clear_faults
  fake_clear_log
}

# On resume, the next run's first (ranged) request is refused: 400 ExpiredToken, then 403.
for status in 400 403; do
  cut_run "resumed$status"
  fake_fault "{\"match\": \"storage\", \"count\": 1, \"expire_url\": true, \"status\": $status}"
  dl 0 --json "erin/resumed$status"
  check_published "erin/resumed$status" "$(dataset_dir erin "resumed$status" 1)"
  [[ $(requests "$STORAGE" | jq -r .status | tr '\n' ' ') == "$status 206 " ]] || fail "expected $status, then 206 from a new URL"
  [[ $(requests "$STORAGE" | jq -r '.headers.Range' | sort -u) == "bytes=10000-" ]] || fail "the partial was not resumed"
  [[ $(jq -r '.datasets[0].resumed_bytes' "$WORK/last.out") == 10000 ]] || fail "resumed_bytes is not 10000"
done

# Storage refuses every URL: a few renewals, then exit 7 (temporary, the Job retries); never 3.
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "status": 403}'
dl 7 erin/refused
[[ $(count_requests "$STORAGE") == 4 ]] || fail "expected 1 request and 3 renewals, got $(count_requests "$STORAGE") requests"
[[ $(count_requests "$DOWNLOADS") == 4 ]] || fail "expected 4 DownloadDataset calls"
expect_in "$WORK/last.err" "403"
[[ ! -e "$ROOT/raw/$DAY/erin/refused" ]] || fail "a refused dataset was published"

# A 400 that is not ExpiredToken (InvalidArgument) is no expiry: retried on the same URL, no renewal.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "status": 400}'
dl 7 erin/refused --retries 2
[[ $(count_requests "$STORAGE") == 2 && $(count_requests "$DOWNLOADS") == 1 ]] || fail "a plain 400 renewed the URL"
expect_in "$WORK/last.err" "InvalidArgument"

# The API itself refuses the renewal (403): a permission failure, exit 3.
fake_clear_faults
fake_clear_log
fake_fault '[{"match": "DownloadDataset", "count": 1, "comment": "the first call passes"},
             {"match": "storage", "count": 1, "expire_url": true, "status": 403},
             {"match": "DownloadDataset", "count": -1, "status": 403}]'
dl 3 erin/apidenied
[[ $(count_requests "$DOWNLOADS") -ge 2 ]] || fail "the expired URL was not renewed"

validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
expect_staging_clean
expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
