#!/usr/bin/env bash
# Kaggle API calls are retried like transfers (issue 17 item 4): one 429 (Retry-After) or 503 on
# GetDataset, ListDatasetFiles or DownloadDataset is retried and the run succeeds; 403/404 are not
# retried; a closed port is retried --retries times; --retry-budget caps the retries of the run; a
# failed GetDatasetMetadata keeps the licence recorded before, with a warning in the run report.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

d=$(dataset_dir erin apis 1)
make_csv "$d/rows.csv" 20
# Real Kaggle names the licence differently in GetDataset and in GetDatasetMetadata.
printf '{"licenseName": "CC0: Public Domain", "metadataLicenseName": "CC0-1.0"}\n' >"$FAKE_DATA/erin/apis/dataset.json"
d=$(dataset_dir erin fresh 1)
make_csv "$d/rows.csv" 5
printf '{"licenseName": "CC0: Public Domain", "metadataLicenseName": "CC0-1.0"}\n' >"$FAKE_DATA/erin/fresh/dataset.json"
fake_start
export KAGGLE_USERNAME=erin KAGGLE_KEY="$ERIN_KEY"
api() { printf 'r["path"].endswith("/%s")' "$1"; }

# One 429 with Retry-After: 1, then one 503, on each API method a download makes: each is retried.
for method in GetDataset ListDatasetFiles DownloadDataset GetDatasetMetadata; do
  for fault in '"status": 429, "retry_after": "1"' '"status": 503'; do
    fake_clear_faults
    fake_clear_log
    fake_fault "{\"match\": \"$method\", \"count\": 1, $fault}"
    dl 0 erin/apis --force
    check_published erin/apis "$(dataset_dir erin apis 1)"
    ok=200
    [[ $method == DownloadDataset ]] && ok=302 # a redirect to storage
    [[ $(requests "$(api "$method")" | jq -r .status | tr '\n' ' ') == "${fault:10:3} $ok " ]] \
      || fail "$method after {$fault}: expected the fault then a $ok"
    expect_in "$WORK/last.err" "Kaggle API call failed, retrying"
    [[ $(manifest_query 'dataset("erin/apis")["license"]') == CC0-1.0 ]] || fail "licence changed after a retried $method"
  done
done
# The retry after Retry-After: 1 came at least about a second later.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "GetDataset", "count": 1, "status": 429, "retry_after": "1"}'
dl 0 erin/apis --force
gap=$(requests "$(api GetDataset)" | jq -r .time | /usr/bin/python3 -c '
import sys, datetime
t = [datetime.datetime.fromisoformat(l.strip().replace("Z", "+00:00")) for l in sys.stdin if l.strip()]
print(int((t[1] - t[0]).total_seconds() * 1000))')
[[ $gap -ge 900 ]] || fail "the API retry after Retry-After: 1 came after only $gap ms"

# Permanent answers are not retried: 403 once, exit 3, one request.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "GetDataset", "count": -1, "status": 403}'
dl 3 erin/apis --force
[[ $(count_requests "$(api GetDataset)") == 1 ]] || fail "a 403 was retried"
fake_clear_faults
dl 4 erin/no-such-dataset
[[ $(count_requests "$(api GetDataset)") == 2 ]] || fail "a 404 was retried"

# 503 forever with --retries 3: three attempts, then exit 7 naming them.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "ListDatasetFiles", "count": -1, "status": 503}'
dl 7 erin/apis --force --retries 3
[[ $(count_requests "$(api ListDatasetFiles)") == 3 ]] || fail "expected 3 ListDatasetFiles attempts"
expect_in "$WORK/last.err" "(after 3 attempts)"

# The run's retry budget caps every call together: --retry-budget 1 allows one retry in all.
fake_clear_log
dl 7 erin/apis --force --retries 5 --retry-budget 1
[[ $(count_requests "$(api ListDatasetFiles)") == 2 ]] || fail "expected 2 ListDatasetFiles attempts with --retry-budget 1"
expect_in "$WORK/last.err" "the run's retry budget is spent"

# A closed port: retried --retries times, not given up after one refused connection.
closed=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
expect_exit 7 "$FK" --data-root "$ROOT" --date "$DAY" --log-format json download \
  --api-endpoint "http://127.0.0.1:$closed" --retries 3 erin/apis
cat "$WORK/last.out" "$WORK/last.err" >>"$WORK/all-output.log"
[[ $(grep -c "Kaggle API call failed, retrying" "$WORK/last.err") == 2 ]] || fail "a closed port was not retried twice"
expect_in "$WORK/last.err" "(after 3 attempts)"

# GetDatasetMetadata failing for good: the licence recorded before stays, and the report says so.
fake_clear_faults
fake_fault '{"match": "GetDatasetMetadata", "count": -1, "status": 503}'
dl 0 erin/apis --force --retries 2
[[ $(manifest_query 'dataset("erin/apis")["license"]') == CC0-1.0 ]] || fail "the licence was swapped when metadata failed"
report=$(last_download_report)
jq -e '.warnings | any(contains("keeping the licence recorded before, '"'"'CC0-1.0'"'"'"))' "$report" >/dev/null \
  || { cat "$report" >&2; fail "the run report does not warn that metadata failed"; }
validate run_report "$report"
# A dataset never fetched: GetDataset's licence name, said in the report, never silently.
dl 0 erin/fresh --retries 2
[[ $(manifest_query 'dataset("erin/fresh")["license"]') == "CC0: Public Domain" ]] || fail "fresh licence"
jq -e '.warnings | any(contains("no licence was recorded before"))' "$(last_download_report)" >/dev/null \
  || fail "the run report does not warn about the fallback licence"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
