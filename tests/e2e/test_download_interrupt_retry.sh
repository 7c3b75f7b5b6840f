#!/usr/bin/env bash
# download stopped by SIGTERM while it waits to retry (storage answered 503 with Retry-After 20):
# exit 143 at once with an "interrupted" report, nothing published, and the next run completes.
# (It used to abort with exit 134: the extraction thread was left running when the stop request
# was thrown out of the retry wait, and std::thread's destructor called std::terminate.)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

waits=$(dataset_dir dave waits 1)
make_csv "$waits/rows.csv" 7
make_random "$waits/blob.bin" 200000
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"

fake_fault '{"match": "storage", "count": 1, "status": 503, "retry_after": "20"}'
fk_download_bg term dave/waits
wait_for_requests "$STORAGE" 1
# The run logs the retry right before it starts waiting.
for _ in $(seq 100); do grep -q 'transfer failed, retrying' "$WORK/term.err" && break; sleep 0.05; done
expect_in "$WORK/term.err" "transfer failed, retrying"
started=$(date +%s%N)
kill -TERM "$BG_PID"
wait_bg term
stopped_ms=$((($(date +%s%N) - started) / 1000000))
[[ $BG_STATUS == 143 ]] || { cat "$WORK/term.err" >&2; fail "SIGTERM during the retry wait gave exit $BG_STATUS, expected 143"; }
[[ $stopped_ms -lt 5000 ]] || fail "the run took $stopped_ms ms to stop after SIGTERM (Retry-After was 20 s)"
[[ ! -e "$ROOT/raw/$DAY/dave/waits" ]] || fail "an interrupted dataset was published"
expect_staging_clean
report=$(last_download_report)
validate run_report "$report"
[[ $(jq -r .outcome "$report") == interrupted ]] || fail "report outcome is $(jq -r .outcome "$report")"
[[ $(jq -r .exit_code "$report") == 143 ]] || fail "report exit_code is $(jq -r .exit_code "$report")"
flock -n "$ROOT/.lock" true || fail "the lock was not released after SIGTERM"

# The fault was used up: the next run fetches and publishes the dataset.
dl 0 dave/waits
check_published dave/waits "$waits"

expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
