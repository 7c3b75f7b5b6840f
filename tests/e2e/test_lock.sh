#!/usr/bin/env bash
# A second run on a locked root gets the lock-held code (8) without disturbing the holder;
# a lock whose holder was killed with SIGKILL frees itself.
source "$(dirname "$0")/lib.sh"

ROOT="$WORK/root"
expect_exit 0 "$FK" init --data-root "$ROOT"

# Hold the run lock from another process exactly as fetch-kaggle does (flock on .lock).
flock --close "$ROOT/.lock" sleep 30 >/dev/null 2>&1 &
holder=$!
CLEANUPS+=("kill -9 $holder 2>/dev/null; pkill -9 -f 'sleep 30' -P $holder 2>/dev/null")
for _ in $(seq 50); do
  if ! flock -n "$ROOT/.lock" true; then break; fi
  sleep 0.1
done
rm -rf "$ROOT/raw"  # something for init to do, so that it needs the lock
expect_exit 8 "$FK" init --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "another fetch-kaggle run holds"
expect_in "$WORK/last.err" "--lock-timeout"
[[ ! -d "$ROOT/raw" ]] || fail "the refused run wrote anyway"
kill -0 "$holder" || fail "the holder was disturbed"

# --lock-timeout waits for the holder: kill it with SIGKILL after a second.
sleeper=$(pgrep -P "$holder" || true)
CLEANUPS+=("kill -9 $sleeper 2>/dev/null")
( sleep 1; kill -9 "$holder" ) >/dev/null 2>&1 &
expect_exit 0 "$FK" init --data-root "$ROOT" --lock-timeout 20
[[ -d "$ROOT/raw" ]] || fail "the run after the killed holder did not complete"
echo "ok"
