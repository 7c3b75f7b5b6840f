#!/usr/bin/env bash
# download on a nearly full volume: exit 10 before any storage request, nothing published.
# Mounting a small tmpfs needs root: without root this test says so and checks only the message
# of a plain run (the no-space part is skipped).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

v=$(dataset_dir gina tiny 1)
make_csv "$v/t.csv" 5
fake_start
export KAGGLE_USERNAME=alice KAGGLE_KEY="$ALICE_KEY"  # credentials in play, for the secret check at the end

if [[ $(id -u) != 0 ]]; then
  echo "SKIP (no-space part): mounting a tmpfs needs root; running as uid $(id -u)"
  dl 0 gina/tiny
  check_published gina/tiny "$v"
  echo "ok"
  exit 0
fi

mkdir -p "$WORK/small"
mount -t tmpfs -o size=2m tmpfs "$WORK/small" || fail "cannot mount a tmpfs at $WORK/small"
CLEANUPS+=("umount '$WORK/small'")
ROOT="$WORK/small/kaggle"
dl 10 gina/tiny
expect_in "$WORK/last.err" "not enough free space for gina/tiny"
expect_in "$WORK/last.err" "free space, grow the volume"
[[ $(count_requests "$STORAGE") == 0 ]] || fail "a storage request was made without the space for it"
[[ $(count_requests 'r["api_method"] == "DownloadDataset"') == 0 ]] || fail "a download URL was asked for without the space"
[[ ! -e "$ROOT/raw/$DAY/gina/tiny" ]] || fail "something was published"
[[ $(manifest_query 'dataset("gina/tiny")["status"]') == failed ]] || fail "the failure is not in the manifest"
report=$(last_download_report)
[[ $(jq -r .exit_code "$report") == 10 ]] || fail "the run report does not say exit 10"

expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
