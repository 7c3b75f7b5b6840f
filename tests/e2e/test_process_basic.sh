#!/usr/bin/env bash
# process on the bundled sample day: the report validates against its schema, records per file equal
# Python csv's count, every CSV gets a Frictionless schema, --dry-run writes nothing, a missing
# manifest is exit 4 naming it, and a named dataset that is not in the manifest is exit 4 too.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
DAY=20261120
unset KAGGLE_DATA_ROOT
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date $DAY

# --dry-run lists every file it would check and writes nothing at all.
before=$(tree_listing "$ROOT")
expect_exit 0 "$FK" process --dry-run --data-root "$ROOT" --date $DAY
expect_in "$WORK/last.out" "check+scan  price_full_file_tiv_taam.csv"
expect_in "$WORK/last.out" "check       index.json"
[[ $(grep -c 'check' "$WORK/last.out") == 11 ]] || fail "dry run does not list the 11 files"
[[ "$(tree_listing "$ROOT")" == "$before" ]] || fail "--dry-run changed the data root"

# The real run (validation only here; tests/e2e/test_process_load.sh covers loading).
expect_exit 0 "$FK" process --no-load --data-root "$ROOT" --date $DAY --log-format text
expect_in "$WORK/last.out" "valid  day $DAY  11 files  325 records"
report="$ROOT/processed/$DAY/validation_report.json"
validate validation_report "$report"
validate run_report "$ROOT"/reports/*/process-*.json

/usr/bin/python3 - "$report" "$ROOT/raw/$DAY/$REF" "$ROOT/processed/$DAY/$REF" <<'PY'
import csv, hashlib, json, os, sys
report_path, raw, processed = sys.argv[1:]
report = json.load(open(report_path, encoding="utf-8"))
assert report["valid"] is True and report["fail_on"] == "error", report["valid"]
assert report["day"] == "20261120" and report["skipped_datasets"] == []
[dataset] = report["datasets"]
assert dataset["ref"] == "erlichsefi/israeli-supermarkets-2024" and dataset["version"] == 2
files = {f["path"]: f for f in dataset["files"]}
assert sorted(files) == sorted(os.listdir(raw)), sorted(files)
total_records = 0
for name, f in files.items():
    data = open(os.path.join(raw, name), "rb").read()
    assert f["bytes"] == len(data) == f["expected_bytes"], name
    assert f["sha256"] == hashlib.sha256(data).hexdigest() == f["expected_sha256"], name
    assert f["integrity_errors"] == [], name
    schema_file = os.path.join(processed, name + ".schema.json")
    if name.endswith(".csv"):
        with open(os.path.join(raw, name), newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.reader(handle) if row]
        assert f["status"] == "scanned" and f["kind"] == "csv", name
        assert f["records"] == f["profile"]["records"] == len(rows) - 1, (name, f["records"], len(rows) - 1)
        assert f["profile"]["labels"] == rows[0], name
        assert f["profile"]["fields"] == len(rows[0]), name
        assert f["profile"]["dialect"]["delimiter"] == ",", name
        total_records += f["records"]
        schema = json.load(open(schema_file, encoding="utf-8"))
        assert [field["name"] for field in schema["fields"]] == rows[0], name
        types = {field["name"]: field["type"] for field in schema["fields"]}
        columns = {c["name"]: c["type"] for c in f["profile"]["columns"]}
        assert types == columns, (name, types, columns)
        assert schema["missingValues"] == ["", "''"], schema["missingValues"]
        if name.startswith("price"):
            # A file whose itemprice has prices like 51.10 (a double gives back 51.1) has a string column.
            assert types["itemprice"] in ("number", "string") and types["chainid"] == "integer", types
            assert types["priceupdatedate"] == "datetime", types
    else:
        assert f["status"] == "checked" and f["kind"] == "other" and f["profile"] is None, name
        assert not os.path.exists(schema_file), schema_file
totals = report["totals"]
assert totals["records"] == total_records == 325 and totals["files"] == 11 and totals["csv_files"] == 9, totals
assert totals["other_files"] == 2 and totals["corrupt_files"] == 0 and totals["errors"] == 0, totals
PY

# A day without a manifest: exit 4, naming the path and what to do.
expect_exit 4 "$FK" process --data-root "$ROOT" --date 20261121
expect_in "$WORK/last.err" "$ROOT/raw/20261121/download_manifest.json"
expect_in "$WORK/last.err" "fetch-kaggle download --date 20261121"
[[ ! -e "$ROOT/processed/20261121/validation_report.json" ]] || fail "a report was written for a day without a manifest"

# Only the named datasets; one that is not in the manifest is exit 4 and names it.
expect_exit 4 "$FK" process nobody/nothing --no-load --data-root "$ROOT" --date $DAY
expect_in "$WORK/last.err" "nobody/nothing"
expect_exit 0 "$FK" process "$REF" --no-load --json --data-root "$ROOT" --date $DAY
/usr/bin/python3 - "$WORK/last.out" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
assert out["ok"] is True and out["valid"] is True and out["records"] == 325 and out["files"] == 11, out
PY
expect_not_in "$WORK/last.err" "not implemented yet"
echo "ok"
