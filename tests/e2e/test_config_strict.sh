#!/usr/bin/env bash
# One strict config reader (src/config/): a misspelt key or a value of the wrong type in the config
# file is a usage error (exit 2) naming the key, its line and the closest valid key, for archive,
# download and process alike, before anything is written or deleted; the shipped files still parse.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
OLD=$(date -u -d '-200 days' +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date "$OLD"
expect_exit 0 "$FK" process --no-load --data-root "$ROOT" --date "$OLD"

# A misspelt `retention:` (meant to keep raw days forever): once, the 90-day defaults applied and
# raw/OLD was archived and pruned. Now: exit 2, the key, its line and the fix; nothing touched.
printf 'datasets:\n  - %s\n\nretenion:\n  raw: never\n' "$REF" >"$WORK/typo.yaml"
tree_listing "$ROOT" >"$WORK/before"
for mode in --dry-run ""; do
  # shellcheck disable=SC2086 # the empty mode is no argument
  expect_exit 2 "$FK" archive --config "$WORK/typo.yaml" $mode --data-root "$ROOT" --log-format text
  expect_in "$WORK/last.err" "invalid config $WORK/typo.yaml: retenion at line 4, column 1 is an unknown key"
  expect_in "$WORK/last.err" 'did you mean "retention"?'
  expect_not_in "$WORK/last.err" "unexpected error"
done
FETCH_KAGGLE_CONFIG="$WORK/typo.yaml" expect_exit 2 "$FK" archive --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "retenion at line 4"
tree_listing "$ROOT" >"$WORK/after"
diff "$WORK/before" "$WORK/after" || fail "a config error changed the data root"
[[ -d $ROOT/raw/$OLD && ! -e $ROOT/archive/$OLD.tar.gz ]] || fail "the old day was archived or pruned"

# A non-scalar key under retention: once "unexpected error: yaml-cpp ... bad conversion", exit 1
# (which the Job retries).
printf 'retention:\n  ? [raw]\n  : 30d\n' >"$WORK/key.yaml"
expect_exit 2 "$FK" archive --config "$WORK/key.yaml" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "invalid config $WORK/key.yaml: retention at line 2, column 5 has a key that is a list, not a name"
expect_not_in "$WORK/last.err" "unexpected error"
printf 'retention:\n  raw:\n    days: 30\n' >"$WORK/nested.yaml"
expect_exit 2 "$FK" archive --config "$WORK/nested.yaml" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "retention.raw at line 3, column 5 must be a period such as 90d, 12w or never, not a mapping"
expect_not_in "$WORK/last.err" "unexpected error"
printf 'retention:\n  rawdays: 30d\n' >"$WORK/area.yaml"
expect_exit 2 "$FK" archive --config "$WORK/area.yaml" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.err" "retention.rawdays at line 2, column 3 is an unknown key"
expect_in "$WORK/last.err" 'did you mean "raw"?'

# download and process read the same file the same way: an unknown key anywhere stops them before
# any request or write.
printf '{"datasets": [{"ref": "%s", "file": ["*.csv"]}]}\n' "$REF" >"$WORK/typo.json"
expect_exit 2 "$FK" download --config "$WORK/typo.json" --data-root "$ROOT" --api-endpoint "$API" --log-format text
expect_in "$WORK/last.err" "datasets[0].file at line 1, column 63 is an unknown key"
expect_in "$WORK/last.err" 'did you mean "files"?'
expect_exit 2 "$FK" download --config "$WORK/typo.yaml" --data-root "$ROOT" --api-endpoint "$API"
expect_in "$WORK/last.err" "retenion at line 4"
tree_listing "$ROOT" >"$WORK/after"
diff "$WORK/before" "$WORK/after" || fail "a config error changed the data root"
# process reads the config under its run lock: its run report says why it failed, nothing else changes.
tree_listing "$ROOT" | grep -v '^\./reports/.*/process-' >"$WORK/before"
expect_exit 2 "$FK" process --no-load --config "$WORK/typo.yaml" --data-root "$ROOT" --date "$OLD" --log-format text
expect_in "$WORK/last.err" "retenion at line 4"
tree_listing "$ROOT" | grep -v '^\./reports/.*/process-' >"$WORK/after"
diff "$WORK/before" "$WORK/after" || fail "a config error changed the data root"

# The shipped configs and a JSON one are accepted by every command that reads them.
for config in "$SOURCE_DIR/docker/datasets.yaml" "$SOURCE_DIR/k8s/datasets.yaml"; do
  expect_exit 0 "$FK" archive --config "$config" --dry-run --data-root "$ROOT" --log-format text
  expect_in "$WORK/last.out" "raw 90d, processed 90d, reports 365d, metadata 365d, archive 365d"
  expect_exit 0 "$FK" download --config "$config" --dry-run --data-root "$ROOT" --api-endpoint "$API"
done
printf '{"datasets": ["%s"], "retention": {"raw": "never", "archive": "52w"}}\n' "$REF" >"$WORK/good.json"
expect_exit 0 "$FK" archive --config "$WORK/good.json" --dry-run --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "raw never, processed 90d, reports 365d, metadata 365d, archive 364d"
echo "ok"
