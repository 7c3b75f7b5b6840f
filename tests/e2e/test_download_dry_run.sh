#!/usr/bin/env bash
# download --dry-run writes nothing at all (no root created, the tree unchanged) and makes no
# storage request, while it prints what it would fetch and why.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

v1=$(dataset_dir frank plain 1)
make_csv "$v1/a.csv" 4
fake_start
export KAGGLE_USERNAME=erin KAGGLE_KEY="$ERIN_KEY"  # credentials in play, for the secret check at the end

# On a root that does not exist yet: nothing is created.
dl 0 --dry-run frank/plain
[[ ! -e "$WORK/data" ]] || fail "--dry-run created $(find "$WORK/data")"
expect_in "$WORK/last.out" "fetch frank/plain version 1"
expect_in "$WORK/last.out" "never fetched"
[[ $(count_requests "$STORAGE") == 0 ]] || fail "--dry-run made a storage request"
[[ $(count_requests 'r["api_method"] == "DownloadDataset"') == 0 ]] || fail "--dry-run asked for a download URL"

# On a populated root: the tree stays byte for byte the same, for a new version and with --force.
dl 0 frank/plain
before=$(tree_listing "$ROOT")
sums_before=$(cd "$ROOT" && find . -type f ! -name .lock -exec sha256sum {} + | sort)
v2=$(dataset_dir frank plain 2)
make_csv "$v2/a.csv" 9
fake_clear_log
dl 0 --dry-run frank/plain
expect_in "$WORK/last.out" "fetch frank/plain version 2"
expect_in "$WORK/last.out" "new version (last fetched: 1)"
dl 0 --dry-run frank/plain/1
expect_in "$WORK/last.out" "skip  frank/plain version 1"
dl 0 --dry-run frank/plain/1 --force
expect_in "$WORK/last.out" "fetch frank/plain version 1"
# An unknown dataset in a dry run is reported, with its exit code.
dl 4 --dry-run frank/missing
expect_in "$WORK/last.out" "error frank/missing"
[[ $(count_requests "$STORAGE") == 0 ]] || fail "--dry-run made a storage request"
[[ "$before" == "$(tree_listing "$ROOT")" ]] || { diff <(echo "$before") <(tree_listing "$ROOT") >&2; fail "--dry-run changed the tree"; }
[[ "$sums_before" == "$(cd "$ROOT" && find . -type f ! -name .lock -exec sha256sum {} + | sort)" ]] \
  || fail "--dry-run changed a file's content"

# Without --dry-run the new version is fetched (so the checks above could have failed).
dl 0 frank/plain
check_published frank/plain "$v2"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
