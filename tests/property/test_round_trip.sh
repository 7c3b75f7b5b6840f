#!/usr/bin/env bash
# Round-trip property of `process` (issue 18, docs/process.md "Lossless values"): a seeded messy
# corpus (tests/corpus/messy_corpus.py) goes into a data root day, `process` loads it into SQLite and
# into a real PostgreSQL (tests/support/postgres_server.sh), and round_trip.py reads every table back,
# renders each cell by the documented rule and compares with the source text; every record is a loaded
# or a rejected row (with its reason) and the counts add up. FK_PROPERTY_SEED=N replays a seed,
# FK_PROPERTY_SEED=random draws one (printed either way); FK_PROPERTY_FILES sets the corpus size.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE_DIR=${SOURCE_DIR:-$(cd "$HERE/../.." && pwd)}
: "${FK:?set FK to the fetch-kaggle binary}"
seed=${FK_PROPERTY_SEED:-1818}
[[ $seed == random ]] && seed=$(( (RANDOM << 15) | RANDOM ))
files=${FK_PROPERTY_FILES:-30}
echo "round_trip: seed $seed, $files files (replay: FK_PROPERTY_SEED=$seed)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fk-property.XXXXXX")
source "$SOURCE_DIR/tests/support/postgres_server.sh"
cleanup() {
  pg_server_stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
DAY=20261201
ROOT="$WORK/root"
mkdir -p "$ROOT"
python3 "$SOURCE_DIR/tests/corpus/messy_corpus.py" --seed "$seed" --out "$WORK/corpus" --files "$files"
python3 "$HERE/round_trip.py" build "$WORK/corpus" "$ROOT" "$DAY"
"$FK" init --data-root "$ROOT" >/dev/null 2>&1 || true

status=0
# SQLite. Warnings and errors in the corpus are on purpose: --fail-on never loads every valid file.
rc=0
"$FK" --data-root "$ROOT" --date "$DAY" process --fail-on never >"$WORK/sqlite.out" 2>&1 || rc=$?
if [[ $rc != 0 && $rc != 6 ]]; then
  echo "round_trip: process (SQLite) exited $rc"; tail -20 "$WORK/sqlite.out"; exit 1
fi
python3 "$HERE/round_trip.py" sqlite "$WORK/corpus" "$ROOT" "$DAY" || status=1

# PostgreSQL.
pg_server_start || { echo "round_trip: cannot start a private PostgreSQL server"; exit 1; }
rc=0
"$FK" --data-root "$ROOT" --date "$DAY" process --fail-on never --database-url "$PG_USER_URL" \
  >"$WORK/pg.out" 2>&1 || rc=$?
if [[ $rc != 0 && $rc != 6 ]]; then
  echo "round_trip: process (PostgreSQL) exited $rc"; tail -20 "$WORK/pg.out"; exit 1
fi
psql=("$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d fk)
python3 "$HERE/round_trip.py" postgres "$WORK/corpus" "$ROOT" "$DAY" "${psql[@]}" || status=1
[[ $status == 0 ]] && echo "round_trip: seed $seed passed" || echo "round_trip: seed $seed FAILED"
exit $status
