#!/usr/bin/env bash
# migrate --from an ingestion-engine tree: nested files, a Unicode name, an empty dataset folder,
# a stale local_path; the tracking state becomes download state, so the next download of the
# migrated version fetches nothing while a newer one is fetched; then --upgrade of a made-up
# layout version 0.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

OLD="$WORK/engine"
mkdir -p "$OLD/datasets/bob/prices/2024" "$OLD/datasets/bob/empty" "$OLD/datasets/bob/newer" "$OLD/metadata" "$OLD/state"
make_csv "$OLD/datasets/bob/prices/2024/jan.csv" 30
make_csv "$OLD/datasets/bob/prices/סניפים.csv" 5
make_csv "$OLD/datasets/bob/newer/n.csv" 3
cat >"$OLD/metadata/bob__prices.json" <<'JSON'
{"dataset_ref": "bob/prices", "title": "Prices", "creator_name": "Bob", "total_bytes": 700, "url": "https://www.kaggle.com/datasets/bob/prices",
 "last_updated": "2026-03-01T07:30:00Z", "download_count": 12, "tags": ["retail"], "local_path": "/srv/engine/gone/datasets/bob/prices",
 "ingestion_status": "complete"}
JSON
echo '{"datasets": {"bob/prices": {"version": 2, "last_updated": "2026-03-01T07:30:00Z"}, "bob/newer": {"version": 1}}}' \
  >"$OLD/state/tracking_state.json.backup"
echo '{"datasets": {"bob/prices": {"version": 2' >"$OLD/state/tracking_state.json" # damaged: the backup is read

# The stand-in serves bob/prices version 2 (what the engine already has) and bob/newer version 2.
v2=$(dataset_dir bob prices 2)
make_csv "$v2/2024/jan.csv" 30
newer=$(dataset_dir bob newer 2)
make_csv "$newer/n.csv" 4
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"

expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD" --dry-run
expect_in "$WORK/last.out" "copy  raw  $OLD/datasets/bob/prices/2024/jan.csv  ->  $ROOT/raw/20260301/bob/prices/2024/jan.csv"
expect_in "$WORK/last.out" "skip  day  $OLD/datasets/bob/empty  (no file in this dataset folder)"
expect_in "$WORK/last.out" "copy  state  $OLD/state/tracking_state.json.backup  ->  $ROOT/metadata/download_state.json  bob/prices version 2"
[[ ! -e $ROOT ]] || fail "--dry-run created the data root"

expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD" --log-format text
expect_in "$WORK/last.err" "read $OLD/state/tracking_state.json.backup instead"
cmp "$OLD/datasets/bob/prices/סניפים.csv" "$ROOT/raw/20260301/bob/prices/סניפים.csv"
cmp "$OLD/metadata/bob__prices.json" "$ROOT/metadata/datasets/bob/prices.ingestion-engine.json"
validate download_manifest "$ROOT/raw/20260301/download_manifest.json"
jq -e '.datasets[0] | .ref == "bob/prices" and .version == 2 and .title == "Prices" and (.files | length) == 2' \
  "$ROOT/raw/20260301/download_manifest.json" >/dev/null || fail "unexpected manifest entry"
! grep -q /srv/engine/gone "$ROOT/raw/20260301/download_manifest.json" || fail "a stale path reached the manifest"
jq -e '.datasets["bob/prices"].version == 2 and .datasets["bob/prices"].day == "20260301"' \
  "$ROOT/metadata/download_state.json" >/dev/null || fail "the tracking state did not reach the download state"
expect_exit 0 "$FK" verify --data-root "$ROOT"

# The migrated version is not fetched again; the newer version of bob/newer is.
fake_clear_log
dl 0 bob/prices bob/newer
[[ $(count_requests "$STORAGE") == 1 ]] || fail "expected one transfer (bob/newer v2), got $(count_requests "$STORAGE")"
jq -e '.datasets[] | select(.ref == "bob/prices") | .status == "unchanged"' "$ROOT/raw/$DAY/download_manifest.json" >/dev/null ||
  fail "bob/prices was not reported unchanged"

# A re-run of the finished migration changes nothing.
before=$(tree_listing "$ROOT")
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD"
[[ $before == "$(tree_listing "$ROOT")" ]] || fail "re-running a finished migration changed the data root"

# --upgrade: a root at the made-up layout version 0 is refused by every command until upgraded.
OLDROOT="$WORK/v0"
mkdir -p "$OLDROOT/raw/20250101/bob/prices" "$OLDROOT/metadata"
echo '{"schema": "fetch-kaggle/layout", "layout_version": 0}' >"$OLDROOT/layout.json"
cp "$ROOT/raw/20260301/download_manifest.json" "$OLDROOT/raw/20250101/manifest.json"
cp "$ROOT/metadata/download_state.json" "$OLDROOT/metadata/state.json"
expect_exit 2 "$FK" archive --data-root "$OLDROOT" --no-prune
expect_in "$WORK/last.err" "migrate --upgrade"
expect_exit 0 "$FK" migrate --upgrade --data-root "$OLDROOT" --dry-run
expect_in "$WORK/last.out" "rename  $OLDROOT/raw/20250101/manifest.json  ->  $OLDROOT/raw/20250101/download_manifest.json"
[[ -e $OLDROOT/raw/20250101/manifest.json ]] || fail "--dry-run renamed something"
expect_exit 0 "$FK" migrate --upgrade --data-root "$OLDROOT"
[[ -e $OLDROOT/raw/20250101/download_manifest.json && -e $OLDROOT/metadata/download_state.json ]] || fail "upgrade did not rename"
jq -e '.layout_version == 1' "$OLDROOT/layout.json" >/dev/null || fail "the layout file was not rewritten"
expect_exit 0 "$FK" migrate --upgrade --data-root "$OLDROOT"
expect_in "$WORK/last.out" "already at layout version 1"
expect_exit 0 "$FK" status --data-root "$OLDROOT"
echo "ok"
