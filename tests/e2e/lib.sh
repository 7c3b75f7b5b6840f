# Shared helpers for the end-to-end tests; each test sources this file.
# Environment (set by ctest, see tests/e2e/CMakeLists.txt): FK (the fetch-kaggle binary),
# FAKE_KAGGLE (the stand-in server), SOURCE_DIR (the repository).
set -euo pipefail

: "${FK:?FK must point at the fetch-kaggle binary}"
: "${SOURCE_DIR:?SOURCE_DIR must point at the repository}"
SCHEMAS="$SOURCE_DIR/docs/schemas"
VALIDATE=(/usr/bin/python3 "$SOURCE_DIR/tests/tools/validate_json.py")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fk-e2e.XXXXXX")
CLEANUPS=()
cleanup() {
  local rc=$?
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Run a command and check its exit code: expect_exit CODE cmd args...
# Its stdout and stderr are kept in $WORK/last.out and $WORK/last.err.
expect_exit() {
  local want=$1
  shift
  local got=0
  "$@" >"$WORK/last.out" 2>"$WORK/last.err" || got=$?
  if [[ $got != "$want" ]]; then
    echo "--- stdout" >&2; cat "$WORK/last.out" >&2
    echo "--- stderr" >&2; cat "$WORK/last.err" >&2
    fail "expected exit $want, got $got: $*"
  fi
}

# Check that a file contains a fixed string: expect_in FILE TEXT
expect_in() {
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "'$2' not found in $1"; }
}

# Check that a file does not contain a fixed string: expect_not_in FILE TEXT
expect_not_in() {
  if grep -qF -- "$2" "$1"; then cat "$1" >&2; fail "'$2' unexpectedly found in $1"; fi
}

# List a tree with types and modes, for before/after comparisons (lock file content excluded).
tree_listing() {
  (cd "$1" && find . -printf '%p %y %m %s\n' | grep -v '^\./\.lock ' | sort)
}

# Validate JSON files against a schema in docs/schemas: validate SCHEMA_NAME FILE...
validate() {
  local schema=$1
  shift
  "${VALIDATE[@]}" "$SCHEMAS/$schema.schema.json" "$@" || fail "schema $schema rejected $*"
}

# Start the stand-in on the bundled sample datasets (tests/data/datasets) and set API to its base
# URL; it is stopped when the test exits.
start_sample_stand_in() {
  : "${FAKE_KAGGLE:?FAKE_KAGGLE must point at the stand-in}"
  "$FAKE_KAGGLE" --datasets "$SOURCE_DIR/tests/data/datasets" --port 0 --port-file "$WORK/port" 2>"$WORK/server.log" &
  local server=$!
  CLEANUPS+=("kill $server; wait $server")
  for _ in $(seq 100); do [[ -s "$WORK/port" ]] && break; sleep 0.05; done
  [[ -s "$WORK/port" ]] || { cat "$WORK/server.log" >&2; fail "the stand-in did not start"; }
  API="http://127.0.0.1:$(cat "$WORK/port")"
}
