#!/usr/bin/env bash
# A day archived and pruned, then written again by a backfill (download --date D), loses nothing
# when it is archived again (found by the model test, seed 202: the second archive of the day held
# only the backfilled dataset and replaced the first, so the other dataset's files were gone).
# download restores the day from its archive before writing into it; archive refuses to replace an
# archive by one that lacks raw files the old one holds (exit 5), and keeps both.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

ROOT="$WORK/root"
DAY=20250101
a=$(dataset_dir mo alpha 1)
make_csv "$a/data.csv" 5
make_csv "$a/sub/data.csv" 3
b=$(dataset_dir mo beta 1)
make_csv "$b/data.csv" 4
fake_start

dl 0 mo/alpha
cp -a "$ROOT/raw/$DAY/mo/alpha" "$WORK/alpha"
expect_exit 0 "$FK" archive --data-root "$ROOT" --keep-raw 30d --log-format text
expect_in "$WORK/last.out" "prune  raw       $DAY"
[[ ! -e $ROOT/raw/$DAY && -f $ROOT/archive/$DAY.tar.gz ]] || fail "the day was not archived and pruned"

# The backfill of another dataset into the archived day brings the archived one back first.
dl 0 mo/beta
[[ -f $ROOT/raw/$DAY/mo/alpha/sub/data.csv ]] || fail "the backfill did not restore the archived dataset first"
diff -r "$WORK/alpha" "$ROOT/raw/$DAY/mo/alpha" || fail "the restored dataset differs"
[[ $(manifest_query 'dataset("mo/alpha")["status"]') == downloaded ]] || fail "mo/alpha is not in the day's manifest"
[[ $(manifest_query 'dataset("mo/beta")["status"]') == downloaded ]] || fail "mo/beta is not in the day's manifest"
expect_exit 0 "$FK" verify --archives --strict --data-root "$ROOT" --log-format text

# Archived again: the new archive holds both datasets, and a restore gives both back.
expect_exit 0 "$FK" archive --date "$DAY" --data-root "$ROOT" --keep-raw 30d --log-format text
expect_in "$WORK/last.out" "prune  raw       $DAY"
expect_exit 0 "$FK" restore --date "$DAY" --data-root "$ROOT" --to "$WORK/back" --log-format text
diff -r "$WORK/alpha" "$WORK/back/raw/$DAY/mo/alpha" || fail "the second archive lost mo/alpha"
[[ -f $WORK/back/raw/$DAY/mo/beta/data.csv ]] || fail "the second archive lacks mo/beta"

# A day written again some other way (here by hand: only beta's folder and a manifest without
# alpha) is not archived over the archive that holds alpha: exit 5, both kept, nothing pruned.
mkdir -p "$ROOT/raw/$DAY"
cp -a "$WORK/back/raw/$DAY/mo" "$ROOT/raw/$DAY/" && rm -rf "$ROOT/raw/$DAY/mo/alpha"
/usr/bin/python3 - "$WORK/back/raw/$DAY/download_manifest.json" "$ROOT/raw/$DAY/download_manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["datasets"] = [d for d in m["datasets"] if d["ref"] != "mo/alpha"]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
before=$(sha256sum "$ROOT/archive/$DAY.tar.gz")
expect_exit 5 "$FK" archive --date "$DAY" --data-root "$ROOT" --keep-raw 30d --log-format text
expect_in "$WORK/last.err" "holds 2 file(s) that raw/$DAY lacks"
expect_in "$WORK/last.out" "keep   raw       $DAY"
[[ $(sha256sum "$ROOT/archive/$DAY.tar.gz") == "$before" ]] || fail "the archive was replaced"
expect_exit 0 "$FK" restore --date "$DAY" --data-root "$ROOT" --to "$WORK/again" --log-format text
diff -r "$WORK/alpha" "$WORK/again/raw/$DAY/mo/alpha" || fail "the archive lost mo/alpha"

# restore --replace (verify's repair for a damaged day) never drops what was downloaded into the
# day after it was archived: it refuses, names the datasets and the download that repairs them.
ROOT="$WORK/root2"
dl 0 mo/alpha
expect_exit 0 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
dl 0 mo/beta
printf 'X' | dd of="$ROOT/raw/$DAY/mo/alpha/data.csv" bs=1 seek=3 conv=notrunc status=none
expect_exit 9 "$FK" verify --date "$DAY" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "restore --date $DAY"
expect_exit 2 "$FK" restore --date "$DAY" --replace --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "downloaded into the day after it was archived (mo/beta)"
expect_in "$WORK/last.err" "download --date $DAY --force mo/alpha/1 mo/beta/1"
[[ -f $ROOT/raw/$DAY/mo/beta/data.csv ]] || fail "restore --replace dropped mo/beta"
dl 0 mo/alpha/1 mo/beta/1 --force
expect_exit 0 "$FK" verify --date "$DAY" --data-root "$ROOT" --log-format text

# A newer version downloaded into an archived (not pruned) day supersedes the old version's files:
# the day is archived again without them, since the day's manifest shows why raw lacks them (found
# by the model test, seed 1712802303: archive refused, exit 5, and the day was never archived again).
ROOT="$WORK/root3"
dl 0 mo/alpha/1
expect_exit 0 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
a2=$(dataset_dir mo alpha 2)
make_csv "$a2/data.csv" 6
dl 0 mo/alpha/2 --force
[[ ! -e $ROOT/raw/$DAY/mo/alpha/sub/data.csv ]] || fail "version 2 kept version 1's sub/data.csv"
expect_exit 0 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
expect_exit 0 "$FK" restore --date "$DAY" --data-root "$ROOT" --to "$WORK/v2" --log-format text
cmp "$a2/data.csv" "$WORK/v2/raw/$DAY/mo/alpha/data.csv" || fail "the new archive lacks version 2"
[[ ! -e $WORK/v2/raw/$DAY/mo/alpha/sub/data.csv ]] || fail "the new archive kept version 1's file"
# ...but a file the manifest still lists, gone from raw (damage), is never archived away.
expect_exit 0 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
rm "$ROOT/raw/$DAY/mo/alpha/data.csv"
expect_exit 5 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "holds 1 file(s) that raw/$DAY lacks"
echo "archive_backfill: ok"
