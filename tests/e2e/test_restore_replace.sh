#!/usr/bin/env bash
# restore --replace repairs a bit-rotted raw day (issue 17, item 9): it restores beside the damaged
# day, verifies, and swaps in one rename. Killed (SIGKILL, or stopped by SIGTERM) at every fault point
# of the run (util/fault_points.hpp), raw/D is always either the damaged day or the repaired one,
# never a mix or nothing; the next run completes and leaves no leftovers.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
DAY=$(date -u -d '-3 days' +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date "$DAY"
expect_exit 0 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
cp -a "$ROOT/raw/$DAY" "$WORK/good"
/usr/bin/python3 - "$ROOT/raw/$DAY/$REF/price_file_rami_levy.csv" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[10] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
cp -a "$ROOT/raw/$DAY" "$WORK/damaged"
expect_exit 9 "$FK" verify --date "$DAY" --data-root "$ROOT" --log-format text

# Put the damaged day back (as the previous iteration may have repaired it).
damage() {
  rm -rf "$ROOT/raw/$DAY"
  cp -a "$WORK/damaged" "$ROOT/raw/$DAY"
}
# Fail unless raw/D is exactly the damaged day or exactly the repaired one: same DESCRIPTION
same_as_one() {
  diff -r "$WORK/damaged" "$ROOT/raw/$DAY" >/dev/null 2>&1 && return 0
  diff -r "$WORK/good" "$ROOT/raw/$DAY" >/dev/null 2>&1 && return 0
  ls -la "$ROOT/raw" "$ROOT/raw/$DAY" >&2 || true
  fail "$1: raw/$DAY is neither the damaged day nor the repaired one"
}

# How many fault points a clean repair passes.
FK_FAULT_COUNT="$WORK/count" expect_exit 0 "$FK" restore --date "$DAY" --replace --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "replaced  $ROOT/raw/$DAY"
diff -r "$WORK/good" "$ROOT/raw/$DAY" || fail "the repaired day differs from the day as archived"
POINTS=$(cat "$WORK/count")
((POINTS >= 3)) || fail "expected fault points in restore --replace, got $POINTS"

hit=0
for signal in KILL TERM; do
  for ((n = 1; n <= POINTS; n++)); do
    damage
    got=0
    FK_FAULT_INJECT="$n:$signal" "$FK" restore --date "$DAY" --replace --data-root "$ROOT" --log-format json \
      >"$WORK/fault.out" 2>"$WORK/fault.err" || got=$?
    [[ $got != 0 ]] && hit=$((hit + 1))
    same_as_one "$signal at point $n (exit $got)"
    # The next run without faults repairs the day (or finds it already repaired) and leaves nothing behind.
    expect_exit 0 "$FK" restore --date "$DAY" --replace --data-root "$ROOT" --log-format text
    diff -r "$WORK/good" "$ROOT/raw/$DAY" >/dev/null || fail "after $signal at point $n the next run did not repair the day"
    expect_exit 0 "$FK" verify --archives --strict --date "$DAY" --data-root "$ROOT" --log-format text
    expect_exit 0 "$FK" verify --strict --data-root "$ROOT" --log-format text
  done
done
((hit >= POINTS)) || fail "only $hit of $((2 * POINTS)) faults stopped the run"
echo "ok: $POINTS fault points, $hit runs stopped"
