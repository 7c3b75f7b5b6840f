#!/usr/bin/env bash
# archive --date D writes archive/D.tar.gz (verified, sha256sum -c file beside it) that tar -tzf,
# tar -xzf and gzip -t accept, with relative names, owner 0/0 and modes 644/755, raw/D and the
# reports of processed/D but no SQLite database; restore gives back byte-identical files, refuses a
# different existing day; --format tar.zst does the same with zstd.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
DAY=$(date -u -d '-3 days' +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date "$DAY"
expect_exit 0 "$FK" process --no-load --data-root "$ROOT" --date "$DAY"
echo "not a database" >"$ROOT/processed/$DAY/$REF.sqlite"
cp -a "$ROOT/raw/$DAY" "$WORK/orig"
# Every raw file (the manifest too) and every processed file but the database.
FILES=$(($(find "$ROOT/raw/$DAY" -type f | wc -l) + $(find "$ROOT/processed/$DAY" -type f ! -name '*.sqlite' | wc -l)))
((FILES > 12)) || fail "expected more than 12 files to archive, found $FILES"

expect_exit 0 "$FK" archive --date "$DAY" --data-root "$ROOT" --log-format text
A="$ROOT/archive/$DAY.tar.gz"
expect_in "$WORK/last.out" "archived $DAY  $FILES files"
expect_in "$WORK/last.out" "$A  verified"
expect_in "$WORK/last.out" "keep   raw       $DAY  3 days old, within raw retention 90d"
[[ -f $A && -f $A.sha256 ]] || fail "archive or checksum file missing"
(cd "$ROOT/archive" && sha256sum -c --strict "$DAY.tar.gz.sha256") >/dev/null || fail "sha256sum -c rejects the checksum file"
gzip -t "$A" || fail "gzip -t rejects the archive"
tar -tzf "$A" >"$WORK/list" || fail "tar -tzf rejects the archive"
expect_in "$WORK/list" "raw/$DAY/download_manifest.json"
expect_in "$WORK/list" "raw/$DAY/$REF/price_file_rami_levy.csv"
expect_in "$WORK/list" "processed/$DAY/validation_report.json"
expect_not_in "$WORK/list" ".sqlite"
if grep -qvE "^(raw|processed)/$DAY(/|$)" "$WORK/list"; then cat "$WORK/list" >&2; fail "a member name is not relative to the day"; fi
[[ $(head -2 "$WORK/list" | tr '\n' ' ') == "raw/$DAY/ raw/$DAY/download_manifest.json " ]] || fail "the manifest is not the first file"
tar -tvzf "$A" | awk '{print $1, $2}' | sort -u >"$WORK/owners"
[[ $(cat "$WORK/owners") == $'-rw-r--r-- 0/0\ndrwxr-xr-x 0/0' ]] || { cat "$WORK/owners" >&2; fail "owners or modes are not 0/0, 644/755"; }
mkdir "$WORK/x" && tar -xzf "$A" -C "$WORK/x" && diff -r "$WORK/orig" "$WORK/x/raw/$DAY" || fail "tar -xzf does not give back the day"
validate run_report "$ROOT"/reports/*/archive-*.json
[[ -d $ROOT/raw/$DAY ]] || fail "a 3-day-old raw day was pruned"

# Restore into the data root once the raw day is gone: byte-identical.
mv "$ROOT/raw/$DAY" "$WORK/moved"
expect_exit 0 "$FK" restore --date "$DAY" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "restored  $ROOT/raw/$DAY  $FILES files"
diff -r "$WORK/orig" "$ROOT/raw/$DAY" || fail "restored files differ"
[[ -z $(ls -A "$ROOT/.staging" | grep -v '^partial$' || true) ]] || fail "restore left its staging folder"
expect_exit 0 "$FK" restore --date "$DAY" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "already present, identical"
# A different day at the target is never overwritten.
echo "local change" >>"$ROOT/raw/$DAY/$REF/index.json"
expect_exit 2 "$FK" restore --date "$DAY" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "refusing to overwrite $ROOT/raw/$DAY"
expect_in "$ROOT/raw/$DAY/$REF/index.json" "local change"
expect_exit 2 "$FK" restore --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "restore needs --date"
expect_exit 4 "$FK" restore --date 20200101 --data-root "$ROOT" --log-format text
cp "$WORK/orig/$REF/index.json" "$ROOT/raw/$DAY/$REF/index.json"

# zstd: the same archive as .tar.zst; the .tar.gz of the day is replaced.
expect_exit 0 "$FK" archive --date "$DAY" --format tar.zst --level 5 --no-prune --data-root "$ROOT" --log-format text
Z="$ROOT/archive/$DAY.tar.zst"
[[ -f $Z && -f $Z.sha256 && ! -e $A && ! -e $A.sha256 ]] || { ls -la "$ROOT/archive" >&2; fail "zstd archive not in place of the gzip one"; }
zstd -q -t "$Z" || fail "zstd -t rejects the archive"
(cd "$ROOT/archive" && sha256sum -c --strict "$DAY.tar.zst.sha256") >/dev/null || fail "sha256sum -c rejects the zstd checksum"
tar --zstd -tf "$Z" >"$WORK/zlist" && diff "$WORK/list" "$WORK/zlist" || fail "zstd archive lists other members"
expect_exit 0 "$FK" restore --date "$DAY" --to "$WORK/elsewhere" --data-root "$ROOT" --json
diff -r "$WORK/orig" "$WORK/elsewhere/raw/$DAY" || fail "restore --to from zstd differs"
/usr/bin/python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["ok"] and o["files"] == int(sys.argv[2]) and not o["already_present"] and o["processed_restored"], o' "$WORK/last.out" "$FILES"

# zstd's default level is 1 (docs/archive.md): the same bytes as --level 1, not those of --level 3.
zstd_sha() { expect_exit 0 "$FK" archive --date "$DAY" --format tar.zst "$@" --no-prune --data-root "$ROOT" --log-format text; sha256sum <"$Z"; }
DEFAULT_SHA=$(zstd_sha)
LEVEL1_SHA=$(zstd_sha --level 1)
LEVEL3_SHA=$(zstd_sha --level 3)
[[ -n $DEFAULT_SHA && $DEFAULT_SHA == "$LEVEL1_SHA" ]] || fail "the default zstd archive differs from --level 1's"
[[ $DEFAULT_SHA != "$LEVEL3_SHA" ]] || fail "the default zstd archive is --level 3's"

expect_exit 2 "$FK" archive --date "$DAY" --level 13 --data-root "$ROOT"
expect_exit 2 "$FK" archive --date "$DAY" --older-than 3d --data-root "$ROOT"
expect_exit 2 "$FK" archive --keep-raw 3x --data-root "$ROOT"
echo "ok"
