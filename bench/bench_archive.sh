#!/usr/bin/env bash
# Archive benchmark: fetch-kaggle archive (tar + parallel gzip, verify after write, checksum file)
# and its zstd option, against `tar -czf`, `tar -I pigz -cf` and `tar --zstd -cf` on the same
# generated day in the same run (the tools archive raw/<day> only; ours adds the read-back check).
#   bench/bench_archive.sh [--size 1.5G] [--build build/release]
cd "$(dirname "$0")/.."
ARGS=("$@")
[[ " $* " == *" --size "* ]] || ARGS+=(--size 1.5G)
source bench/lib.sh "${ARGS[@]}"
command -v pigz >/dev/null || apt-get install -y -qq --no-install-recommends pigz >/dev/null </dev/null ||
  { echo "bench_archive: pigz is needed (apt-get install pigz)" >&2; exit 2; }
command -v zstd >/dev/null || apt-get install -y -qq --no-install-recommends zstd >/dev/null </dev/null ||
  { echo "bench_archive: zstd is needed (apt-get install zstd)" >&2; exit 2; }

DAY=20260101
"$FK" download bench/supermarkets --data-root "$WORK/root" --api-endpoint "$BASE" --date $DAY --log-format text >/dev/null 2>&1
kill $server 2>/dev/null; wait $server 2>/dev/null; server=""
rm -rf "$WORK/cache" "$WORK/datasets" # only the day stays on disk
RAW="$WORK/root/raw"
cat "$RAW/$DAY"/*/*/* >/dev/null # warm the page cache
bytes=$(du -sb "$RAW/$DAY" | cut -f1)

run_tool() { # name, output file, command...
  local name=$1 out=$2
  shift 2
  local t
  t=$(seconds "$@")
  printf '%-52s %8.2f %9.0f %9.1f %7.3f\n' "$name" "$t" "$(echo "$bytes / $t / 1048576" | bc -l)" \
    "$(echo "$(stat -c %s "$out") / 1048576" | bc -l)" "$(echo "$(stat -c %s "$out") / $bytes" | bc -l)"
  rm -f "$out"
}

printf 'archive of one generated day: %d MiB, %d cores\n' $((bytes >> 20)) "$(nproc)"
printf '%-52s %8s %9s %9s %7s\n' "tool" seconds "MiB/s" "MiB out" ratio
run_tool "tar -czf (gzip -6, one core)" "$WORK/a.tar.gz" tar -C "$WORK/root" -czf "$WORK/a.tar.gz" raw/$DAY
run_tool "tar -I pigz -cf (gzip -6, every core)" "$WORK/b.tar.gz" tar -C "$WORK/root" -I pigz -cf "$WORK/b.tar.gz" raw/$DAY
run_tool "tar --zstd -cf (zstd -3, one core)" "$WORK/c.tar.zst" tar -C "$WORK/root" --zstd -cf "$WORK/c.tar.zst" raw/$DAY
run_tool "tar -I 'zstd -T0' -cf (zstd -3, every core)" "$WORK/d.tar.zst" tar -C "$WORK/root" -I "zstd -T0" -cf "$WORK/d.tar.zst" raw/$DAY
A="$WORK/root/archive/$DAY.tar.gz"
run_tool "fetch-kaggle archive (gzip 6 + verify + sha256)" "$A" \
  "$FK" archive --date $DAY --no-prune --data-root "$WORK/root" --log-format text
Z="$WORK/root/archive/$DAY.tar.zst"
run_tool "fetch-kaggle archive --format tar.zst (+ verify)" "$Z" \
  "$FK" archive --date $DAY --format tar.zst --no-prune --data-root "$WORK/root" --log-format text
# What the read back costs on its own: verify --archives re-hashes raw/<day> and reads the archive.
"$FK" archive --date $DAY --no-prune --data-root "$WORK/root" --log-format text >/dev/null 2>&1
t_verify=$(seconds "$FK" verify --archives --date $DAY --data-root "$WORK/root" --log-format text)
printf '%-52s %8.2f\n' "fetch-kaggle verify --archives (raw + archive re-check)" "$t_verify"
gzip -t "$A" && echo "gzip -t: ok ($(stat -c %s "$A") bytes)"
