#!/usr/bin/env bash
# process --schema: a Frictionless Table Schema pins types and constraints. Every constraint kind is
# violated once in a file downloaded from the stand-in and reported at its exact record and field;
# the file is then invalid (exit 5) and not loaded; a file no glob matches is only profiled and keeps
# its inferred schema; the datasets config's `schemas:` entries work like --schema; a broken schema
# is a usage error (exit 2) that names the file, even with --dry-run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

v1=$(dataset_dir alice shop 1)
cat >"$v1/prices.csv" <<'CSV'
store,item,price,kind,updated
1,10,5.9,milk,2024-05-01
1,11,,bread,2024-05-01
1,10,6.1,milk,2024-05-02
2,12,-1,milk,2024-05-02
2,13,7.5,cheese,2024-05-02
2,14,8,milk,01/02/2024
2,15,nine,milk,2024-05-02
CSV
printf 'id,name\n1,a\n2,b\n' >"$v1/other.csv"
printf '{"title":"Shop","licenseName":"CC0-1.0"}\n' >"$FAKE_DATA/alice/shop/dataset.json"
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"
dl 0 alice/shop

schemas="$WORK/schemas"
mkdir -p "$schemas"
cat >"$schemas/prices.json" <<'JSON'
{"fields": [
  {"name": "store", "type": "integer"},
  {"name": "item", "type": "integer"},
  {"name": "price", "type": "number", "constraints": {"required": true, "minimum": 0}},
  {"name": "kind", "type": "string", "constraints": {"enum": ["milk", "bread"]}},
  {"name": "updated", "type": "date"}],
 "primaryKey": ["store", "item"]}
JSON
report="$ROOT/processed/$DAY/validation_report.json"
process() { "$FK" --data-root "$ROOT" --date "$DAY" --log-format json process "$@"; }

expect_exit 5 process --schema "prices*.csv=$schemas/prices.json"
validate validation_report "$report"
/usr/bin/python3 - "$report" "$ROOT/processed/$DAY" "$schemas/prices.json" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
processed, schema = sys.argv[2], sys.argv[3]
files = {f["path"]: f for f in report["datasets"][0]["files"]}
prices = files["prices.csv"]
assert prices["table_schema"] == schema and prices["valid"] is False, prices
got = [(e["code"], e["record"], e["field_number"], e["field_name"], e["value"]) for e in prices["profile"]["errors"]]
assert got == [
    ("constraint-error", 2, 3, "price", ""),
    ("primary-key", 3, None, None, "1,10"),
    ("constraint-error", 4, 3, "price", "-1"),
    ("constraint-error", 5, 4, "kind", "cheese"),
    ("type-error", 6, 5, "updated", "01/02/2024"),
    ("type-error", 7, 3, "price", "nine"),
], got
columns = {c["name"]: c for c in prices["profile"]["columns"]}
assert columns["updated"]["type"] == "date" and columns["updated"]["type_errors"] == 1, columns["updated"]
# A CSV checked against a contract gets no inferred schema; one without a contract keeps its own.
assert not os.path.exists(os.path.join(processed, "alice/shop/prices.csv.schema.json"))
assert os.path.exists(os.path.join(processed, "alice/shop/other.csv.schema.json"))
assert files["other.csv"]["table_schema"] is None and files["other.csv"]["valid"] is True
load = json.load(open(os.path.join(processed, "load_summary.json"), encoding="utf-8"))
status = {t["file"]: t["status"] for t in load["tables"]}
assert status == {"prices.csv": "skipped", "other.csv": "loaded"}, status
PY

# The same contract from the datasets config (path relative to the config file) gives the same errors.
cat >"$schemas/datasets.yaml" <<'YAML'
datasets:
  - ref: alice/shop
    schemas:
      "prices.csv": prices.json
YAML
expect_exit 5 process --no-load --config "$schemas/datasets.yaml"
/usr/bin/python3 - "$report" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
files = {f["path"]: f for f in report["datasets"][0]["files"]}
assert files["prices.csv"]["table_schema"].endswith("schemas/prices.json"), files["prices.csv"]
assert files["prices.csv"]["errors"] == 6, files["prices.csv"]
PY

# A broken schema stops the run before anything is read, with a usage error naming the file.
printf '{"fields": [{"name": "price", "type": "money"}]}' >"$schemas/broken.json"
before=$(sha256sum "$report")
expect_exit 2 process --dry-run --schema "$schemas/broken.json"
expect_in "$WORK/last.err" "broken.json"
expect_in "$WORK/last.err" "money"
expect_exit 2 process --schema "$WORK/missing.json"
expect_in "$WORK/last.err" "missing.json"
[[ $(sha256sum "$report") == "$before" ]] || fail "a failed run changed the report"
echo "ok"
