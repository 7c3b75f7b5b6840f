#!/usr/bin/env bash
# A backfill does not break verify (issue 17 item 3): download X today, then `--date <earlier day>
# --force`, then X today again: today's manifest keeps its downloaded entry (never replaced by an
# `unchanged` pointer to the backfilled day), verify is clean, status names today's copy. The plan
# also trusts today's manifest over a state that points at an older day.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

d=$(dataset_dir erin hist 1)
make_csv "$d/rows.csv" 40
make_random "$d/blob.bin" 5000
fake_start
export KAGGLE_USERNAME=erin KAGGLE_KEY="$ERIN_KEY"
EARLY=20260301

dl 0 erin/hist
check_published erin/hist "$d"
expect_exit 0 "$FK" --data-root "$ROOT" --date "$EARLY" --log-format json download --api-endpoint "$FAKE_URL" erin/hist --force
[[ -f $ROOT/raw/$EARLY/erin/hist/rows.csv ]] || fail "the backfill did not publish into raw/$EARLY"
[[ $(jq -r '.datasets["erin/hist"].day' "$ROOT/metadata/download_state.json") == "$DAY" ]] \
  || fail "the backfill moved the state away from the newer copy in raw/$DAY"

dl 0 erin/hist
expect_in "$WORK/last.out" "already fetched into raw/$DAY"
[[ $(manifest_query 'dataset("erin/hist")["status"]') == downloaded ]] || fail "today's downloaded entry was replaced"
check_published erin/hist "$d"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json" "$ROOT/raw/$EARLY/download_manifest.json"
expect_exit 0 "$FK" verify --data-root "$ROOT" --log-format text
expect_exit 0 "$FK" verify --date "$DAY" --data-root "$ROOT" --log-format text

# A state left by an older version (pointing at the backfilled day): the plan sees today's copy.
jq --arg early "$EARLY" '.datasets["erin/hist"].day = $early' "$ROOT/metadata/download_state.json" >"$WORK/state.json"
cp "$WORK/state.json" "$ROOT/metadata/download_state.json"
dl 0 erin/hist
expect_in "$WORK/last.out" "already fetched into raw/$DAY"
[[ $(manifest_query 'dataset("erin/hist")["status"]') == downloaded ]] || fail "today's entry was replaced (old state)"
check_published erin/hist "$d"
expect_exit 0 "$FK" verify --data-root "$ROOT" --log-format text
[[ $(jq -r '.datasets["erin/hist"].day' "$ROOT/metadata/download_state.json") == "$DAY" ]] \
  || fail "the state still points at the backfilled day"

# status says where the current copy is: today's folder, version 1; an unchanged entry points further.
expect_exit 0 "$FK" --data-root "$ROOT" --json status
validate status "$WORK/last.out"
[[ $(jq -r '.datasets[] | select(.ref == "erin/hist") | "\(.copy_day) \(.copy_version)"' "$WORK/last.out") == "$DAY 1" ]] \
  || { cat "$WORK/last.out" >&2; fail "status does not name today's copy"; }
LATER=20260320
expect_exit 0 "$FK" --data-root "$ROOT" --date "$LATER" --log-format json download --api-endpoint "$FAKE_URL" erin/hist
expect_exit 0 "$FK" --data-root "$ROOT" --json status
[[ $(jq -r '.datasets[] | select(.ref == "erin/hist") | "\(.day) \(.status) \(.copy_day)"' "$WORK/last.out") == "$LATER unchanged $DAY" ]] \
  || { cat "$WORK/last.out" >&2; fail "status does not follow the unchanged entry to its copy"; }
expect_exit 0 "$FK" --data-root "$ROOT" status
expect_in "$WORK/last.out" "copy in raw/$DAY (version 1)"

expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
