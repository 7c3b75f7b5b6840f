#!/usr/bin/env bash
# Conditions the crash tests (test_fault_injection.sh) do not reach, each followed by `verify`
# (the invariants) and a re-run that must finish the job:
#   a full disk midway through download, process, archive and migrate (a small tmpfs as data root);
#   permission denied midway (runs as uid 1000; an area made read-only during a transfer, a file
#   made unreadable); a read-only data root; file dates and a day in the future; four concurrent
#   runs on one root. Needs root for mount and setpriv: exits 77 (ctest: not run) without it.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/../e2e/fake_kaggle.sh"
source "$(dirname "$0")/lib.sh"
if [[ $(id -u) != 0 ]]; then echo "needs root (tmpfs mounts, setpriv); not run"; exit 77; fi

DAY1=$(date -u -d '2 days ago' +%Y%m%d)
DAY2=$(date -u -d '1 day ago' +%Y%m%d)
DAY3=$(date -u +%Y%m%d)
shop=$(dataset_dir alice shop 1)
make_csv "$shop/sales.csv" 20000
make_csv "$shop/stores.csv" 300
big=$(dataset_dir bob big 1)
make_csv "$big/items.csv" 150000
make_random "$big/blob.bin" 3000000
fake_start --throttle-bytes-per-sec 3000000
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"
chmod 755 "$WORK" "$WORK/home"


# Print sha256 of every file of the good day DAY1 (raw, processed, archive).
good_day() {
  (cd "$R" && find "raw/$DAY1" "processed/$DAY1" archive -type f -print0 | sort -z | xargs -0 sha256sum)
}

# Print sha256 of every raw file of DAY1 (concurrent runs process and archive DAY1 again).
good_raw() {
  (cd "$R" && find "raw/$DAY1" -type f -print0 | sort -z | xargs -0 sha256sum)
}

# Wait until the download in the background has a partial file (the transfer is under way).
wait_for_partial() {
  local i
  for ((i = 0; i < 200; i++)); do
    compgen -G "$R/.staging/partial/*" >/dev/null && return 0
    sleep 0.05
  done
  fail "no partial download appeared within 10 s"
}

# Fill the filesystem of $R, leaving about KIB KiB: fill_disk KIB
fill_disk() {
  local free
  free=$(df -k --output=avail "$R" | tail -1)
  ((free > $1)) || return 0
  fallocate -l $(((free - $1) * 1024)) "$R/../ballast" || fail "cannot fill the disk"
}

# Build a good day on $R: DAY1 downloaded, processed and archived.
good_root() {
  fk "$DAY1" download --api-endpoint "$FAKE_URL" alice/shop >/dev/null 2>&1 || fail "setup: download $DAY1"
  fk "$DAY1" process >/dev/null 2>&1 || fail "setup: process $DAY1"
  fk "$DAY1" archive >/dev/null 2>&1 || fail "setup: archive $DAY1"
}

echo "=== full disk midway: download, process, archive, migrate on a 120 MiB tmpfs"
mkdir -p "$WORK/small"
mount -t tmpfs -o size=120m tmpfs "$WORK/small" || fail "cannot mount a tmpfs"
CLEANUPS+=("umount -l '$WORK/small' 2>/dev/null")
R=$WORK/small/root
good_root
before=$(good_day)
fk "$DAY2" download --api-endpoint "$FAKE_URL" bob/big >"$WORK/dl.out" 2>"$WORK/dl.err" &
pid=$!
wait_for_partial
fill_disk 64
status=0
wait $pid || status=$?
[[ $status == 10 ]] || { cat "$WORK/dl.err" >&2; fail "download on a full disk: exit $status, expected 10"; }
grep -q '"kind":"no_space"' "$WORK/dl.err" || fail "download on a full disk: no no_space error"
invariants "download, disk full"
[[ $before == "$(good_day)" ]] || fail "download, disk full: the good day changed"
rm -f "$WORK/small/ballast"
expect_exit 0 fk "$DAY2" download --api-endpoint "$FAKE_URL" bob/big
invariants "download re-run" --strict
for step in process archive; do
  fill_disk 64
  expect_exit 10 fk "$DAY2" "$step"
  expect_in "$WORK/last.err" '"exit_code":"10"'
  invariants "$step, disk full"
  [[ $before == "$(good_day)" ]] || fail "$step, disk full: the good day changed"
  rm -f "$WORK/small/ballast"
  expect_exit 0 fk "$DAY2" "$step"
  invariants "$step re-run" --strict
done
old=$WORK/legacy
mkdir -p "$old/kaggle_raw/$DAY3"
make_csv "$old/kaggle_raw/$DAY3/legacy.csv" 100000
echo '{"dataset": {"kaggle_id": "carol/legacy"}, "files": []}' >"$old/kaggle_raw/$DAY3/download_manifest.json"
fill_disk 64
expect_exit 10 fk "$DAY3" migrate --from "$old" --move
invariants "migrate, disk full"
[[ -f $old/kaggle_raw/$DAY3/legacy.csv ]] || fail "migrate --move on a full disk removed its source"
rm -f "$WORK/small/ballast"
expect_exit 0 fk "$DAY3" migrate --from "$old" --move
invariants "migrate re-run" --strict
[[ ! -e $old/kaggle_raw/$DAY3/legacy.csv ]] || fail "migrate re-run did not move the source"
umount "$WORK/small"

echo "=== permission denied midway (uid 1000)"
R=$WORK/perm/root
mkdir -p "$R"
good_root
chown -R 1000:1000 "$WORK/perm"
as_user() { setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; }
before=$(good_day)
as_user "$FK" --data-root "$R" --date "$DAY2" --log-format json download --api-endpoint "$FAKE_URL" bob/big \
  >"$WORK/dl.out" 2>"$WORK/dl.err" &
pid=$!
wait_for_partial
chmod 555 "$R/raw"
status=0
wait $pid || status=$?
chmod 755 "$R/raw"
[[ $status == 3 ]] || { cat "$WORK/dl.err" >&2; fail "download into a read-only raw/: exit $status, expected 3"; }
invariants "download, permission denied"
[[ $before == "$(good_day)" ]] || fail "download, permission denied: the good day changed"
expect_exit 0 as_user "$FK" --data-root "$R" --date "$DAY2" download --api-endpoint "$FAKE_URL" bob/big
invariants "download re-run after permission denied" --strict
chmod 000 "$R/raw/$DAY2/bob/big/items.csv"
expect_exit 3 as_user "$FK" --data-root "$R" --date "$DAY2" process
expect_in "$WORK/last.err" "items.csv"
chmod 644 "$R/raw/$DAY2/bob/big/items.csv"
invariants "process, permission denied"
[[ ! -e $R/processed/$DAY2 ]] || fail "process published a day it could not read"
expect_exit 0 as_user "$FK" --data-root "$R" --date "$DAY2" process
invariants "process re-run after permission denied" --strict

echo "=== read-only data root"
mkdir -p "$WORK/ro"
mount -t tmpfs -o size=64m tmpfs "$WORK/ro" || fail "cannot mount a tmpfs"
CLEANUPS+=("umount -l '$WORK/ro' 2>/dev/null")
cp -a "$WORK/perm/root" "$WORK/ro/root"
R=$WORK/ro/root
mount -o remount,ro "$WORK/ro" || fail "cannot remount read-only"
listing=$(tree_listing "$R")
for cmd in "download --api-endpoint $FAKE_URL alice/shop" "process" "archive" "migrate --from $old" "init"; do
  # shellcheck disable=SC2086 # the command's words
  expect_exit 3 fk "$DAY3" $cmd
  expect_in "$WORK/last.err" "read-only"
done
expect_exit 0 "$FK" --data-root "$R" verify --archives
expect_exit 0 "$FK" --data-root "$R" status
expect_exit 0 fk "$DAY2" process --dry-run
[[ $listing == "$(tree_listing "$R")" ]] || fail "something changed on a read-only root"
umount "$WORK/ro"

echo "=== dates in the future"
R=$WORK/future/root
mkdir -p "$R"
good_root
find "$R" -exec touch -h -d '2100-01-01 00:00:00' {} +
before=$(good_day)
expect_exit 0 fk 20991231 download --api-endpoint "$FAKE_URL" alice/shop
expect_exit 0 fk 20991231 process
expect_exit 0 "$FK" --data-root "$R" --log-format json archive --older-than 0d
expect_in "$WORK/last.out" "20991231"
[[ ! -e $R/archive/20991231.tar.gz ]] || fail "a day in the future was archived by --older-than"
expect_exit 0 "$FK" --data-root "$R" status
[[ -d $R/raw/20991231 && -d $R/processed/20991231 ]] || fail "a day in the future was pruned"
[[ $before == "$(good_day)" ]] || fail "future file dates changed the good day"
[[ -n $(find "$R/reports" -name '*.json' ! -newermt '2099-01-01' -prune -o -name '*.json' -print) ]] ||
  fail "reports with future dates were pruned"
invariants "future dates" --strict

echo "=== four concurrent runs on one root"
R=$WORK/concurrent/root
mkdir -p "$R"
good_root
before=$(good_raw)
pids=()
for cmd in "$DAY3 download --api-endpoint $FAKE_URL alice/shop" "$DAY3 download --api-endpoint $FAKE_URL bob/big" \
  "$DAY1 process" "$DAY1 archive"; do
  # shellcheck disable=SC2086 # the command's words
  "$FK" --data-root "$R" --log-format json --lock-timeout 120 --date $cmd >>"$WORK/concurrent.out" 2>>"$WORK/concurrent.err" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || { cat "$WORK/concurrent.err" >&2; fail "a concurrent run failed"; }; done
invariants "four concurrent runs" --strict
python3 - "$R/raw/$DAY3/download_manifest.json" <<'PY' || fail "the concurrent downloads' manifest lacks a dataset"
import json, sys
status = {d["ref"]: d["status"] for d in json.load(open(sys.argv[1]))["datasets"]}
assert status == {"alice/shop": "unchanged", "bob/big": "downloaded"}, status
PY
# Without waiting: each run either does its work or exits 8 (lock held), and nothing breaks.
pids=()
for _ in 1 2 3; do
  "$FK" --data-root "$R" --log-format json --lock-timeout 0 --date "$DAY3" download --api-endpoint "$FAKE_URL" \
    alice/shop bob/big --force >/dev/null 2>&1 &
  pids+=($!)
done
codes=""
for pid in "${pids[@]}"; do
  status=0
  wait "$pid" || status=$?
  codes+=" $status"
done
[[ $codes =~ ^(\ (0|8)){3}$ && $codes == *0* ]] || fail "concurrent runs without waiting exited with$codes (0 and 8 expected)"
invariants "three runs racing for the lock" --strict
[[ $before == "$(good_raw)" ]] || fail "concurrent runs changed the good day's raw files"
echo "ok"
