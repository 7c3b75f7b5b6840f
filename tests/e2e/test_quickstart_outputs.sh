#!/usr/bin/env bash
# The quick start's pipeline on the bundled sample dataset: every file download writes validates
# against its schema, the manifest matches the published bytes, and a second day points at the first.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024

expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date 20261120 --json
day="$ROOT/raw/20261120"
validate download_manifest "$day/download_manifest.json"
validate download_state "$ROOT/metadata/download_state.json"
validate dataset_metadata "$ROOT/metadata/datasets/$REF.json"
validate run_report "$ROOT"/reports/*/download-*.json

# Every file of the published dataset is in the manifest with its sha256, and nothing else is.
/usr/bin/python3 - "$day" "$REF" "$SOURCE_DIR/tests/data/datasets/$REF/versions/2" <<'PY'
import csv, hashlib, json, os, sys
day, ref, source = sys.argv[1:]
manifest = json.load(open(os.path.join(day, "download_manifest.json")))
entry = [d for d in manifest["datasets"] if d["ref"] == ref][0]
assert entry["status"] == "downloaded" and entry["version"] == 2, entry
folder = os.path.join(day, ref)
on_disk = sorted(os.listdir(folder))
assert sorted(f["path"] for f in entry["files"]) == on_disk, (on_disk, entry["files"])
for f in entry["files"]:
    data = open(os.path.join(folder, f["path"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
    assert len(data) == f["bytes"]
    assert data == open(os.path.join(source, f["path"]), "rb").read(), f["path"]
    if f["path"].endswith(".csv"):
        with open(os.path.join(folder, f["path"]), newline="", encoding="utf-8") as handle:
            rows = sum(1 for row in csv.reader(handle) if row) - 1
        assert f["records"] == rows, (f["path"], f["records"], rows)
    else:
        assert f["records"] is None
PY

# The next day: unchanged, pointing at the day that holds version 2; nothing transferred.
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date 20261121
validate download_manifest "$ROOT/raw/20261121/download_manifest.json"
/usr/bin/python3 - "$ROOT/raw/20261121/download_manifest.json" <<'PY'
import json, sys
entry = json.load(open(sys.argv[1]))["datasets"][0]
assert entry["status"] == "unchanged" and entry["unchanged_day"] == "20261120", entry
PY
[[ ! -e "$ROOT/raw/20261121/$REF" ]] || fail "an unchanged dataset was copied again"

# A datasets config (YAML, via FETCH_KAGGLE_CONFIG) with a version pin and file globs.
cat >"$WORK/datasets.yaml" <<YAML
datasets:
  - ref: $REF
    version: 1
    files: ["index.json", "price_file_*.csv"]
YAML
FETCH_KAGGLE_CONFIG="$WORK/datasets.yaml" expect_exit 0 "$FK" download --data-root "$ROOT" --api-endpoint "$API" --date 20261122
/usr/bin/python3 - "$ROOT/raw/20261122/download_manifest.json" <<'PY'
import json, sys
entry = json.load(open(sys.argv[1]))["datasets"][0]
assert entry["version"] == 1, entry
paths = sorted(f["path"] for f in entry["files"])
assert paths == ["index.json", "price_file_osher_ad.csv", "price_file_rami_levy.csv", "price_file_tiv_taam.csv"], paths
PY
echo 'datasets: [{ref: a/b, colour: red}]' >"$WORK/bad.yaml"
expect_exit 2 "$FK" download --config "$WORK/bad.yaml" --data-root "$ROOT" --api-endpoint "$API"
expect_in "$WORK/last.err" 'unknown key'
expect_in "$WORK/last.err" 'colour'
expect_exit 2 "$FK" download --config "$WORK/missing.yaml" --data-root "$ROOT"
expect_in "$WORK/last.err" "missing.yaml"

expect_exit 0 "$FK" status --json --data-root "$ROOT"
validate status "$WORK/last.out"
echo "ok"
