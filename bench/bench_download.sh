#!/usr/bin/env bash
# Download pipeline benchmark: fetch-kaggle download (transfer + extraction + SHA-256 + CSV record
# counts + manifest, one pass) against the floor (`curl` of the same zip) and the standard way
# (`curl`, then `unzip`, then `sha256sum`), on the same generated dataset in the same run.
#   bench/bench_download.sh [--size 300M] [--build build/release]
cd "$(dirname "$0")/.."
source bench/lib.sh "$@"

URL="$BASE/storage/bench/supermarkets/1/archive.zip"
curl -sf -o /dev/null "$URL" # build and cache the zip, warm the page cache

t_curl=$(seconds curl -sf -o "$WORK/a.zip" "$URL")
zip_bytes=$(stat -c %s "$WORK/a.zip")
t_std=$(seconds bash -c "curl -sf -o '$WORK/b.zip' '$URL' && unzip -q -o '$WORK/b.zip' -d '$WORK/unzipped' && sha256sum '$WORK'/unzipped/* >/dev/null")
t_fk=$(seconds "$FK" download bench/supermarkets --data-root "$WORK/root" --api-endpoint "$BASE" --log-format text)
data_bytes=$(du -sb "$DATASET_DIR" | cut -f1)
printf '%-44s %8s %8s\n' "download pipeline ($((data_bytes >> 20)) MiB CSV, $((zip_bytes >> 20)) MiB zip)" seconds "vs fk"
printf '%-44s %8.2f %8.2f\n' "curl (floor: transfer only)" "$t_curl" "$(echo "$t_curl / $t_fk" | bc -l)"
printf '%-44s %8.2f %8.2f\n' "curl + unzip + sha256sum" "$t_std" "$(echo "$t_std / $t_fk" | bc -l)"
printf '%-44s %8.2f %8.2f\n' "fetch-kaggle download (+records, manifest)" "$t_fk" 1
