#!/usr/bin/env bash
# process --database-url loads into a real PostgreSQL server that this test starts (initdb in a temp
# folder, private port and socket, tests/support/postgres_server.sh; missing binaries fail the test):
# every table's row count equals the valid records, bad rows are in the rejected file, types come from
# the profile (a column whose dates, booleans or timestamps are not written as PostgreSQL prints them,
# DD/MM/YYYY, FALSE, a 'T' or a zone, stays text: lossless), rows carry _day and _version; a re-run of the day gives the
# same counts (not doubled), a second day's rows coexist, a day downloaded again with changed data has
# its rows replaced, a table whose columns changed or whose rows the server refuses fails (exit 6) with
# its previous rows kept, a kill -9 in the middle of COPY leaves the previous rows; the password never
# appears under the data root nor in any output; unreachable server -> 7, wrong password -> 3.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"
source "$SOURCE_DIR/tests/support/postgres_server.sh"

CLEANUPS+=("pg_server_stop")
pg_server_start || fail "cannot start a private PostgreSQL server (see above)"
TEST_SECRETS+=("$PG_PASSWORD")
URL=$PG_USER_URL
SHOWN="postgresql://fk@127.0.0.1:$PG_PORT/fk"

SAMPLE=erlichsefi/israeli-supermarkets-2024
mkdir -p "$FAKE_DATA/erlichsefi"
cp -r "$SOURCE_DIR/tests/data/datasets/$SAMPLE" "$FAKE_DATA/erlichsefi/"
write_mixed() { # write_mixed VERSION PLAIN_CONTENT
  local dir
  dir=$(dataset_dir alice mixed "$1")
  /usr/bin/python3 - "$dir" <<'PY'
import csv, os, sys
folder = sys.argv[1]
rows = ["id,שם,מחיר,day,active,seen,note"]
for i in range(1, 201):
    rows.append(f'{i},"חלב, {i}",{i}.5,{i % 28 + 1:02d}/01/2024,{"true" if i % 2 else "FALSE"},2024-01-02 03:04:{i % 60:02d},"tab\there\\back"')
rows.append("oops,text in the id column,1.5,01/01/2024,true,2024-01-02 03:04:05,x")  # not an integer
rows.append("202,short row")                                                        # missing cells
rows.append("203,'',,'',,,")                                                         # nulls
rows.append("204,x,not a number,01/01/2024,true,2024-01-02 03:04:05,y")             # not a number
open(os.path.join(folder, "מחירים.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
# Values whose binary COPY fields must equal what PostgreSQL's own text input makes of them (the x
# columns keep the text: fractions, before 1970, year 1, 18-digit integers). Only timestamps written
# as PostgreSQL prints them are typed; the zoned ones (tz) stay text, exactly as written.
ts = ["2024-01-02 03:04:05", "2024-01-02 03:04:05.123456", "2024-01-02 03:04:05.5", "2024-12-31 23:59:59",
      "1999-12-31 23:59:59.999999", "1969-07-20 20:17:40.000001", "2024-02-29 12:00:00", "0001-01-01 00:00:00"]
tz = ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05+02", "2024-01-02T03:04:05+0530", "2024-01-02 03:04:05.25-03:30",
      "2024-06-30 23:59:60+01:00", "1900-03-01T00:00-00:30", "2024-01-01T00:00:00.0000015Z", "2000-01-01 00:00Z"]
# Only numbers and integers that read back as written keep those types (docs/process.md, lossless values).
num = ["0.1", "0.00001", "0", "123456789.12345679", "0.5", "5", "179769313486231560000000000000000000000", "-0.0025"]
big = ["-999999999999999999", "999999999999999999", "7", "9223372036854775807", "0", "-1", "42", "-9223372036854775808"]
with open(os.path.join(folder, "tricky.csv"), "w", encoding="utf-8", newline="") as handle:
    out = csv.writer(handle, lineterminator="\n")
    out.writerow(["id", "ts", "tz", "num", "big", "xts", "xtz", "xnum", "xbig"])
    for i in range(len(ts)):
        out.writerow([i, ts[i], tz[i], num[i], big[i], "x" + ts[i], "x" + tz[i], "x" + num[i], "x" + big[i]])
PY
  printf '%b' "$2" >"$dir/plain.csv"
}
write_mixed 1 'a,b\n1,2\n3,4\n'
printf '{"title":"Mixed rows","licenseName":"CC0-1.0"}\n' >"$FAKE_DATA/alice/mixed/dataset.json"
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"
dl 0 "$SAMPLE" alice/mixed

DAY1=$DAY
DAY2=20260316
DAY3=20260317
process() { # process DAY [options...]: run process and keep its output for the secret check
  local day=$1
  shift
  "$FK" --data-root "$ROOT" --date "$day" --log-format json process "$@"
}
run() { # run CODE DAY [options...]
  local want=$1
  shift
  local status=0
  expect_exit "$want" process "$@" || status=$?
  cat "$WORK/last.out" "$WORK/last.err" >>"$WORK/all-output.log"
  return $status
}
count() { # count SCHEMA.TABLE DAY
  pg_psql "SELECT count(*) FROM $1 WHERE _day = '${2:0:4}-${2:4:2}-${2:6:2}'"
}
MIXED='alice__mixed."מחירים"'
PLAIN='alice__mixed.plain'

# --dry-run names the target without the password and writes nothing.
before=$(tree_listing "$ROOT")
run 0 "$DAY1" --dry-run --database-url "$URL"
expect_in "$WORK/last.out" "load        alice/mixed/plain.csv  ->  $SHOWN schema alice__mixed (if valid)"
[[ "$(tree_listing "$ROOT")" == "$before" ]] || fail "--dry-run changed the data root"
[[ $(pg_psql "SELECT count(*) FROM pg_namespace WHERE nspname = 'alice__mixed'") == 0 ]] || fail "--dry-run created a schema"

check_day1() {
  validate load_summary "$ROOT/processed/$DAY1/load_summary.json"
  validate run_report "$ROOT"/reports/*/process-*.json
  /usr/bin/python3 - "$ROOT/processed/$DAY1/load_summary.json" "$ROOT/raw/$DAY1" "$SHOWN" "$PG_BIN/psql" "$PG_SOCKET" "$PG_PORT" <<'PY'
import csv, json, os, subprocess, sys
summary_path, raw, shown, psql, socket, port = sys.argv[1:]
def sql(query):
    return subprocess.run([psql, "-X", "-A", "-t", "-h", socket, "-p", port, "-U", "postgres", "-d", "fk", "-c", query],
                          check=True, capture_output=True, text=True).stdout.strip()
summary = json.load(open(summary_path, encoding="utf-8"))
assert summary["engine"] == "postgresql", summary["engine"]
tables = {(t["dataset"], t["file"]): t for t in summary["tables"]}
sample = "erlichsefi/israeli-supermarkets-2024"
schema = "erlichsefi__israeli_supermarkets_2024"
names = [n for n in os.listdir(os.path.join(raw, sample)) if n.endswith(".csv")]
assert len(names) == 9, names
for name in names:
    with open(os.path.join(raw, sample, name), newline="", encoding="utf-8") as handle:
        records = len([row for row in csv.reader(handle) if row]) - 1
    t = tables[(sample, name)]
    assert t["status"] == "loaded" and t["target"] == {"engine": "postgresql", "database": shown, "schema": schema,
                                                       "table": name[:-4]}, t
    assert t["records_read"] == records == t["loaded"] and t["rejected"] == 0, (name, t, records)
    got = int(sql(f'SELECT count(*) FROM {schema}."{t["target"]["table"]}" WHERE _day = \'2026-03-15\''))
    assert got == records, (name, got, records)
types = sql(f"SELECT string_agg(column_name || ':' || data_type, ' ' ORDER BY ordinal_position) FROM "
            f"information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'price_full_file_tiv_taam'").split()
assert types[:2] == ["_day:date", "_version:integer"], types
# itemprice has prices like 51.10: a float8 would give back 51.1, so the column is text (lossless).
assert "itemprice:text" in types and "chainid:bigint" in types, types
assert sql(f"SELECT DISTINCT _version FROM {schema}.price_full_file_tiv_taam") == "2", "the sample's version is 2"

hebrew = tables[("alice/mixed", "מחירים.csv")]
assert hebrew["loaded"] == 201 and hebrew["rejected"] == 3 and hebrew["target"]["table"] == "מחירים", hebrew
t = 'alice__mixed."מחירים"'
assert sql(f"SELECT count(*) FROM {t}") == "201"
types = sql(f"SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM "
            "information_schema.columns WHERE table_schema = 'alice__mixed' AND table_name = 'מחירים'")
assert types == ("_day:date,_version:integer,id:bigint,שם:text,מחיר:double precision,day:text,active:text,"
                 "seen:timestamp without time zone,note:text"), types  # DD/MM/YYYY and FALSE stay as written
row = sql(f'SELECT "שם", "מחיר", day, active, seen, note FROM {t} WHERE id = 7')
assert row == "חלב, 7|7.5|08/01/2024|true|2024-01-02 03:04:07|tab\there\\back", row
assert sql(f"SELECT active FROM {t} WHERE id = 8") == "FALSE"
assert sql(f'SELECT coalesce("שם", \'null\') || coalesce(day::text, \'null\') FROM {t} WHERE id = 203') == "nullnull"
rejected_path = os.path.join(os.path.dirname(summary_path), "alice/mixed/rejected/מחירים.csv.rejected.csv")
assert hebrew["rejected_file"] == rejected_path, hebrew
with open(rejected_path, newline="", encoding="utf-8") as handle:
    rejected = list(csv.reader(handle))
assert [r[0] for r in rejected] == ["id", "oops", "202", "204"], rejected
assert "record 201 field 1 (id)" in rejected[1][-1] and "is not an integer" in rejected[1][-1], rejected[1]
assert "record 204 field 3 (מחיר)" in rejected[3][-1] and "is not a number" in rejected[3][-1], rejected[3]
assert tables[("alice/mixed", "plain.csv")]["loaded"] == 2
assert tables[("alice/mixed", "tricky.csv")]["loaded"] == 8, tables[("alice/mixed", "tricky.csv")]
types = sql("SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM "
            "information_schema.columns WHERE table_schema = 'alice__mixed' AND table_name = 'tricky'")
assert types.startswith("_day:date,_version:integer,id:bigint,ts:timestamp without time zone,"
                        "tz:text,num:double precision,big:bigint,"), types
differ = sql("SELECT string_agg(id::text, ' ') FROM alice__mixed.tricky WHERE "
             "ts IS DISTINCT FROM replace(substr(xts, 2), ',', '.')::timestamp OR "
             "tz IS DISTINCT FROM substr(xtz, 2) OR num IS DISTINCT FROM substr(xnum, 2)::float8 OR "
             "big IS DISTINCT FROM substr(xbig, 2)::bigint")
assert differ == "", "rows whose binary values differ from PostgreSQL's text input: " + differ
assert summary["totals"]["loaded"] == 325 + 201 + 2 + 8 and summary["totals"]["rejected"] == 3, summary["totals"]
PY
  [[ -z $(find "$ROOT/processed/$DAY1" -name '*.sqlite') ]] || fail "SQLite databases were written with --database-url"
}

# Day 1 through --database-url, then again through DATABASE_URL: the same counts, not doubled.
run 0 "$DAY1" --database-url "$URL"
expect_in "$WORK/last.out" "loaded  alice/mixed/מחירים.csv  -> מחירים  201 rows  3 rejected"
check_day1
DATABASE_URL=$URL run 0 "$DAY1"
check_day1
[[ $(pg_psql "SELECT count(*) FROM $MIXED") == 201 ]] || fail "the re-run doubled the rows"

# Day 2: a new version with a changed plain.csv; day 1's rows stay, day 2's come with _version 2.
write_mixed 2 'a,b\n5,6\n7,8\n9,10\n'
DAY=$DAY2 dl 0 alice/mixed
run 0 "$DAY2" --database-url "$URL"
[[ $(count $PLAIN "$DAY1") == 2 && $(count $PLAIN "$DAY2") == 3 ]] || fail "day 2 did not coexist with day 1"
[[ $(pg_psql "SELECT string_agg(DISTINCT _day || '/' || _version, ' ') FROM $PLAIN") == "2026-03-15/1 2026-03-16/2" ]] ||
  fail "wrong _day/_version: $(pg_psql "SELECT string_agg(DISTINCT _day || '/' || _version, ' ') FROM $PLAIN")"
[[ $(count "$MIXED" "$DAY2") == 201 && $(pg_psql "SELECT count(*) FROM $MIXED") == 402 ]] || fail "mixed day 2"

# Day 1 downloaded again (version 2 now): its rows are replaced, day 2's are untouched.
dl 0 alice/mixed --force
run 0 "$DAY1" --database-url "$URL" alice/mixed
[[ $(count $PLAIN "$DAY1") == 3 && $(count $PLAIN "$DAY2") == 3 ]] || fail "day 1's rows were not replaced"
[[ $(pg_psql "SELECT sum(a) FROM $PLAIN WHERE _day = '2026-03-15' AND _version = 2") == 21 ]] || fail "day 1's new rows"

# Rows the server refuses (a constraint added by hand): that table fails, exit 6, its rows stay.
pg_psql "ALTER TABLE $PLAIN ADD CONSTRAINT small_a CHECK (a < 9) NOT VALID"
run 6 "$DAY1" --database-url "$URL" alice/mixed
/usr/bin/python3 - "$ROOT/processed/$DAY1/load_summary.json" <<'PY'
import json, sys
tables = {t["file"]: t for t in json.load(open(sys.argv[1], encoding="utf-8"))["tables"]}
assert tables["plain.csv"]["status"] == "failed" and "small_a" in tables["plain.csv"]["message"], tables["plain.csv"]
assert tables["plain.csv"]["target"]["table"] is None, tables["plain.csv"]
assert tables["מחירים.csv"]["status"] == "loaded" and tables["מחירים.csv"]["loaded"] == 201, tables
PY
[[ $(count $PLAIN "$DAY1") == 3 ]] || fail "the refused table lost its previous rows"
pg_psql "ALTER TABLE $PLAIN DROP CONSTRAINT small_a"

# Day 3: plain.csv gained a column: clear error, exit 6, nothing of plain deleted, the rest loads.
write_mixed 3 'a,b,c\n1,2,3\n'
DAY=$DAY3 dl 0 alice/mixed
run 6 "$DAY3" --database-url "$URL"
expect_in "$WORK/last.err" "the table's columns differ from the file's: column 5 is nothing in the table and \\\"c\\\" bigint from the file"
expect_in "$WORK/last.err" "RENAME TO"
[[ $(pg_psql "SELECT count(*) FROM $PLAIN") == 6 ]] || fail "the changed table lost rows"
[[ $(count "$MIXED" "$DAY3") == 201 ]] || fail "the other table of the dataset was not loaded"
validate load_summary "$ROOT/processed/$DAY3/load_summary.json"

# kill -9 in the middle of COPY: the day's previous rows are unchanged.
/usr/bin/python3 - "$(dataset_dir alice mixed 4)" <<'PY'
import os, sys
with open(os.path.join(sys.argv[1], "plain.csv"), "w") as out:
    out.write("a,b\n")
    out.write("".join(f"{i},{i * 3}\n" for i in range(3_000_000)))
PY
DAY=$DAY3 dl 0 alice/mixed --force
"$FK" --data-root "$ROOT" --date "$DAY3" --log-format json process --database-url "$URL" alice/mixed \
  >"$WORK/kill.out" 2>"$WORK/kill.err" &
victim=$!
for _ in $(seq 600); do
  [[ $(pg_psql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%plain%'") != 0 ]] && break
  sleep 0.05
done
[[ $(pg_psql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%plain%'") != 0 ]] || fail "COPY never started"
kill -9 $victim
wait $victim || true
cat "$WORK/kill.out" "$WORK/kill.err" >>"$WORK/all-output.log"
for _ in $(seq 100); do
  [[ $(pg_psql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fetch-kaggle'") == 0 ]] && break
  sleep 0.05
done
[[ $(pg_psql "SELECT count(*) FROM $PLAIN") == 6 && $(count "$MIXED" "$DAY3") == 201 ]] ||
  fail "the killed run changed rows"

# Connection failures: unreachable -> 7 (temporary), wrong password -> 3 (permission), both named
# without the password.
run 7 "$DAY1" --database-url "postgresql://fk:$PG_PASSWORD@127.0.0.1:$(pg_free_port)/fk"
expect_in "$WORK/last.err" "cannot connect to postgresql://fk@127.0.0.1:"
run 3 "$DAY1" --database-url "postgresql://fk:wrong-$PG_PASSWORD@127.0.0.1:$PG_PORT/fk"
expect_in "$WORK/last.err" "password authentication failed"
DATABASE_URL="postgresql://fk:$PG_PASSWORD@127.0.0.1:$PG_PORT/nodb" run 4 "$DAY1"
run 2 "$DAY1" --database-url "host=127.0.0.1 password=$PG_PASSWORD"

# The password appears nowhere: data root (reports, summaries, rejected files) and every output.
expect_no_secrets "$ROOT" "$WORK/all-output.log"
grep -qF "\"$SHOWN\"" "$ROOT"/reports/*/process-*.json || fail "no run report shows the redacted URL"
echo "ok"
