#!/usr/bin/env bash
# kill -9 in the middle of writing an archive leaves nothing at the final name (only a temporary
# that is never counted as an archive); the next run removes the temporary and completes.
source "$(dirname "$0")/lib.sh"

ROOT="$WORK/root"
DAY=$(date -u -d '-3 days' +%Y%m%d)
unset KAGGLE_DATA_ROOT FETCH_KAGGLE_CONFIG
expect_exit 0 "$FK" init --data-root "$ROOT"
# A 48 MiB day written by hand, with its manifest.
/usr/bin/python3 - "$ROOT/raw/$DAY" "$DAY" <<'PY'
import hashlib, json, os, random, sys
day_dir, day = sys.argv[1], sys.argv[2]
folder = os.path.join(day_dir, "bench", "big")
os.makedirs(folder)
rng = random.Random(5)
words = [f"item{i}" for i in range(500)]
files = []
for n in range(2):
    lines = ["id,name,price,store"]
    size = 0
    while size < 24 << 20:
        line = f"{rng.randrange(10**9)},{rng.choice(words)},{rng.randrange(100000) / 100},{rng.randrange(900)}"
        lines.append(line)
        size += len(line) + 1
    data = ("\n".join(lines) + "\n").encode()
    name = f"part{n}.csv"
    open(os.path.join(folder, name), "wb").write(data)
    files.append({"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "records": len(lines) - 1})
manifest = {"schema": "fetch-kaggle/download-manifest", "schema_version": 1, "day": day, "updated_at": "2026-01-01T00:00:00Z",
            "tool_version": "test", "datasets": [{"ref": "bench/big", "version": 1, "status": "downloaded", "files": files}]}
json.dump(manifest, open(os.path.join(day_dir, "download_manifest.json"), "w"))
PY

# The slowest settings, so that the run is surely still compressing when it is killed.
"$FK" archive --date "$DAY" --level 12 --threads 1 --no-prune --data-root "$ROOT" --log-format text >"$WORK/bg.out" 2>&1 &
BG_PID=$!
for _ in $(seq 600); do
  temp=$(find "$ROOT/archive" -name ".$DAY.tar.gz.tmp-*" -size +1k 2>/dev/null | head -1)
  [[ -n $temp ]] && break
  sleep 0.05
done
[[ -n $temp ]] || { cat "$WORK/bg.out" >&2; fail "no temporary archive appeared"; }
kill -9 "$BG_PID"
wait "$BG_PID" 2>/dev/null || true
[[ ! -e $ROOT/archive/$DAY.tar.gz && ! -e $ROOT/archive/$DAY.tar.gz.sha256 ]] || fail "a killed run left a file at the final name"
[[ -f $temp ]] || fail "expected the killed run's temporary to be left"
"$FK" status --json --data-root "$ROOT" >"$WORK/status.json"
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
archive = s["areas"]["archive"]
assert archive["days"] == [], archive' "$WORK/status.json" || fail "status counts the temporary as an archive"
expect_exit 0 "$FK" verify --archives --date "$DAY" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "1 checked, 0 mismatch(es)"

# The next run sweeps the temporary and completes.
expect_exit 0 "$FK" archive --date "$DAY" --no-prune --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "archived $DAY  3 files  48.0 MiB"
[[ $(ls -A "$ROOT/archive" | tr '\n' ' ') == "$DAY.tar.gz $DAY.tar.gz.sha256 $DAY.tar.gz.written.json " ]] || { ls -la "$ROOT/archive" >&2; fail "leftovers in archive/"; }
gzip -t "$ROOT/archive/$DAY.tar.gz" || fail "gzip -t rejects the archive"
(cd "$ROOT/archive" && sha256sum -c --strict "$DAY.tar.gz.sha256") >/dev/null || fail "checksum mismatch"
# 48 MiB in 4 MiB blocks: the parallel writer made many gzip members, and gzip still reads them as one stream.
members=$(/usr/bin/python3 -c '
import sys, zlib
data = open(sys.argv[1], "rb").read()
count = 0
while data:
    d = zlib.decompressobj(31)
    d.decompress(data)
    assert d.eof, "truncated member"
    data = d.unused_data
    count += 1
print(count)' "$ROOT/archive/$DAY.tar.gz")
((members >= 12)) || fail "expected at least 12 gzip members, got $members"
tar -xzf "$ROOT/archive/$DAY.tar.gz" -C "$WORK" && cmp "$WORK/raw/$DAY/bench/big/part1.csv" "$ROOT/raw/$DAY/bench/big/part1.csv" ||
  fail "tar -xzf does not give back the file"
expect_exit 0 "$FK" verify --archives --date "$DAY" --data-root "$ROOT" --log-format text
expect_in "$WORK/last.out" "2 checked, 0 mismatch(es)"
echo "ok"
