#!/usr/bin/env bash
# process on CSVs with problems, downloaded from the stand-in: an extra cell and an unclosed quote
# are errors reported at their exact record and field (exit 5, after the report is written);
# --fail-on never gives 0; a missing cell is only a warning, so --fail-on warning is needed to fail
# on it; Hebrew content and a Hebrew file name come through intact; 0-byte, BOM-only and UTF-16
# files are invalid (blank-header, one encoding-error naming UTF-16).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

v1=$(dataset_dir alice bad 1)
printf 'id,name,value\n1,a,10\n2,b,20,oops\n3,c,30\n' >"$v1/extra.csv"
printf 'id,name\n1,ok\n2,"never closed\n3,x\n' >"$v1/unclosed.csv"
printf 'id,שם,מחיר\n1,חלב,5.9\n2,"לחם, אחיד",7.2\n3,ביצים,12\n' >"$v1/מחירים.csv"
printf '{"title":"Bad CSVs","licenseName":"CC0-1.0"}\n' >"$FAKE_DATA/alice/bad/dataset.json"
v2=$(dataset_dir alice short 1)
printf 'a,b,c\n1,2,3\n4,5\n' >"$v2/short.csv"
printf '{"title":"A short row","licenseName":"CC0-1.0"}\n' >"$FAKE_DATA/alice/short/dataset.json"
v3=$(dataset_dir alice notcsv 1)
: >"$v3/empty.csv"
printf '\xef\xbb\xbf' >"$v3/bom.csv"
printf '\xff\xfei\x00d\x00\n\x001\x00\n\x00' >"$v3/utf16.csv"
printf '{"title":"Not really CSV","licenseName":"CC0-1.0"}\n' >"$FAKE_DATA/alice/notcsv/dataset.json"
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"
dl 0 alice/bad alice/short alice/notcsv

process() {
  "$FK" --data-root "$ROOT" --date "$DAY" --log-format json process --no-load "$@"
}
report="$ROOT/processed/$DAY/validation_report.json"

expect_exit 5 process alice/bad
expect_in "$WORK/last.err" "day $DAY failed validation (--fail-on error)"
expect_in "$WORK/last.err" "$report"
validate validation_report "$report"
/usr/bin/python3 - "$report" "$ROOT/processed/$DAY/alice/bad" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
processed = sys.argv[2]
assert report["valid"] is False and len(report["datasets"]) == 1, report["valid"]
files = {f["path"]: f for f in report["datasets"][0]["files"]}
extra = files["extra.csv"]
assert extra["valid"] is False and extra["records"] == 3, extra
[error] = extra["profile"]["errors"]
assert (error["code"], error["severity"], error["record"], error["line"], error["field_number"]) == \
    ("extra-cell", "error", 2, 3, 4), error
assert error["value"] == "oops", error
unclosed = files["unclosed.csv"]["profile"]
codes = [(e["code"], e["record"], e["field_number"], e["field_name"]) for e in unclosed["errors"]]
assert ("unclosed-quote", 2, 2, "name") in codes, codes
assert files["unclosed.csv"]["valid"] is False, files["unclosed.csv"]
hebrew = files["מחירים.csv"]
assert hebrew["valid"] is True and hebrew["records"] == 3 and hebrew["errors"] == 0, hebrew
assert hebrew["profile"]["labels"] == ["id", "שם", "מחיר"], hebrew["profile"]["labels"]
columns = {c["name"]: c for c in hebrew["profile"]["columns"]}
assert columns["מחיר"]["type"] == "number" and columns["שם"]["max_chars"] == 9 and columns["שם"]["max_length"] == 16, columns
schema = json.load(open(os.path.join(processed, "מחירים.csv.schema.json"), encoding="utf-8"))
assert [(f["name"], f["type"]) for f in schema["fields"]] == [("id", "integer"), ("שם", "string"), ("מחיר", "number")], schema
totals = report["totals"]
assert totals["by_code"]["extra-cell"] == {"severity": "error", "count": 1}, totals["by_code"]
assert totals["errors"] >= 2 and totals["corrupt_files"] == 0, totals
PY

# --fail-on never: the same problems are reported, but the day is valid and the exit code 0.
expect_exit 0 process alice/bad --fail-on never
validate validation_report "$report"
/usr/bin/python3 - "$report" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
assert report["valid"] is True and report["fail_on"] == "never" and report["totals"]["errors"] >= 2, report["totals"]
PY

# A missing cell is a warning: valid by default, invalid with --fail-on warning.
expect_exit 0 process alice/short
expect_exit 5 process alice/short --fail-on warning
validate validation_report "$report"
/usr/bin/python3 - "$report" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
[f] = report["datasets"][0]["files"]
[error] = f["profile"]["errors"]
assert (error["code"], error["severity"], error["record"], error["field_number"], error["field_name"]) == \
    ("missing-cell", "warning", 2, 3, "c"), error
assert report["valid"] is False and f["warnings"] == 1 and f["errors"] == 0, f
PY
# Not really CSV (issue 18): 0 bytes and a BOM alone have no header; UTF-16 is one named error.
expect_exit 5 process alice/notcsv
validate validation_report "$report"
/usr/bin/python3 - "$report" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
files = {f["path"]: f for f in report["datasets"][0]["files"]}
for name in ("empty.csv", "bom.csv"):
    [error] = files[name]["profile"]["errors"]
    assert files[name]["valid"] is False and (error["code"], error["record"]) == ("blank-header", 0), files[name]
[error] = files["utf16.csv"]["profile"]["errors"]
assert files["utf16.csv"]["valid"] is False and error["code"] == "encoding-error", files["utf16.csv"]
assert "UTF-16 LE (byte-order mark FF FE)" in error["message"] and "iconv -f UTF-16LE -t UTF-8" in error["message"], error
assert files["utf16.csv"]["profile"]["dialect"]["encoding"] == "utf-16-le", files["utf16.csv"]["profile"]["dialect"]
PY
expect_exit 2 process --fail-on sometimes
echo "ok"
