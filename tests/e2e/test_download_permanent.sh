#!/usr/bin/env bash
# Permanent failures do not look temporary (issue 17 item 8): every failed dataset, the API stage
# included, is in the day's manifest with its error kind and in the run report; a run whose failures
# are all permanent exits 12 (podFailurePolicy fails the Job), a run where a retry can help exits 6
# (or the temporary kind's code when every dataset failed).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

for slug in good other; do
  d=$(dataset_dir erin "$slug" 1)
  make_csv "$d/rows.csv" 10
done
fake_start
export KAGGLE_USERNAME=erin KAGGLE_KEY="$ERIN_KEY"
failed_entry() { manifest_query "(lambda d: d['status'] + ' ' + d.get('error_kind', '-'))(dataset('$1'))"; }

# One unknown dataset next to a good one: exit 12, not 6; the unknown one is in the manifest.
dl 12 erin/good erin/missing
check_published erin/good "$(dataset_dir erin good 1)"
[[ $(failed_entry erin/missing) == "failed not_found" ]] || fail "the unknown dataset is not recorded as failed/not_found"
expect_in "$WORK/last.err" "retrying does not help"
report=$(last_download_report)
[[ $(jq -r '"\(.outcome) \(.exit_code)"' "$report") == "partial 12" ]] || fail "run report: $(jq -c '{outcome, exit_code}' "$report")"
[[ $(jq -r '.errors[] | select(.item) | "\(.item) \(.kind)"' "$report") == "erin/missing not_found" ]] || { jq .errors "$report" >&2; fail "run report errors"; }
validate run_report "$report"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"

# Forbidden and unknown together, nothing succeeds: still permanent, 12 (no single kind to name).
fake_fault '{"match": "GetDataset", "count": 1, "status": 403}'
dl 12 erin/other erin/missing
[[ $(failed_entry erin/other) == "failed permission" ]] || fail "the forbidden dataset is not recorded"
[[ $(failed_entry erin/missing) == "failed not_found" ]] || fail "the unknown dataset is not recorded"

# A temporary failure among permanent ones: a retry can help, so 6 (something else succeeded) ...
fake_clear_faults
fake_fault '{"match": "storage", "count": -1, "status": 503}'
dl 6 erin/good erin/other erin/missing --retries 1
[[ $(failed_entry erin/other) == "failed temporary" ]] || fail "the temporary failure is not recorded"
[[ $(failed_entry erin/good) == "downloaded -" ]] || fail "a good entry was replaced"
# ... and 7 when every dataset failed (the first failure is permanent; a retry can still help).
dl 7 erin/missing erin/other --retries 1
expect_in "$WORK/last.err" "first retryable"

# The failed entries do not disturb verify: the day's listed files are all there.
fake_clear_faults
expect_exit 0 "$FK" verify --data-root "$ROOT" --log-format text
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
for report in $(download_reports); do validate run_report "$report"; done

expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
