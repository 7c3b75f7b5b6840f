#!/usr/bin/env bash
# Loading benchmark, on the same generated day in the same run:
#   SQLite:     fetch-kaggle process (SQLite target)   vs  sqlite3 ".import --csv" of every file
#   PostgreSQL: fetch-kaggle process --database-url    vs  psql "\copy ... CSV HEADER" of every file into
#               tables of the same columns and types (a private server, tests/support/postgres_server.sh)
# "load" is the loading pass alone (the sum of load_summary.json's duration_seconds: the second read,
# the row checks and the inserts/COPY); "process" is the whole command (validation pass included).
# ratio = fetch-kaggle's load time / the standard tool's (targets: PostgreSQL <= 1.1, SQLite <= 1.0).
#   bench/bench_load.sh [--size 300M] [--build build/release]
cd "$(dirname "$0")/.."
source bench/lib.sh "$@"
source tests/support/postgres_server.sh
trap 'pg_server_stop; [[ -n $server ]] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
pg_server_start >/dev/null

"$FK" download bench/supermarkets --data-root "$WORK/root" --api-endpoint "$BASE" \
  --date 20260101 --log-format text >/dev/null 2>&1
DIR="$WORK/root/raw/20260101/bench/supermarkets"
SUMMARY="$WORK/root/processed/20260101/load_summary.json"
cat "$DIR"/*.csv >/dev/null # warm the page cache
bytes=$(cat "$DIR"/*.csv | wc -c)
records=$(($(cat "$DIR"/*.csv | wc -l) - $(ls "$DIR"/*.csv | wc -l)))
load_seconds() { /usr/bin/python3 -c 'import json, sys; print(sum(t["duration_seconds"] for t in json.load(open(sys.argv[1]))["tables"]))' "$SUMMARY"; }
loaded_rows() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["totals"]["loaded"])' "$SUMMARY"; }

# SQLite: fetch-kaggle, then sqlite3 .import of the same files into a fresh database.
t_fk_sqlite=$(seconds "$FK" process --data-root "$WORK/root" --date 20260101 --log-format text)
m_fk_sqlite=$(peak_mib)
l_fk_sqlite=$(load_seconds)
rows_sqlite=$(loaded_rows)
import_all() {
  local file
  for file in "$DIR"/*.csv; do
    printf '.import --csv %s %s\n' "$file" "$(basename "$file" .csv)"
  done | sqlite3 "$WORK/import.sqlite"
}
t_sqlite3=$(seconds import_all)

# PostgreSQL: fetch-kaggle, then psql \copy into tables like fetch-kaggle's (without _day, _version).
t_fk_pg=$(seconds "$FK" process --data-root "$WORK/root" --date 20260101 --log-format text --database-url "$PG_USER_URL")
m_fk_pg=$(peak_mib)
l_fk_pg=$(load_seconds)
rows_pg=$(loaded_rows)
pg_psql "CREATE SCHEMA plain AUTHORIZATION fk" >/dev/null
for file in "$DIR"/*.csv; do
  table=$(basename "$file" .csv)
  pg_psql "CREATE TABLE plain.$table (LIKE bench__supermarkets.$table); ALTER TABLE plain.$table DROP COLUMN _day, DROP COLUMN _version; ALTER TABLE plain.$table OWNER TO fk" >/dev/null
done
copy_all() {
  local file
  for file in "$DIR"/*.csv; do
    printf '\\copy plain.%s FROM %s CSV HEADER\n' "$(basename "$file" .csv)" "$file"
  done | "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$PG_USER_URL"
}
t_psql=$(seconds copy_all)
rows_psql=$(pg_psql "SELECT sum(n_tup_ins) FROM pg_stat_user_tables WHERE schemaname = 'plain'")

mb() { echo "$bytes / $1 / 1048576" | bc -l; }
rps() { echo "$2 / $1" | bc -l; }
printf '%-50s %8s %9s %11s %7s\n' "loading ($((bytes >> 20)) MiB CSV, $records records)" seconds "MiB/s" "rows/s" ratio
printf '%-50s %8.2f %9.0f %11.0f %7.2f\n' "sqlite3 .import --csv" "$t_sqlite3" "$(mb "$t_sqlite3")" "$(rps "$t_sqlite3" "$records")" 1
printf '%-50s %8.2f %9.0f %11.0f %7.2f\n' "fetch-kaggle SQLite, load pass" "$l_fk_sqlite" "$(mb "$l_fk_sqlite")" "$(rps "$l_fk_sqlite" "$rows_sqlite")" "$(echo "$l_fk_sqlite / $t_sqlite3" | bc -l)"
printf '%-50s %8.2f %9.0f %11.0f %7.2f\n' "fetch-kaggle process (validate + SQLite load)" "$t_fk_sqlite" "$(mb "$t_fk_sqlite")" "$(rps "$t_fk_sqlite" "$rows_sqlite")" "$(echo "$t_fk_sqlite / $t_sqlite3" | bc -l)"
printf '%-50s %8.2f %9.0f %11.0f %7.2f\n' "psql \\copy CSV ($rows_psql rows)" "$t_psql" "$(mb "$t_psql")" "$(rps "$t_psql" "$rows_psql")" 1
printf '%-50s %8.2f %9.0f %11.0f %7.2f\n' "fetch-kaggle PostgreSQL COPY, load pass" "$l_fk_pg" "$(mb "$l_fk_pg")" "$(rps "$l_fk_pg" "$rows_pg")" "$(echo "$l_fk_pg / $t_psql" | bc -l)"
printf '%-50s %8.2f %9.0f %11.0f %7.2f\n' "fetch-kaggle process (validate + PostgreSQL load)" "$t_fk_pg" "$(mb "$t_fk_pg")" "$(rps "$t_fk_pg" "$rows_pg")" "$(echo "$t_fk_pg / $t_psql" | bc -l)"
echo "peak RSS of fetch-kaggle process: SQLite $m_fk_sqlite MiB, PostgreSQL $m_fk_pg MiB"
