#!/usr/bin/env bash
# Reports, status --json and layout.json validate against docs/schemas, also when the data root's
# name is not valid UTF-8.
source "$(dirname "$0")/lib.sh"

ROOT=$(printf '%s/caf\xe9-root' "$WORK")
expect_exit 0 "$FK" init --data-root "$ROOT"
report=$(find "$WORK" -name 'init-*Z-*.json' | head -1)
[[ -n "$report" ]] || fail "no init report"
validate run_report "$report"
expect_in "$report" '"data_root_hex"'
expect_in "$report" 'caf\ufffd-root'

expect_exit 0 "$FK" status --json --data-root "$ROOT"
validate status "$WORK/last.out"
/usr/bin/python3 - "$WORK/last.out" <<'PY'
import json, sys
status = json.load(open(sys.argv[1]))
assert status["layout_version"] == 1, status
assert [r["command"] for r in status["last_runs"]] == ["init"], status["last_runs"]
assert status["last_runs"][0]["outcome"] == "success"
PY

expect_exit 0 "$FK" status --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "layout      version 1"
expect_in "$WORK/last.out" "init  success (exit 0)"

# A refused command (here migrate from a folder that does not exist) writes nothing.
before=$(tree_listing "$ROOT")
expect_exit 2 "$FK" migrate --data-root "$ROOT" --from /somewhere --log-format text
expect_in "$WORK/last.err" "not a folder"
[[ "$before" == "$(tree_listing "$ROOT")" ]] || fail "a refused command wrote something"
# A misplaced option is a usage error (2) whose message quotes the arguments without a URL's password.
expect_exit 2 "$FK" status --data-root "$ROOT" --database-url postgresql://loader:s3cretPW@db/kaggle
expect_in "$WORK/last.err" "postgresql://loader:***@db/kaggle"
expect_not_in "$WORK/last.err" "s3cretPW"
echo "ok"
