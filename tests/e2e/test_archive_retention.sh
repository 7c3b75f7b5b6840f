#!/usr/bin/env bash
# Retention: --dry-run lists every day as keep or prune with its rule and writes nothing; a raw day
# past retention is pruned only once a verified archive of it exists; restore brings it back; the
# config file's retention mapping and --keep-* options change the periods.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
OLD=$(date -u -d '-200 days' +%Y%m%d)
NEW=$(date -u -d '-2 days' +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date "$OLD"
expect_exit 0 "$FK" download "$REF" --force --data-root "$ROOT" --api-endpoint "$API" --date "$NEW"
expect_exit 0 "$FK" process --no-load --data-root "$ROOT" --date "$OLD"
cp -a "$ROOT/raw/$OLD" "$WORK/orig"

# Dry run: the plan, and not one byte written.
tree_listing "$ROOT" >"$WORK/before"
expect_exit 0 "$FK" archive --dry-run --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "archive  $OLD  -> $ROOT/archive/$OLD.tar.gz"
expect_not_in "$WORK/last.out" "archive  $NEW"
expect_in "$WORK/last.out" "retention (today $(date -u +%Y%m%d)): raw 90d, processed 90d, reports 365d, metadata 365d, archive 365d"
# The same decisions as the real run below: the archive this run would write lets the old day go.
expect_in "$WORK/last.out" "prune  raw       $OLD  200 days old, past raw retention 90d, and archive/$OLD.tar.gz is written and verified in this run"
expect_in "$WORK/last.out" "prune  processed $OLD  200 days old, past processed retention 90d, and archive/$OLD.tar.gz is written and verified"
expect_in "$WORK/last.out" "keep   archive   $OLD  written 0 days ago, within archive retention 365d"
expect_in "$WORK/last.out" "keep   raw       $NEW  2 days old, within raw retention 90d"
expect_in "$WORK/last.out" "keep   reports   $(date -u +%Y%m%d)  0 days old, within reports retention 365d"
tree_listing "$ROOT" >"$WORK/after"
diff "$WORK/before" "$WORK/after" || fail "archive --dry-run changed the data root"

# The real run archives the old day (default --older-than 7d), verifies it and prunes raw and processed.
expect_exit 0 "$FK" archive --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "archived $OLD"
expect_not_in "$WORK/last.out" "archived $NEW"
expect_in "$WORK/last.out" "prune  raw       $OLD  200 days old, past raw retention 90d, and archive/$OLD.tar.gz is verified"
expect_in "$WORK/last.out" "prune  processed $OLD"
expect_in "$WORK/last.out" "keep   archive   $OLD  written 0 days ago, within archive retention 365d"
[[ ! -e $ROOT/raw/$OLD && ! -e $ROOT/processed/$OLD ]] || fail "the archived old day was not pruned"
[[ -d $ROOT/raw/$NEW && -f $ROOT/archive/$OLD.tar.gz && ! -e $ROOT/archive/$NEW.tar.gz ]] || fail "wrong days archived or pruned"
[[ -z $(ls -A "$ROOT/.staging" | grep -v '^partial$' || true) ]] || fail "pruning left folders in .staging"
validate run_report "$ROOT"/reports/*/archive-*.json
/usr/bin/python3 - "$ROOT"/reports/*/archive-*.json <<'PY'
import json, sys
r = json.load(open(sys.argv[-1]))
assert r["exit_code"] == 0 and r["outcome"] == "success", r
assert r["counts"]["archived_days"] == 1 and r["counts"]["pruned"] == 2, r["counts"]
PY

# A second dry run: the archived day is kept, nothing written.
tree_listing "$ROOT" >"$WORK/before"
expect_exit 0 "$FK" archive --dry-run --data-root "$ROOT" --log-format text
expect_not_in "$WORK/last.out" "archive  $OLD"
tree_listing "$ROOT" >"$WORK/after"
diff "$WORK/before" "$WORK/after" || fail "the second dry run changed the data root"

expect_exit 0 "$FK" verify --archives --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "ok        $ROOT/archive/$OLD.tar.gz"
expect_in "$WORK/last.out" "ok        raw/$NEW"
expect_in "$WORK/last.out" "ok        data root"
expect_in "$WORK/last.out" "3 checked, 0 mismatch(es)"
expect_exit 4 "$FK" verify --date "$OLD" --data-root "$ROOT" --log-format text

# Restore brings the day back byte for byte; a config file that keeps raw days forever keeps it.
expect_exit 0 "$FK" restore --date "$OLD" --data-root "$ROOT" --log-format text
diff -r "$WORK/orig" "$ROOT/raw/$OLD" || fail "the restored day differs"
[[ -f $ROOT/processed/$OLD/validation_report.json ]] || fail "processed reports not restored"
printf 'datasets:\n  - %s\nretention:\n  raw: never\n  processed: 10d\n' "$REF" >"$WORK/config.yaml"
expect_exit 0 "$FK" archive --config "$WORK/config.yaml" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "retention (today $(date -u +%Y%m%d)): raw never, processed 10d"
expect_in "$WORK/last.out" "keep   raw       $OLD  raw kept forever (retention never)"
expect_in "$WORK/last.out" "prune  processed $OLD"
[[ -d $ROOT/raw/$OLD && ! -e $ROOT/processed/$OLD ]] || fail "the config's retention was not applied"
# Options win over the config file.
FETCH_KAGGLE_CONFIG="$WORK/config.yaml" expect_exit 0 "$FK" archive --keep-raw 100d --dry-run --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "prune  raw       $OLD  200 days old, past raw retention 100d"
echo "ok"
