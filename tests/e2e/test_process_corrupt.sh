#!/usr/bin/env bash
# process re-checks every raw file against the day's manifest: a flipped byte is a hash-count error,
# a truncated file also a byte-count error, a deleted file missing-file; none of them is scanned,
# the report is still written (and valid against its schema) and the exit code is 9.
source "$(dirname "$0")/lib.sh"

start_sample_stand_in
ROOT="$WORK/root"
REF=erlichsefi/israeli-supermarkets-2024
DAY=20261120
unset KAGGLE_DATA_ROOT
expect_exit 0 "$FK" download "$REF" --data-root "$ROOT" --api-endpoint "$API" --date $DAY
raw="$ROOT/raw/$DAY/$REF"

# Flip one byte in the middle of a CSV (same size), cut another short, delete a third.
/usr/bin/python3 - "$raw/price_file_rami_levy.csv" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
truncate -s 100 "$raw/promo_file_tiv_taam.csv"
rm "$raw/index.json"

expect_exit 9 "$FK" process --no-load --data-root "$ROOT" --date $DAY --log-format json
expect_in "$WORK/last.err" "3 raw file(s) of day $DAY are missing or differ from the download manifest"
expect_in "$WORK/last.err" "download --force --date $DAY"
expect_in "$WORK/last.err" '"code":"hash-count"'
report="$ROOT/processed/$DAY/validation_report.json"
validate validation_report "$report"
validate run_report "$ROOT"/reports/*/process-*.json
/usr/bin/python3 - "$report" "$ROOT/processed/$DAY/$REF" "$ROOT"/reports/*/process-*.json <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
processed = sys.argv[2]
run = json.load(open(sys.argv[3], encoding="utf-8"))
assert report["valid"] is False, "a corrupt day must be invalid"
files = {f["path"]: f for f in report["datasets"][0]["files"]}
def codes(name):
    return [e["code"] for e in files[name]["integrity_errors"]]
flipped = files["price_file_rami_levy.csv"]
assert codes("price_file_rami_levy.csv") == ["hash-count"], flipped["integrity_errors"]
assert flipped["status"] == "corrupt" and flipped["profile"] is None and flipped["records"] is None, flipped
assert flipped["bytes"] == flipped["expected_bytes"] and flipped["sha256"] != flipped["expected_sha256"]
assert not os.path.exists(os.path.join(processed, "price_file_rami_levy.csv.schema.json")), "a corrupt file got a schema"
cut = files["promo_file_tiv_taam.csv"]
assert codes("promo_file_tiv_taam.csv") == ["byte-count", "hash-count"], cut["integrity_errors"]
assert cut["bytes"] == 100 and cut["profile"] is None, cut
assert "100 bytes" in cut["integrity_errors"][0]["message"], cut["integrity_errors"]
assert codes("index.json") == ["missing-file"] and files["index.json"]["sha256"] == "", files["index.json"]
good = files["price_file_osher_ad.csv"]
assert good["status"] == "scanned" and good["records"] == 13 and good["valid"] is True, good
totals = report["totals"]
assert totals["corrupt_files"] == 3 and totals["csv_files"] == 7 and totals["errors"] == 4, totals
assert totals["by_code"] == {"byte-count": {"severity": "error", "count": 1}, "hash-count": {"severity": "error", "count": 2},
                             "missing-file": {"severity": "error", "count": 1}}, totals["by_code"]
assert run["exit_code"] == 9 and run["outcome"] == "failed", run
assert sum(1 for e in run["errors"] if e["kind"] == "integrity") >= 4, run["errors"]
PY
echo "ok"
