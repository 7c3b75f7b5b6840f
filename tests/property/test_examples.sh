#!/usr/bin/env bash
# Issue 18 items 1, 4 and 6 by example, through the real binary into SQLite and PostgreSQL:
# leading zeros, integers beyond 64 bits, numbers in other notations and a NUL load exactly as written
# (PostgreSQL: the NUL row is rejected with its reason); data.csv, data.tsv and sub/data.csv, each with a
# bad row, give three tables and three rejected files; Hebrew file names are Hebrew table names.
# The same checks as the round trip (round_trip.py) on a hand-made corpus, plus the names.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE_DIR=${SOURCE_DIR:-$(cd "$HERE/../.." && pwd)}
: "${FK:?set FK to the fetch-kaggle binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fk-examples.XXXXXX")
source "$SOURCE_DIR/tests/support/postgres_server.sh"
trap 'pg_server_stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
DAY=20261202
ROOT="$WORK/root"
python3 - "$WORK/corpus" <<'PY'
import csv, io, json, os, sys
out = sys.argv[1]
bad = [["a", "b"], ["1", "2"], ["3"]]
files = {
    "data.csv": (",", bad), "data.tsv": ("\t", bad), "sub/data.csv": (",", bad),
    "מחירים.csv": (",", [["קוד", "מחיר"], ["007", "5.9"], ["0501234567", "12"]]),
    "סניפים.csv": (",", [["id"], ["1"]]),
    "values.csv": (",", [["code", "zip", "big", "huge", "num", "sci", "plus", "half", "nul", "int", "real"],
                         ["007", "00123", "9223372036854775808", "123456789012345678901234567890", "1.10", "1e5",
                          "+3", ".5", "x\0y", "12", "1.5"],
                         ["000", "00007", "1", "2", "2.5", "2e5", "+4", "0.5", "plain", "0", "-0.25"]]),
}
entries = []
for path, (delimiter, records) in files.items():
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\n").writerows(records)
    os.makedirs(os.path.dirname(os.path.join(out, path)), exist_ok=True)
    open(os.path.join(out, path), "w", encoding="utf-8", newline="").write(text.getvalue())
    entries.append({"path": path, "encoding": "utf-8", "delimiter": delimiter, "quirks": [], "records": records})
json.dump(entries, open(os.path.join(out, "corpus.json"), "w", encoding="utf-8"), ensure_ascii=False)
PY
python3 "$HERE/round_trip.py" build "$WORK/corpus" "$ROOT" "$DAY"
names() { # names ENGINE: the tables and rejected files are the expected ones
  python3 - "$ROOT/processed/$DAY/load_summary.json" "$1" <<'PY'
import json, os, sys
summary, engine = json.load(open(sys.argv[1], encoding="utf-8")), sys.argv[2]
t = {row["file"]: row for row in summary["tables"]}
tables = {f: t[f]["target"]["table"] for f in t}
assert tables == {"data.csv": "data", "data.tsv": "data_2", "sub/data.csv": "data_3", "מחירים.csv": "מחירים",
                  "סניפים.csv": "סניפים", "values.csv": "values"}, tables
rejected = {t[f]["rejected_file"] for f in ("data.csv", "data.tsv", "sub/data.csv")}
assert len(rejected) == 3 and all(os.path.exists(p) for p in rejected), rejected
assert t["sub/data.csv"]["rejected_file"].endswith("/rejected/sub/data.csv.rejected.csv"), t["sub/data.csv"]
if engine == "postgres":
    v = t["values.csv"]
    assert v["loaded"] == 1 and v["rejected"] == 1, v
    assert "NUL byte at column 9" in open(v["rejected_file"], encoding="utf-8").read(), v
print(f"examples {engine}: names and rejected files as documented")
PY
}
rc=0
"$FK" --data-root "$ROOT" --date "$DAY" process --fail-on never >"$WORK/sqlite.out" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$WORK/sqlite.out"; echo "process (SQLite) exited $rc"; exit 1; }
python3 "$HERE/round_trip.py" sqlite "$WORK/corpus" "$ROOT" "$DAY"
names sqlite
python3 - "$ROOT/processed/$DAY/prop/corpus.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
types = [r[2] for r in db.execute("PRAGMA table_info('values')")]
assert types == ["TEXT"] * 9 + ["INTEGER", "REAL"], types
assert db.execute("SELECT nul FROM \"values\" ORDER BY rowid LIMIT 1").fetchone()[0] == "x\0y"
PY
pg_server_start || { echo "cannot start a private PostgreSQL server"; exit 1; }
rc=0
"$FK" --data-root "$ROOT" --date "$DAY" process --fail-on never --database-url "$PG_USER_URL" >"$WORK/pg.out" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$WORK/pg.out"; echo "process (PostgreSQL) exited $rc"; exit 1; }
psql=("$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d fk)
python3 "$HERE/round_trip.py" postgres "$WORK/corpus" "$ROOT" "$DAY" "${psql[@]}"
names postgres
echo "examples: passed"
