#!/usr/bin/env bash
# process loads every valid CSV into processed/D/<owner>/<slug>.sqlite: each table's row count equals
# the valid records (checked with the sqlite3 CLI), loaded + rejected = the input's records for a
# hand-made CSV with bad rows (the rejected file has them with a _reason), Hebrew text and a Hebrew
# file name survive, load_summary.json validates against its schema, --dry-run lists the loads and
# writes nothing, a re-run replaces the database (same counts, no duplicates), --no-load loads
# nothing, and a corrupted raw file is skipped, not loaded.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

SAMPLE=erlichsefi/israeli-supermarkets-2024
mkdir -p "$FAKE_DATA/erlichsefi"
cp -r "$SOURCE_DIR/tests/data/datasets/$SAMPLE" "$FAKE_DATA/erlichsefi/"
v1=$(dataset_dir alice mixed 1)
/usr/bin/python3 - "$v1" <<'PY'
import os, sys
folder = sys.argv[1]
rows = ["id,שם,מחיר,day"]
for i in range(1, 201):
    rows.append(f'{i},"חלב, {i}",{i}.5,2024-01-0{i % 9 + 1}')
rows.append("oops,text in the id column,1.5,2024-01-01")  # a type error: 1 of 204, still an integer column
rows.append("202,short row")                              # a missing cell: a warning, the row is rejected
rows.append("203,'',,''")                                 # null tokens become NULL
rows.append("204,x,not a number,2024-01-01")              # a type error in the REAL column
open(os.path.join(folder, "מחירים.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
open(os.path.join(folder, "plain.csv"), "w").write("a,b\n1,2\n3,4\n")
PY
printf '{"title":"Mixed rows","licenseName":"CC0-1.0"}\n' >"$FAKE_DATA/alice/mixed/dataset.json"
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"
dl 0 "$SAMPLE" alice/mixed

process() {
  "$FK" --data-root "$ROOT" --date "$DAY" --log-format json process "$@"
}
OUT="$ROOT/processed/$DAY"
summary="$OUT/load_summary.json"

# --dry-run lists the loads and writes nothing.
before=$(tree_listing "$ROOT")
expect_exit 0 process --dry-run
expect_in "$WORK/last.out" "load        $SAMPLE/price_full_file_tiv_taam.csv  ->  $OUT/$SAMPLE.sqlite"
expect_in "$WORK/last.out" "load        alice/mixed/מחירים.csv"
[[ "$(tree_listing "$ROOT")" == "$before" ]] || fail "--dry-run changed the data root"

# --no-load validates only.
expect_exit 0 process --no-load
[[ ! -e "$summary" && ! -e "$OUT/$SAMPLE.sqlite" ]] || fail "--no-load loaded something"

check_load() {
  validate load_summary "$summary"
  validate run_report "$ROOT"/reports/*/process-*.json
  /usr/bin/python3 - "$summary" "$OUT" "$ROOT/raw/$DAY" <<'PY'
import csv, json, os, subprocess, sys
summary_path, out, raw = sys.argv[1:]
summary = json.load(open(summary_path, encoding="utf-8"))
def sql(db, query):
    return subprocess.run(["sqlite3", db, query], check=True, capture_output=True, text=True).stdout.strip()
tables = {(t["dataset"], t["file"]): t for t in summary["tables"]}
sample = "erlichsefi/israeli-supermarkets-2024"
sample_db = os.path.join(out, sample + ".sqlite")
csv_files = [n for n in os.listdir(os.path.join(raw, sample)) if n.endswith(".csv")]
assert len(csv_files) == 9 and len([k for k in tables if k[0] == sample]) == 9, tables.keys()
for name in csv_files:
    with open(os.path.join(raw, sample, name), newline="", encoding="utf-8") as handle:
        records = len([row for row in csv.reader(handle) if row]) - 1
    t = tables[(sample, name)]
    assert t["status"] == "loaded" and t["target"]["database"] == sample_db, t
    assert t["records_read"] == records == t["loaded"] and t["rejected"] == 0, (name, t, records)
    assert int(sql(sample_db, f'SELECT count(*) FROM "{t["target"]["table"]}"')) == records, name
    assert t["bytes"] == os.path.getsize(os.path.join(raw, sample, name)), t
assert tables[(sample, "price_full_file_tiv_taam.csv")]["target"]["table"] == "price_full_file_tiv_taam"
types = sql(sample_db, "SELECT name || ':' || type FROM pragma_table_info('price_full_file_tiv_taam')").split()
# itemprice has prices like 51.10: a REAL would give back 51.1, so the column is TEXT (lossless).
assert "itemprice:TEXT" in types and "chainid:INTEGER" in types and "priceupdatedate:TEXT" in types, types

mixed_db = os.path.join(out, "alice/mixed.sqlite")
hebrew = tables[("alice/mixed", "מחירים.csv")]
assert hebrew["records_read"] == 204 and hebrew["loaded"] == 201 and hebrew["rejected"] == 3, hebrew
table = hebrew["target"]["table"]
assert table == "מחירים", table  # the file name, NFC
assert int(sql(mixed_db, f'SELECT count(*) FROM "{table}"')) == 201
assert int(sql(mixed_db, f'SELECT count(DISTINCT id) FROM "{table}"')) == 201
assert sql(mixed_db, f'SELECT "שם" FROM "{table}" WHERE id = 7') == "חלב, 7"
assert sql(mixed_db, f'SELECT typeof("שם") || typeof("מחיר") || typeof(day) FROM "{table}" WHERE id = 203') == "nullnullnull"
assert sql(mixed_db, f'SELECT typeof(id) || typeof("מחיר") FROM "{table}" WHERE id = 1') == "integerreal"
rejected_path = os.path.join(out, "alice/mixed/rejected/מחירים.csv.rejected.csv")
assert hebrew["rejected_file"] == rejected_path, hebrew
with open(rejected_path, newline="", encoding="utf-8") as handle:
    rejected = list(csv.reader(handle))
assert rejected[0] == ["id", "שם", "מחיר", "day", "_reason"], rejected[0]
assert len(rejected) - 1 == hebrew["rejected"], rejected
assert rejected[1][:4] == ["oops", "text in the id column", "1.5", "2024-01-01"], rejected[1]
assert "is not an integer" in rejected[1][4] and "record 201 field 1 (id)" in rejected[1][4], rejected[1]
assert rejected[2] == ["202", "short row", "record 202 has 2 cells, the header has 4"], rejected[2]
assert "record 204 field 3 (מחיר)" in rejected[3][4] and "is not a number" in rejected[3][4], rejected[3]
assert tables[("alice/mixed", "plain.csv")]["loaded"] == 2
totals = summary["totals"]
assert totals["tables"] == 11 and totals["rejected"] == 3 and totals["failed_tables"] == 0, totals
assert totals["loaded"] == 325 + 201 + 2, totals
assert not [n for n in os.listdir(os.path.join(out, "alice")) if ".tmp" in n], os.listdir(os.path.join(out, "alice"))
PY
}

expect_exit 0 process
expect_in "$WORK/last.out" "loaded  alice/mixed/מחירים.csv  -> מחירים  201 rows  3 rejected"
check_load

# A re-run replaces the databases: the same counts, no duplicated rows.
inode=$(stat -c %i "$OUT/alice/mixed.sqlite")
expect_exit 0 process
check_load
[[ $(stat -c %i "$OUT/alice/mixed.sqlite") != "$inode" ]] || fail "the re-run did not replace the database"

# A raw file changed after download: it is reported corrupt, skipped, and the others still load.
printf 'x' >>"$ROOT/raw/$DAY/alice/mixed/plain.csv"
expect_exit 9 process alice/mixed
validate load_summary "$summary"
/usr/bin/python3 - "$summary" <<'PY'
import json, sys
tables = {t["file"]: t for t in json.load(open(sys.argv[1], encoding="utf-8"))["tables"]}
assert tables["plain.csv"]["status"] == "skipped" and "byte-count" in tables["plain.csv"]["message"], tables
assert tables["plain.csv"]["target"]["table"] is None and tables["plain.csv"]["loaded"] == 0, tables
assert tables["מחירים.csv"]["status"] == "loaded" and tables["מחירים.csv"]["loaded"] == 201, tables
PY
[[ $(sqlite3 "$OUT/alice/mixed.sqlite" "SELECT count(*) FROM sqlite_master WHERE name = 'plain'") == 0 ]] ||
  fail "the corrupt file was loaded"
echo "ok"
