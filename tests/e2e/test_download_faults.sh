#!/usr/bin/env bash
# download under server faults: 429 with Retry-After, repeated 5xx (exit 7), a wrong md5 (exit 9,
# once: fetched again), a body cut on every attempt (exit 7, partial kept, resumed next run).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

for slug in limited broken corrupt flaky truncated; do
  d=$(dataset_dir erin "$slug" 1)
  make_random "$d/blob.bin" 20000
  make_csv "$d/rows.csv" 30
done
fake_start
export KAGGLE_USERNAME=erin KAGGLE_KEY="$ERIN_KEY"

# 429 with Retry-After: 1, then success; the retry waits at least about that second.
fake_fault '{"match": "storage", "count": 1, "status": 429, "retry_after": "1"}'
dl 0 erin/limited
check_published erin/limited "$(dataset_dir erin limited 1)"
[[ $(requests "$STORAGE" | jq -r .status | tr '\n' ' ') == "429 200 " ]] || fail "expected a 429 then a 200 from storage"
gap=$(requests "$STORAGE" | jq -r .time | /usr/bin/python3 -c '
import sys, datetime
t = [datetime.datetime.fromisoformat(l.strip().replace("Z", "+00:00")) for l in sys.stdin if l.strip()]
print(int((t[1] - t[0]).total_seconds() * 1000))')
[[ $gap -ge 900 ]] || fail "the retry after a 429 with Retry-After: 1 came after only $gap ms"

# 503 forever: two attempts (--retries 2), then exit 7; nothing published, the failure recorded.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "status": 503}'
dl 7 erin/broken --retries 2
expect_in "$WORK/last.err" "503"
[[ $(count_requests "$STORAGE") == 2 ]] || fail "expected exactly 2 storage attempts with --retries 2"
[[ ! -e "$ROOT/raw/$DAY/erin/broken" ]] || fail "a failed dataset was published"
[[ $(manifest_query 'dataset("erin/broken")["status"]') == failed ]] || fail "the failure is not in the manifest"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"
report=$(grep -l '"erin/broken"' $(download_reports) | tail -1)
[[ $(jq -r .outcome "$report") == failed && $(jq -r .exit_code "$report") == 7 ]] || fail "run report of the 503 run"

# A wrong md5 on every response: fetched twice, then exit 9; nothing in raw/, no partial left.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "wrong_md5": true}'
dl 9 erin/corrupt
expect_in "$WORK/last.err" "corrupt"
[[ $(count_requests "$STORAGE") == 2 ]] || fail "a corrupt transfer should be fetched once more, then given up"
[[ ! -e "$ROOT/raw/$DAY/erin/corrupt" ]] || fail "a corrupt dataset was published"
[[ -z $(compgen -G "$ROOT/.staging/partial/erin_corrupt*" || true) ]] || fail "the corrupt partial was kept"

# A wrong md5 once: the second fetch is good, exit 0 with a warning.
fake_clear_faults
fake_fault '{"match": "storage", "count": 1, "wrong_md5": true}'
dl 0 erin/flaky
expect_in "$WORK/last.err" "corrupt transfer, fetching once more"
check_published erin/flaky "$(dataset_dir erin flaky 1)"

# The body cut after 1000 bytes on every attempt: exit 7 after 2 attempts; the partial keeps 2000 bytes.
fake_clear_faults
fake_clear_log
fake_fault '{"match": "storage", "count": -1, "cut_after_bytes": 1000}'
dl 7 erin/truncated --retries 2
expect_in "$WORK/last.err" "(after 2 attempts)"
[[ ! -e "$ROOT/raw/$DAY/erin/truncated" ]] || fail "a truncated dataset was published"
partial=$(partial_of erin/truncated 1)
[[ -f $partial ]] || fail "the partial of the truncated transfer was not kept"
[[ $(stat -c %s "$partial") == 2000 ]] || fail "the partial holds $(stat -c %s "$partial") bytes, expected 2000"
[[ $(requests "$STORAGE" | jq -r '.headers.Range // ""' | tr '\n' ' ') == " bytes=1000- " ]] \
  || fail "the second attempt did not resume from byte 1000"

# Without the fault, the next run resumes from byte 2000 and completes.
fake_clear_faults
fake_clear_log
dl 0 erin/truncated
check_published erin/truncated "$(dataset_dir erin truncated 1)"
[[ $(requests "$STORAGE" | jq -r '.headers.Range // ""') == "bytes=2000-" ]] || fail "the next run did not resume from 2000"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
