#!/usr/bin/env bash
# init is idempotent, --dry-run writes nothing, global options work on either side of the subcommand.
source "$(dirname "$0")/lib.sh"

ROOT="$WORK/data/kaggle"
expect_exit 0 "$FK" --dry-run init --data-root "$ROOT"
[[ ! -e "$WORK/data" ]] || fail "--dry-run created something"
expect_in "$WORK/last.out" "would create folder $ROOT/raw"

expect_exit 0 "$FK" init --data-root "$ROOT" --log-format text
for area in raw processed archive reports metadata .staging; do [[ -d "$ROOT/$area" ]] || fail "$area missing"; done
validate layout "$ROOT/layout.json"
first=$(tree_listing "$ROOT")

expect_exit 0 "$FK" --data-root "$ROOT" init
expect_in "$WORK/last.out" "nothing to do"
second=$(tree_listing "$ROOT")
[[ "$first" == "$second" ]] || { diff <(echo "$first") <(echo "$second") >&2; fail "second init changed the tree"; }

# KAGGLE_DATA_ROOT is used when --data-root is absent.
KAGGLE_DATA_ROOT="$WORK/env-root" expect_exit 0 "$FK" init
[[ -f "$WORK/env-root/layout.json" ]] || fail "KAGGLE_DATA_ROOT ignored"

# The run report of the first init validates against its schema.
reports=("$ROOT"/reports/*/init-*Z-*.json)
[[ ${#reports[@]} == 1 ]] || fail "expected one init report, found ${#reports[@]}"
validate run_report "${reports[@]}"

# --json output is one JSON document.
expect_exit 0 "$FK" init --json --data-root "$ROOT"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is True' "$WORK/last.out"

# Usage errors: exit 2 with a clear message.
expect_exit 2 "$FK" init --data-root "$ROOT" --date 20250230
expect_in "$WORK/last.err" "invalid date '20250230'"
expect_exit 2 "$FK" --no-such-option init
expect_exit 2 "$FK"
expect_exit 0 "$FK" --version
expect_in "$WORK/last.out" "fetch-kaggle "
echo "ok"
