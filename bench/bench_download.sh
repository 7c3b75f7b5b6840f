#!/usr/bin/env bash
# Download pipeline benchmark: fetch-kaggle download (transfer + extraction + SHA-256 + CSV record
# counts + manifest, one pass) against the floor (`curl` of the same zip) and the standard way
# (`curl`, then `unzip`, then `sha256sum`), on the same generated dataset in the same run.
#   bench/bench_download.sh [--size 300M] [--build build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=300M
BUILD=build/release
while (($#)); do
  case $1 in
    --size) SIZE=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    *) echo "usage: $0 [--size 300M] [--build DIR]" >&2; exit 2 ;;
  esac
done
FK=$BUILD/src/fetch-kaggle
FAKE=$BUILD/tests/fake_kaggle/fake-kaggle
[[ -x $FK && -x $FAKE ]] || { echo "build first: cmake --build $BUILD --target fetch-kaggle fake-kaggle" >&2; exit 2; }
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

WORK=$(mktemp -d /tmp/fk-bench.XXXXXX)
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
/usr/bin/python3 bench/generate_dataset.py "$WORK/datasets/bench/supermarkets/versions/1" --size "$SIZE" --seed 7
"$FAKE" --datasets "$WORK/datasets" --port 0 --port-file "$WORK/port" --cache-dir "$WORK/cache" 2>"$WORK/server.log" &
server=$!
for _ in $(seq 200); do [[ -s "$WORK/port" ]] && break; sleep 0.05; done
BASE="http://127.0.0.1:$(cat "$WORK/port")"
URL="$BASE/storage/bench/supermarkets/1/archive.zip"
curl -sf -o /dev/null "$URL" # build and cache the zip, warm the page cache

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
t_curl=$(seconds curl -sf -o "$WORK/a.zip" "$URL")
zip_bytes=$(stat -c %s "$WORK/a.zip")
t_std=$(seconds bash -c "curl -sf -o '$WORK/b.zip' '$URL' && unzip -q -o '$WORK/b.zip' -d '$WORK/unzipped' && sha256sum '$WORK'/unzipped/* >/dev/null")
t_fk=$(seconds "$FK" download bench/supermarkets --data-root "$WORK/root" --api-endpoint "$BASE" --log-format text)
data_bytes=$(du -sb "$WORK/datasets/bench/supermarkets/versions/1" | cut -f1)
printf '%-44s %8s %8s\n' "download pipeline ($((data_bytes >> 20)) MiB CSV, $((zip_bytes >> 20)) MiB zip)" seconds "vs fk"
printf '%-44s %8.2f %8.2f\n' "curl (floor: transfer only)" "$t_curl" "$(echo "$t_curl / $t_fk" | bc -l)"
printf '%-44s %8.2f %8.2f\n' "curl + unzip + sha256sum" "$t_std" "$(echo "$t_std / $t_fk" | bc -l)"
printf '%-44s %8.2f %8.2f\n' "fetch-kaggle download (+records, manifest)" "$t_fk" 1
