#!/usr/bin/env bash
# Loading benchmark, on the same generated day in the same run:
#   SQLite:     fetch-kaggle process (SQLite target)   vs  sqlite3 ".import --csv" of every file
#   PostgreSQL: fetch-kaggle process --database-url    vs  psql "\copy ... CSV HEADER" of every file into
#               tables of the same columns and types (a private server, tests/support/postgres_server.sh)
# "load pass" is the loading pass alone (the sum of load_summary.json's duration_seconds: the second
# read, the row checks and the inserts/COPY); "process" is the whole command (validation pass included).
# Targets: the load pass / the standard tool's time: SQLite <= 1.0, PostgreSQL <= 1.1.
#   bench/bench_load.sh [--size 300M] [--build build/release] [--results bench/results]
cd "$(dirname "$0")/.."
source bench/lib.sh load "$@"
source tests/support/postgres_server.sh
trap 'pg_server_stop; stop_servers; rm -rf "$TMP"; ((STANDALONE)) && rm -rf "$WORK"; true' EXIT
quiet pg_server_start

IMPORT="sqlite3 .import --csv"
FK_SQLITE="fetch-kaggle process (validate + SQLite load)"
FK_SQLITE_LOAD="fetch-kaggle SQLite, load pass"
COPY='psql \copy CSV HEADER'
FK_PG="fetch-kaggle process (validate + PostgreSQL load)"
FK_PG_LOAD="fetch-kaggle PostgreSQL COPY, load pass"
bench_meta <<EOF2
{"description": "loading one day's CSVs into SQLite and PostgreSQL (page cache warm)",
 "floor": "the standard tool of each database: $IMPORT, ${COPY//\\/\\\\}", "peers": ["$IMPORT", "${COPY//\\/\\\\}"],
 "ours": ["$FK_SQLITE", "$FK_SQLITE_LOAD", "$FK_PG", "$FK_PG_LOAD"],
 "note": "load pass = sum of load_summary.json duration_seconds (no peak RSS of its own); ours adds _day/_version columns, typed columns and row checks",
 "targets": [
  {"description": "SQLite load at least as fast as sqlite3 .import", "kind": "time_ratio", "group": "SQLite", "tool": "$FK_SQLITE_LOAD", "reference": "$IMPORT", "max": 1.0},
  {"description": "PostgreSQL load within 1.1x of psql \\\\copy", "kind": "time_ratio", "group": "PostgreSQL", "tool": "$FK_PG_LOAD", "reference": "${COPY//\\/\\\\}", "max": 1.1}
 ]}
EOF2

fetch_day "$TMP/root"
SUMMARY="$TMP/root/processed/20260101/load_summary.json"
load_seconds() { jq '[.tables[].duration_seconds] | add' "$SUMMARY"; }

# SQLite: fetch-kaggle, then sqlite3 .import of the same files into a fresh database.
measure SQLite "$FK_SQLITE" ours "$TMP/root/processed/20260101" -- \
  "$FK" process --data-root "$TMP/root" --date 20260101 --log-format text
record SQLite "$FK_SQLITE_LOAD" ours "$(load_seconds)" null null
for file in "$DAY_DIR"/*.csv; do
  printf '.import --csv %s %s\n' "$file" "$(basename "$file" .csv)"
done >"$TMP/import.sql"
measure SQLite "$IMPORT" floor "$TMP/import.sqlite" -- bash -c 'sqlite3 "$1" <"$2"' _ "$TMP/import.sqlite" "$TMP/import.sql"
rm -f "$TMP/import.sqlite"

# PostgreSQL: fetch-kaggle, then psql \copy into tables like fetch-kaggle's (without _day, _version).
export DATABASE_URL=$PG_USER_URL # in the environment, not on a command line
measure PostgreSQL "$FK_PG" ours - -- "$FK" process --data-root "$TMP/root" --date 20260101 --log-format text
record PostgreSQL "$FK_PG_LOAD" ours "$(load_seconds)" null null
quiet pg_psql "CREATE SCHEMA plain AUTHORIZATION fk"
for file in "$DAY_DIR"/*.csv; do
  table=$(basename "$file" .csv)
  quiet pg_psql "CREATE TABLE plain.$table (LIKE bench__supermarkets.$table); ALTER TABLE plain.$table DROP COLUMN _day, DROP COLUMN _version; ALTER TABLE plain.$table OWNER TO fk"
  printf '\\copy plain.%s FROM %s CSV HEADER\n' "$table" "$file"
done >"$TMP/copy.sql"
measure PostgreSQL "$COPY" floor - -- bash -c '"$1/psql" -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <"$2"' _ "$PG_BIN" "$TMP/copy.sql"
copied=$(pg_psql "SELECT sum(n_tup_ins) FROM pg_stat_user_tables WHERE schemaname = 'plain'")
loaded=$(jq .totals.loaded "$SUMMARY")
[[ $copied == "$loaded" ]] || echo "bench_load: note: psql copied $copied rows, fetch-kaggle loaded $loaded" >&2
bench_finish
