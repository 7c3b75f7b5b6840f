#!/usr/bin/env bash
# Retention never deletes the last copy of a day (issue 17, item 2): a backfilled day older than
# archive retention is archived, its raw and processed folders pruned, and its archive kept, with the
# reason; an archive's age counts from its written record (the command's clock, moved here with
# faketime), so with a short --keep-archive it goes exactly a full period after it was written; a
# run never prunes both the archive and the folders of a day; an older version's archive without a
# record counts from the first run that sees it. --dry-run shows the real run's decisions.
source "$(dirname "$0")/lib.sh"

command -v faketime >/dev/null || fail "faketime is missing: scripts/install-deps.sh installs it"
start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
OLD=20250101
TODAY=$(date -u +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
A="$ROOT/archive/$OLD.tar.gz"
# Run fetch-kaggle with the clock moved forward: later DAYS args...
later() {
  local days=$1
  shift
  faketime -f "+${days}d" "$FK" "$@"
}

expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date "$OLD"
expect_exit 0 "$FK" process --no-load --data-root "$ROOT" --date "$OLD"
cp -a "$ROOT/raw/$OLD" "$WORK/orig"

# The dry run plans what the real run then does, line for line.
expect_exit 0 "$FK" archive --dry-run --data-root "$ROOT" --log-format text
grep -E '^  (prune|keep) ' "$WORK/last.out" | grep -v ' reports \| metadata ' | sed 's/ is written and verified in this run/ is verified/' >"$WORK/dry"
expect_in "$WORK/dry" "keep   archive   $OLD  written 0 days ago, within archive retention 365d"
expect_exit 0 "$FK" archive --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "archived $OLD"
expect_in "$WORK/last.out" "prune  raw       $OLD"
expect_in "$WORK/last.out" "prune  processed $OLD"
expect_in "$WORK/last.out" "keep   archive   $OLD  written 0 days ago, within archive retention 365d"
grep -E '^  (prune|keep) ' "$WORK/last.out" | grep -v ' reports \| metadata ' >"$WORK/real"
diff "$WORK/dry" "$WORK/real" || fail "the dry run's decisions differ from the real run's"
[[ -f $A && -f $A.sha256 && -f $A.written.json ]] || fail "the day's only copy, its archive, was deleted"
[[ ! -e $ROOT/raw/$OLD && ! -e $ROOT/processed/$OLD ]] || fail "raw and processed were not pruned"
validate archive_record "$A.written.json"
/usr/bin/python3 - "$A.written.json" "$TODAY" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["written_day"] == sys.argv[2] and r["origin"] == "written" and r["archive"] == "20250101.tar.gz", r
PY
expect_exit 0 "$FK" verify --archives --strict --data-root "$ROOT" --log-format text

# A short archive retention counts from the record: kept through day 30, pruned on day 31.
expect_exit 0 later 30 archive --keep-archive 30d --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "keep   archive   $OLD  written 30 days ago, within archive retention 30d"
[[ -f $A ]] || fail "the archive went before its retention"
expect_exit 0 later 31 archive --keep-archive 30d --dry-run --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "prune  archive   $OLD  written 31 days ago, past archive retention 30d"
[[ -f $A ]] || fail "--dry-run pruned"

# A run that prunes the day's raw folder keeps its archive, whatever its age; the next run may prune it.
# (--older-than 1000d: the restored day is not archived again, which would write a new record.)
expect_exit 0 "$FK" restore --date "$OLD" --data-root "$ROOT" --log-format text
diff -r "$WORK/orig" "$ROOT/raw/$OLD" || fail "the restored day differs"
expect_exit 0 later 40 archive --older-than 1000d --keep-archive 30d --dry-run --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "prune  raw       $OLD"
expect_in "$WORK/last.out" "keep   archive   $OLD  written 40 days ago, past archive retention 30d, but raw/$OLD or processed/$OLD is pruned in this run: a run never removes both copies"
expect_exit 0 later 40 archive --older-than 1000d --keep-archive 30d --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "a run never removes both copies"
[[ -f $A && ! -e $ROOT/raw/$OLD ]] || fail "the same run pruned the day's raw folder and its archive"

# An older version's archive has no record: its age counts from the first run that sees it, which records it.
rm "$A.written.json"
expect_exit 0 later 100 archive --keep-archive 0d --dry-run --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "keep   archive   $OLD  no record of when it was written (an older version's archive): its age counts from this run, within archive retention 0d"
[[ ! -e $A.written.json ]] || fail "--dry-run wrote a record"
expect_exit 0 later 100 archive --keep-archive 0d --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "keep   archive   $OLD  written 0 days ago, within archive retention 0d"
expect_in "$A.written.json" '"origin": "first-seen"'
validate archive_record "$A.written.json"
expect_in "$A.written.json" "\"written_day\": \"$(date -u -d '+100 days' +%Y%m%d)\""
expect_exit 0 later 101 archive --keep-archive 0d --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "prune  archive   $OLD  written 1 days ago, past archive retention 0d"
[[ -z $(ls -A "$ROOT/archive") ]] || { ls -la "$ROOT/archive" >&2; fail "pruning an archive left files behind"; }
echo "ok"
