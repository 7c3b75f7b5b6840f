#!/usr/bin/env bash
# migrate --move from another filesystem (a tmpfs this script mounts): sources are removed only
# after their copies verify; a migration killed midway (twice) is finished by the next run, whose
# report lists every item; --rollback puts every moved source back; rollback of a copy removes it.
source "$(dirname "$0")/lib.sh"

[[ $(id -u) == 0 ]] || fail "this test mounts a tmpfs and must run as root (CI runs as root)"
OLD="$WORK/tmpfs"
mkdir -p "$OLD"
mount -t tmpfs -o size=256m fk-migrate-test "$OLD" || fail "cannot mount a tmpfs on $OLD"
CLEANUPS+=("umount -l $OLD")
ROOT="$WORK/data"
[[ $(stat -c %d "$OLD") != $(stat -c %d "$WORK") ]] || fail "the old tree and the data root are on one filesystem"

# 40 days of two 1.5 MiB files each, one with a Unicode name, and one empty day.
/usr/bin/python3 - "$OLD" <<'PY'
import hashlib, json, os, random, sys
old = sys.argv[1]
rng = random.Random(11)
for d in range(40):
    day = f"202402{d % 28 + 1:02d}" if d < 28 else f"202403{d - 27:02d}"
    folder = os.path.join(old, "kaggle_raw", day)
    os.makedirs(folder)
    files = []
    for name in ("prices.csv", "מחירים.csv"):
        data = "".join(f"{rng.randrange(10**9)},{rng.random()}\n" for _ in range(60000)).encode()
        open(os.path.join(folder, name), "wb").write(data)
        files.append({"filename": name, "path": "/gone/" + name, "size_bytes": len(data),
                      "sha256": hashlib.sha256(data).hexdigest(), "row_count": 60000})
    json.dump({"dataset": {"name": "Prices", "kaggle_id": "acme/prices", "url": "https://k/acme/prices",
                           "download_timestamp": "2024-02-01T00:00:00"}, "files": files},
              open(os.path.join(folder, "download_manifest.json"), "w"))
os.makedirs(os.path.join(old, "kaggle_raw", "20240401"))
PY
( cd "$OLD" && find kaggle_raw -name '*.csv' -type f -exec sha256sum {} + | sort -k2 ) >"$WORK/original.sha256"
[[ $(wc -l <"$WORK/original.sha256") == 80 ]] || fail "expected 80 source files"
expect_exit 0 "$FK" init --data-root "$ROOT"

# Start a --move and send signal $2 once the journal shows $1 items moved while it is still running;
# SIGTERM must stop it between two items with exit 143.
kill_after_moved() {
  "$FK" migrate --data-root "$ROOT" --from "$OLD" --move --log-format text >"$WORK/bg.out" 2>&1 &
  local pid=$! moved=0
  for _ in $(seq 3000); do
    moved=$(grep -c '"status": "moved"' "$ROOT/reports/migrate-journal.json" 2>/dev/null || true)
    ((moved >= $1)) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  kill "-$2" "$pid" 2>/dev/null || fail "the migration finished before it could be killed (moved: $moved)"
  local rc=0
  wait "$pid" 2>/dev/null || rc=$?
  ((moved >= $1)) || { cat "$WORK/bg.out" >&2; fail "the journal never showed $1 moved items"; }
  [[ $2 != TERM || $rc == 143 ]] || { cat "$WORK/bg.out" >&2; fail "SIGTERM gave exit $rc, not 143"; }
}

kill_after_moved 10 KILL
[[ -f $ROOT/reports/migrate-journal.json ]] || fail "a killed migration left no journal"
[[ -z $(find "$ROOT/reports" -maxdepth 1 -name 'migrate-2*.json') ]] || fail "a killed migration wrote a final report"
validate migration_report "$ROOT/reports/migrate-journal.json"
kill_after_moved 40 TERM
[[ -z $(find "$ROOT/.staging" -mindepth 1 -maxdepth 1 -name 'migrate-*' 2>/dev/null) ]] ||
  fail "a migration stopped by SIGTERM left a staging folder"
# Nothing is lost at any point: every original file is at its source or verified at its target.
( cd "$OLD" && find kaggle_raw -name '*.csv' -type f -exec sha256sum {} + ) >"$WORK/left.sha256"
/usr/bin/python3 - "$WORK/original.sha256" "$WORK/left.sha256" "$ROOT" <<'PY'
import hashlib, os, sys
original = dict(line.split(None, 1)[::-1] for line in open(sys.argv[1]).read().splitlines())
left = dict(line.split(None, 1)[::-1] for line in open(sys.argv[2]).read().splitlines())
for path, digest in original.items():
    day, name = path.split("/")[1:]
    target = os.path.join(sys.argv[3], "raw", day, "acme", "prices", name)
    here = left.get(path) == digest
    there = os.path.exists(target) and hashlib.sha256(open(target, "rb").read()).hexdigest() == digest
    assert here or there, f"{path} is neither at its source nor verified at its target"
    assert path not in left or left[path] == digest, f"{path} changed at its source"
PY

# The third run finishes the job; its report lists all 80 files as moved, the killed runs' too.
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD" --move --log-format text
[[ ! -e $ROOT/reports/migrate-journal.json ]] || fail "a finished migration left its journal"
[[ -z $(find "$OLD/kaggle_raw" -name '*.csv') ]] || fail "sources were left after a finished --move"
[[ -d $OLD/kaggle_raw/20240401 ]] || fail "the empty day was removed although nothing was migrated from it"
report=$(find "$ROOT/reports" -maxdepth 1 -name 'migrate-2*.json')
[[ $(echo "$report" | wc -l) == 1 && -n $report ]] || fail "expected one migration report: $report"
validate migration_report "$report"
/usr/bin/python3 - "$report" "$WORK/original.sha256" "$ROOT" <<'PY'
import hashlib, json, os, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["kind"] == "raw"]
assert len(items) == 80 and {i["status"] for i in items} == {"moved"}, sorted((i["source"], i["status"]) for i in items)
original = dict(line.split(None, 1)[::-1] for line in open(sys.argv[2]).read().splitlines())
for i in items:
    assert i["sha256"] == hashlib.sha256(open(i["target"], "rb").read()).hexdigest(), i
    assert original[os.path.relpath(i["source"], os.path.dirname(os.path.dirname(os.path.dirname(i["source"]))))] == i["sha256"]
PY
for day in $(ls "$ROOT/raw"); do validate download_manifest "$ROOT/raw/$day/download_manifest.json"; done
expect_exit 0 "$FK" verify --data-root "$ROOT"

# --dry-run of the rollback writes nothing; the rollback puts every source back, verified.
before=$(tree_listing "$ROOT")
expect_exit 0 "$FK" migrate --data-root "$ROOT" --rollback "$report" --dry-run
expect_in "$WORK/last.out" "restore  raw  $OLD/kaggle_raw/20240201/prices.csv"
[[ $before == "$(tree_listing "$ROOT")" ]] || fail "--rollback --dry-run wrote something"
expect_exit 0 "$FK" migrate --data-root "$ROOT" --rollback "$report"
( cd "$OLD" && find kaggle_raw -name '*.csv' -type f -exec sha256sum {} + | sort -k2 ) >"$WORK/restored.sha256"
cmp "$WORK/original.sha256" "$WORK/restored.sha256" || fail "rollback did not restore every source byte for byte"
[[ -z $(ls "$ROOT/raw") ]] || fail "rollback left raw days: $(ls "$ROOT/raw")"
rollback_report=$(find "$ROOT/reports" -maxdepth 1 -name 'migrate-rollback-*.json')
[[ -n $rollback_report ]] || fail "no rollback report"
validate migration_report "$rollback_report"

# A copy, then its rollback: the targets go, the sources were never touched.
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD"
copy_report=$(find "$ROOT/reports" -maxdepth 1 -name 'migrate-2*.json' -newer "$rollback_report")
[[ -n $copy_report ]] || fail "no report for the copy"
[[ $(find "$ROOT/raw" -name '*.csv' | wc -l) == 80 ]] || fail "the copy did not land"
expect_exit 0 "$FK" migrate --data-root "$ROOT" --rollback "$copy_report"
[[ -z $(ls "$ROOT/raw") ]] || fail "rollback of a copy left raw days"
( cd "$OLD" && find kaggle_raw -name '*.csv' -type f -exec sha256sum {} + | sort -k2 ) >"$WORK/after-copy.sha256"
cmp "$WORK/original.sha256" "$WORK/after-copy.sha256" || fail "a copy or its rollback changed the sources"

# A journal of another --from blocks a new migration until it is finished or rolled back.
expect_exit 0 "$FK" migrate --data-root "$ROOT" --from "$OLD" --move --dry-run
echo '{"schema":"fetch-kaggle/migration-report","from":"/elsewhere","finished":false,"items":[]}' \
  >"$ROOT/reports/migrate-journal.json"
expect_exit 2 "$FK" migrate --data-root "$ROOT" --from "$OLD"
expect_in "$WORK/last.err" "a migration from /elsewhere has not finished"
expect_exit 0 "$FK" migrate --data-root "$ROOT" --rollback "$ROOT/reports/migrate-journal.json"
[[ ! -e $ROOT/reports/migrate-journal.json ]] || fail "rolling back the journal did not end it"
echo "ok"
