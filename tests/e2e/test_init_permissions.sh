#!/usr/bin/env bash
# A read-only or unwritable data root gives the permission exit code (3), names the path and the fix.
source "$(dirname "$0")/lib.sh"

# Read-only filesystem (needs root for mount; CI runs as root).
if [[ $(id -u) == 0 ]]; then
  RO="$WORK/ro"
  mkdir -p "$RO"
  mount -t tmpfs -o ro,size=1m tmpfs "$RO"
  CLEANUPS+=("umount '$RO'")
  expect_exit 3 "$FK" init --data-root "$RO" --log-format text
  expect_in "$WORK/last.err" "$RO"
  expect_in "$WORK/last.err" "read-only"
  expect_exit 3 "$FK" init --data-root "$RO/sub" --log-format text
  expect_in "$WORK/last.err" "mount the volume read-write"

  # Unwritable for the user running the tool: a root-owned folder, the tool as uid 1000.
  NW="$WORK/nw"
  mkdir -p "$NW/root"
  chmod 755 "$NW" "$NW/root"
  chmod 755 "$WORK"
  expect_exit 3 setpriv --reuid=1000 --regid=1000 --clear-groups "$FK" init --data-root "$NW/root" --log-format text
  expect_in "$WORK/last.err" "$NW/root"
  expect_in "$WORK/last.err" "chown 1000:1000"
  expect_in "$WORK/last.err" "fsGroup"
  expect_exit 3 setpriv --reuid=1000 --regid=1000 --clear-groups "$FK" init --data-root "$NW/root/new" --log-format text
  expect_in "$WORK/last.err" "chown 1000:1000 $NW/root"
else
  # Unprivileged: a folder without write permission for us.
  NW="$WORK/nw"
  mkdir -p "$NW"
  chmod 555 "$NW"
  CLEANUPS+=("chmod 755 '$NW'")
  expect_exit 3 "$FK" init --data-root "$NW" --log-format text
  expect_in "$WORK/last.err" "chown"
fi

# status on a missing root: not found (4), with the fix.
expect_exit 4 "$FK" status --data-root "$WORK/missing" --log-format text
expect_in "$WORK/last.err" "fetch-kaggle init"
echo "ok"
