#!/usr/bin/env bash
# verify re-checks raw files and archives: a flipped byte in an archive makes verify --archives and
# archive's retention fail with exit 9, and nothing at all is deleted; a flipped byte in a raw file
# is a hash-count mismatch that verify says how to repair (restore --replace), and the repair works;
# restore refuses a damaged archive.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
OLD=$(date -u -d '-200 days' +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date "$OLD"
expect_exit 0 "$FK" archive --date "$OLD" --no-prune --data-root "$ROOT" --log-format text
[[ -d $ROOT/raw/$OLD ]] || fail "--no-prune pruned"
expect_exit 0 "$FK" verify --archives --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "3 checked, 0 mismatch(es)"

A="$ROOT/archive/$OLD.tar.gz"
/usr/bin/python3 - "$A" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
cp "$A" "$WORK/damaged"
expect_exit 9 "$FK" verify --archives --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "MISMATCH  $A"
expect_in "$WORK/last.out" "checksum  $A  checksum file says"
expect_in "$WORK/last.out" "ok        raw/$OLD"
expect_in "$WORK/last.out" "3 checked, 1 mismatch(es)"
expect_in "$WORK/last.err" "1 mismatch(es) found"

# The day is past raw retention, but its archive fails verification: nothing is deleted.
tree_listing "$ROOT/raw" >"$WORK/raw.before"
tree_listing "$ROOT/archive" >"$WORK/archive.before"
# (A day later, so that the archive, written today, is past --keep-archive 0d.)
expect_exit 9 faketime -f +1d "$FK" archive --keep-archive 0d --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "keep   raw       $OLD  201 days old, past raw retention 90d, but its archive failed verification"
expect_in "$WORK/last.out" "keep   archive   $OLD  written 1 days ago, past archive retention 0d; not pruned: an archive failed verification"
expect_not_in "$WORK/last.out" "prune  "
tree_listing "$ROOT/raw" >"$WORK/raw.after"
tree_listing "$ROOT/archive" >"$WORK/archive.after"
diff "$WORK/raw.before" "$WORK/raw.after" || fail "raw/ changed after a failed verification"
diff "$WORK/archive.before" "$WORK/archive.after" || fail "archive/ changed after a failed verification"
cmp "$A" "$WORK/damaged" || fail "the damaged archive was rewritten"
/usr/bin/python3 - "$ROOT"/reports/*/archive-*.json <<'PY'
import json, sys
r = [r for r in map(lambda p: json.load(open(p)), sys.argv[1:]) if "--keep-archive" in r["arguments"]][0]
assert r["exit_code"] == 9 and r["outcome"] == "failed", r
assert any(e["kind"] == "integrity" and "checksum" in e["message"] for e in r["errors"]), r["errors"]
PY
expect_exit 9 "$FK" restore --date "$OLD" --to "$WORK/restored" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "does not match its checksum file"
[[ ! -e $WORK/restored/raw ]] || fail "restore published from a damaged archive"

# Archiving the day again from raw/ repairs it.
expect_exit 0 "$FK" archive --date "$OLD" --no-prune --data-root "$ROOT" --log-format text
expect_exit 0 "$FK" verify --archives --data-root "$ROOT" --log-format text

# Bit rot in a raw file.
/usr/bin/python3 - "$ROOT/raw/$OLD/$REF/price_file_rami_levy.csv" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[10] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
expect_exit 9 "$FK" verify --date "$OLD" --data-root "$ROOT" --json --log-format json
/usr/bin/python3 - "$WORK/last.out" "$REF" "$OLD" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
ref, day = sys.argv[2], sys.argv[3]
assert o["ok"] is False and o["mismatch_count"] == 1 and o["checked"] == 1, o
m = o["results"][0]["mismatches"][0]
assert m["code"] == "hash-count" and m["path"] == f"raw/{day}/{ref}/price_file_rami_levy.csv", m
PY
expect_exit 9 "$FK" verify --data-root "$ROOT" --log-format text
REPAIR="fetch-kaggle restore --date $OLD --data-root $ROOT --replace"
expect_in "$WORK/last.out" "  repair: $REPAIR"
expect_in "$WORK/last.err" "repair: $REPAIR"
# ...which archive refuses to put into an archive.
expect_exit 9 "$FK" archive --date "$OLD" --no-prune --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "the archive of day $OLD failed verification"
(cd "$ROOT/archive" && sha256sum -c --strict "$OLD.tar.gz.sha256") >/dev/null || fail "the good archive was replaced"

# The repair verify printed works (issue 17, item 9): restore refuses the damaged day without
# --replace and says so; with it, the day is back to the manifest's bytes and verify is clean.
expect_exit 2 "$FK" restore --date "$OLD" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "add --replace to swap in the archive's verified copy"
read -ra repair_args <<<"${REPAIR#fetch-kaggle }"
expect_exit 0 "$FK" "${repair_args[@]}" --log-format text
expect_in "$WORK/last.out" "replaced  $ROOT/raw/$OLD"
expect_exit 0 "$FK" verify --archives --strict --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "ok        raw/$OLD"

# The root-wide invariants, each named by its code: a file the manifest does not list, a JSON file
# cut short, a processed day without its report; --strict adds what killed runs leave.
NEW=$(date -u +%Y%m%d)
R2="$WORK/root2"
expect_exit 0 "$FK" download "$REF" --data-root "$R2" --api-endpoint "$API" --date "$NEW"
expect_exit 0 "$FK" process --no-load --data-root "$R2" --date "$NEW"
expect_exit 0 "$FK" verify --strict --data-root "$R2" --log-format text
expect_in "$WORK/last.out" "ok        data root"
printf 'x\n' >"$R2/raw/$NEW/$REF/stray.csv"
expect_exit 9 "$FK" verify --data-root "$R2" --log-format text
expect_in "$WORK/last.out" "unlisted-file  raw/$NEW/$REF/stray.csv"
expect_in "$WORK/last.out" "  repair: fetch-kaggle download --date $NEW --data-root $R2 --force $REF (the day has no archive)"
rm "$R2/raw/$NEW/$REF/stray.csv"
cp "$R2/processed/$NEW/validation_report.json" "$WORK/report.json"
head -c 100 "$WORK/report.json" >"$R2/processed/$NEW/validation_report.json"
expect_exit 9 "$FK" verify --data-root "$R2" --log-format text
expect_in "$WORK/last.out" "incomplete-json  processed/$NEW/validation_report.json"
rm "$R2/processed/$NEW/validation_report.json"
expect_exit 9 "$FK" verify --data-root "$R2" --log-format text
expect_in "$WORK/last.out" "incomplete-day  processed/$NEW"
cp "$WORK/report.json" "$R2/processed/$NEW/validation_report.json"
printf 'partial' >"$R2/raw/$NEW/.download_manifest.json.tmp-1-abc"
expect_exit 0 "$FK" verify --data-root "$R2" --log-format text
expect_exit 9 "$FK" verify --strict --data-root "$R2" --log-format text
expect_in "$WORK/last.out" "leftover  raw/$NEW/.download_manifest.json.tmp-1-abc"
echo "ok"
