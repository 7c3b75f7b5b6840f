#!/usr/bin/env bash
# download stopped by SIGTERM mid-transfer (exit 143, partial kept, raw/ untouched, report
# "interrupted"), and two runs on one root (the second exits 8, the first is not disturbed).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

slow=$(dataset_dir dave slow 1)
make_random "$slow/blob.bin" 1500000
make_csv "$slow/rows.csv" 10
busy=$(dataset_dir dave busy 1)
make_random "$busy/blob.bin" 1000000
make_csv "$busy/rows.csv" 12
halt=$(dataset_dir dave halt 1)
make_random "$halt/blob.bin" 1000000
small=$(dataset_dir dave small 1)
make_csv "$small/rows.csv" 3
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"  # credentials in play, for the secret check at the end

# wait_for_partial FILE BYTES: wait (at most 10 s) until FILE holds at least BYTES.
wait_for_partial() {
  local i
  for ((i = 0; i < 200; i++)); do
    [[ -f $1 && $(stat -c %s "$1") -ge $2 ]] && return 0
    sleep 0.05
  done
  fail "$1 did not reach $2 bytes within 10 s"
}

# Something already published that the interrupted run must leave alone.
dl 0 dave/small
raw_before=$(tree_listing "$ROOT/raw")

# SIGTERM while the body trickles.
fake_fault '{"match": "storage", "count": 1, "trickle_bytes_per_sec": 300000}'
fk_download_bg term dave/slow
partial=$(partial_of dave/slow 1)
wait_for_partial "$partial" 100000
started=$(date +%s%N)
kill -TERM "$BG_PID"
wait_bg term
status=$BG_STATUS
stopped_ms=$((($(date +%s%N) - started) / 1000000))
[[ $status == 143 ]] || { cat "$WORK/term.err" >&2; fail "SIGTERM gave exit $status, expected 143"; }
[[ $stopped_ms -lt 5000 ]] || fail "the run took $stopped_ms ms to stop after SIGTERM"
[[ -f $partial && $(stat -c %s "$partial") -ge 100000 ]] || fail "the partial was not kept"
[[ ! -e "$ROOT/raw/$DAY/dave/slow" ]] || fail "an interrupted dataset was published"
[[ "$raw_before" == "$(tree_listing "$ROOT/raw")" ]] || { diff <(echo "$raw_before") <(tree_listing "$ROOT/raw") >&2; cat "$ROOT/raw/$DAY/download_manifest.json" >&2; fail "the interrupted run changed raw/"; }
expect_staging_clean
report=$(last_download_report)
validate run_report "$report"
[[ $(jq -r .outcome "$report") == interrupted ]] || fail "report outcome is $(jq -r .outcome "$report")"
[[ $(jq -r .exit_code "$report") == 143 ]] || fail "report exit_code is $(jq -r .exit_code "$report")"
kept=$(stat -c %s "$partial")

# The next run resumes from what was kept.
wait_for_requests "$STORAGE" 1
fake_clear_log
dl 0 dave/slow
check_published dave/slow "$slow"
[[ $(requests "$STORAGE" | jq -r '.headers.Range // ""') == "bytes=$kept-" ]] || fail "the run after SIGTERM did not resume"

# SIGINT (Ctrl-C) the same way: exit 130, report "interrupted" with exit code 130, lock released.
fake_clear_faults
fake_fault '{"match": "storage", "count": 1, "trickle_bytes_per_sec": 300000}'
fk_download_bg int dave/halt
wait_for_partial "$(partial_of dave/halt 1)" 50000
kill -INT "$BG_PID"
wait_bg int
[[ $BG_STATUS == 130 ]] || { cat "$WORK/int.err" >&2; fail "SIGINT gave exit $BG_STATUS, expected 130"; }
report=$(last_download_report)
[[ $(jq -r .outcome "$report") == interrupted && $(jq -r .exit_code "$report") == 130 ]] || fail "SIGINT report: $(cat "$report")"
flock -n "$ROOT/.lock" true || fail "the lock was not released after SIGINT"

# Two runs on one root: the second gets exit 8 at once while the first trickles on and completes.
fake_clear_faults
fake_fault '{"match": "storage", "count": 1, "trickle_bytes_per_sec": 400000}'
fk_download_bg first dave/busy
first_pid=$BG_PID
wait_for_partial "$(partial_of dave/busy 1)" 50000
started=$(date +%s%N)
dl 8 dave/small --force
waited_ms=$((($(date +%s%N) - started) / 1000000))
expect_in "$WORK/last.err" "another fetch-kaggle run holds $ROOT/.lock"
expect_in "$WORK/last.err" "$first_pid"  # the holder is named
[[ $waited_ms -lt 3000 ]] || fail "the second run took $waited_ms ms to give up"
kill -0 "$first_pid" 2>/dev/null || fail "the first run ended while the second one tried the lock"
wait_bg first "$first_pid"
status=$BG_STATUS
[[ $status == 0 ]] || { cat "$WORK/first.err" >&2; fail "the first run exited $status"; }
check_published dave/busy "$busy"
check_published dave/small "$small"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
