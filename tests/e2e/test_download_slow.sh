#!/usr/bin/env bash
# download from a sick storage server (issue 17, item 6, and what real storage serves): a body
# trickling below --min-speed for --stall-timeout seconds is cut, retried and resumed, so the run
# ends; a composite object (x-goog-hash with crc32c only, no md5) is accepted and checked by its
# CRC-32C; storage error bodies are GCS's XML and never land in a file.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

for slug in trickle composite badcrc; do
  d=$(dataset_dir dave "$slug" 1)
  make_random "$d/blob.bin" 20000
  make_csv "$d/rows.csv" 40
done
fake_start
export KAGGLE_API_TOKEN="$DAVE_TOKEN"

# 100 bytes/s would take minutes; below 2000 bytes/s for 2 s the connection is cut, and the retry
# resumes from what arrived.
fake_fault '{"match": "storage", "count": 1, "trickle_bytes_per_sec": 100}'
started=$(date +%s)
dl 0 dave/trickle --min-speed 2000 --stall-timeout 2
took=$(($(date +%s) - started))
[[ $took -lt 30 ]] || fail "the trickling transfer took $took s"
check_published dave/trickle "$(dataset_dir dave trickle 1)"
[[ $(count_requests "$STORAGE") == 2 ]] || fail "expected the trickle to be cut once and resumed"
range=$(requests "$STORAGE" | tail -1 | jq -r '.headers.Range // ""')
[[ $range =~ ^bytes=[1-9][0-9]*-$ ]] || fail "the retry after the cut did not resume (Range '$range')"
expect_in "$WORK/last.err" "transfer failed, retrying"

# A bad --min-speed is a usage error that writes nothing.
dl 2 dave/trickle --min-speed 0
dl 2 dave/trickle --min-speed fast

# A composite object: x-goog-hash has crc32c only; the transfer is accepted on its size.
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "crc32c_only": true}'
dl 0 dave/composite
check_published dave/composite "$(dataset_dir dave composite 1)"
[[ $(requests "$STORAGE" | jq -r .status) == 200 ]] || fail "expected one storage request"
served_md5=$(curl -fsS "$FAKE_URL/storage/dave/composite/1/archive.zip" | md5sum | cut -d' ' -f1)
[[ $(manifest_query 'dataset("dave/composite")["archive_md5"]') == "$served_md5" ]] || fail "archive_md5 of a composite object"
fake_clear_faults

# A composite object whose bytes do not match its CRC-32C: fetched once more, then exit 9, nothing kept.
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "crc32c_only": true, "wrong_crc32c": true}'
dl 9 dave/badcrc
expect_in "$WORK/last.err" "crc32c"
[[ $(count_requests "$STORAGE") == 2 ]] || fail "a crc32c mismatch should be fetched once more, then given up"
[[ ! -e "$ROOT/raw/$DAY/dave/badcrc" ]] || fail "a corrupt composite object was published"
[[ -z $(compgen -G "$ROOT/.staging/partial/dave_badcrc*" || true) ]] || fail "the corrupt partial was kept"
fake_clear_faults

# Storage error bodies are XML (GCS's), with a Content-Type saying so.
body=$(curl -sS -H 'Range: bytes=999999-' "$FAKE_URL/storage/dave/composite/1/archive.zip")
[[ $body == *"<Code>InvalidRange</Code>"* ]] || fail "the 416 body is not GCS's XML: $body"
type=$(curl -sS -o /dev/null -w '%{content_type}' "$FAKE_URL/storage/dave/none/1/archive.zip")
[[ $type == application/xml* ]] || fail "a storage 404 is not XML: $type"

validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
expect_staging_clean
expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
