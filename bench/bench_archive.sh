#!/usr/bin/env bash
# Archive benchmark: fetch-kaggle archive (tar + parallel gzip, verify after write, checksum file)
# and its zstd option, against the floor (`tar -cf`, no compression) and `tar -czf`,
# `tar -I pigz -cf`, `tar --zstd -cf`, `tar -I 'zstd -T0' -cf` on the same generated day in the same
# run (the tools archive raw/<day> only; ours adds the read-back check and the .sha256 file).
#   bench/bench_archive.sh [--size 300M] [--build build/release] [--results bench/results]
cd "$(dirname "$0")/.."
source bench/lib.sh archive "$@"
for tool in pigz zstd; do
  command -v $tool >/dev/null || { echo "bench_archive: $tool is needed (scripts/install-deps.sh)" >&2; exit 2; }
done

TAR="tar -cf (floor: no compression)"
GZ="tar -czf (gzip -6, one core)"
PIGZ="tar -I pigz -cf (gzip -6, every core)"
ZST="tar --zstd -cf (zstd -3, one core)"
ZST0="tar -I 'zstd -T0' -cf (zstd -3, every core)"
ZST1="tar -I 'zstd -1 -T0' -cf (zstd -1, every core)"
OURS="fetch-kaggle archive (gzip, default level 5, + verify + sha256)"
OURS6="fetch-kaggle archive --level 6 (+ verify + sha256)"
OURS_ZST="fetch-kaggle archive --format tar.zst (default level 1, + verify)"
OURS_ZST3="fetch-kaggle archive --format tar.zst --level 3 (+ verify)"
VERIFY="fetch-kaggle verify --archives (raw + archive re-check)"
bench_meta <<EOF2
{"description": "archiving one day (raw/<day> -> one compressed tar), page cache warm",
 "floor": "$TAR", "peers": ["$GZ", "$PIGZ", "$ZST", "$ZST0", "$ZST1"], "ours": ["$OURS", "$OURS6", "$OURS_ZST", "$OURS_ZST3"],
 "note": "ours also reads the archive back and checks every member against the manifest; the verify row is that check on its own; libdeflate level 5 (our default) compresses smaller than gzip -6, and zstd level 1 (our default) smaller than zstd -3 on this data, see docs/archive.md",
 "targets": [
  {"description": ".tar.gz at least 4x faster than tar -czf", "kind": "time_ratio", "group": "archive", "tool": "$OURS", "reference": "$GZ", "max": 0.25},
  {"description": ".tar.gz output at most 2% larger than tar -czf's", "kind": "size_ratio", "group": "archive", "tool": "$OURS", "reference": "$GZ", "max": 1.02},
  {"description": ".tar.gz faster than tar -I pigz on the same cores", "kind": "time_ratio", "group": "archive", "tool": "$OURS", "reference": "$PIGZ", "max": 1.0},
  {"description": "zstd at least 8x faster than tar -czf", "kind": "time_ratio", "group": "archive", "tool": "$OURS_ZST", "reference": "$GZ", "max": 0.125}
 ]}
EOF2

DAY=20260101
fetch_day "$TMP/root"
G=archive
measure $G "$TAR" floor "$TMP/a.tar" -- tar -C "$TMP/root" -cf "$TMP/a.tar" raw/$DAY
measure $G "$GZ" peer "$TMP/a.tar.gz" -- tar -C "$TMP/root" -czf "$TMP/a.tar.gz" raw/$DAY
measure $G "$PIGZ" peer "$TMP/b.tar.gz" -- tar -C "$TMP/root" -I pigz -cf "$TMP/b.tar.gz" raw/$DAY
measure $G "$ZST" peer "$TMP/c.tar.zst" -- tar -C "$TMP/root" --zstd -cf "$TMP/c.tar.zst" raw/$DAY
measure $G "$ZST0" peer "$TMP/d.tar.zst" -- tar -C "$TMP/root" -I "zstd -T0" -cf "$TMP/d.tar.zst" raw/$DAY
measure $G "$ZST1" peer "$TMP/e.tar.zst" -- tar -C "$TMP/root" -I "zstd -1 -T0" -cf "$TMP/e.tar.zst" raw/$DAY
rm -f "$TMP"/*.tar*
A="$TMP/root/archive/$DAY.tar.gz"
measure $G "$OURS" ours "$A" -- "$FK" archive --date $DAY --no-prune --data-root "$TMP/root" --log-format text
quiet gzip -t "$A"
measure $G "$OURS6" ours "$A" -- "$FK" archive --date $DAY --level 6 --no-prune --data-root "$TMP/root" --log-format text
quiet gzip -t "$A"
measure $G "$OURS_ZST" ours "$TMP/root/archive/$DAY.tar.zst" -- \
  "$FK" archive --date $DAY --format tar.zst --no-prune --data-root "$TMP/root" --log-format text
quiet zstd -tq "$TMP/root/archive/$DAY.tar.zst"
measure $G "$OURS_ZST3" ours "$TMP/root/archive/$DAY.tar.zst" -- \
  "$FK" archive --date $DAY --format tar.zst --level 3 --no-prune --data-root "$TMP/root" --log-format text
quiet zstd -tq "$TMP/root/archive/$DAY.tar.zst"
# What the read back costs on its own: verify --archives re-hashes raw/<day> and reads the archive.
quiet "$FK" archive --date $DAY --no-prune --data-root "$TMP/root" --log-format text
measure $G "$VERIFY" ours - -- "$FK" verify --archives --date $DAY --data-root "$TMP/root" --log-format text
bench_finish
