#!/usr/bin/env bash
# Download pipeline benchmark: fetch-kaggle download (transfer + extraction + SHA-256 + CSV record
# counts + manifest, one pass) against the floor (`curl` of the same zip), the standard tools in
# sequence (`curl`, then `bsdtar -xf`, then `openssl dgst -sha256` of every file) and the official
# client's way (bench/official_client.py: requests in 1 MiB chunks, then zipfile.extractall), on the
# same generated dataset in the same run: on loopback unthrottled, and with the stand-in throttled
# to 100 and 50 MB/s (10^6 bytes). Every tool starts from the API's download URL (one redirect).
#   bench/bench_download.sh [--size 300M] [--build build/release] [--results bench/results]
cd "$(dirname "$0")/.."
source bench/lib.sh download "$@"
for tool in curl bsdtar openssl; do
  command -v $tool >/dev/null || { echo "bench_download: $tool is needed (scripts/install-deps.sh)" >&2; exit 2; }
done

CURL="curl (floor: the transfer alone)"
STD="curl, then bsdtar -xf, then openssl dgst -sha256"
OFFICIAL="official client's way (requests 1 MiB chunks + zipfile)"
OURS="fetch-kaggle download (+ sha256, records, manifest)"
bench_meta <<EOF
{"description": "download pipeline: transfer + extract + SHA-256 + manifest, from the stand-in's API",
 "floor": "$CURL", "peers": ["$STD", "$OFFICIAL"], "ours": ["$OURS"],
 "note": "groups: loopback unthrottled, stand-in throttled to 100 and 50 MB/s (10^6 bytes); MiB/s is of the extracted CSV; the peers do not hash (official) or count records",
 "targets": [
  {"description": "throttled 100 MB/s: fetch-kaggle within 1.15x of the transfer alone", "kind": "time_ratio", "group": "100 MB/s", "tool": "$OURS", "reference": "$CURL", "max": 1.15},
  {"description": "throttled 50 MB/s: fetch-kaggle within 1.15x of the transfer alone", "kind": "time_ratio", "group": "50 MB/s", "tool": "$OURS", "reference": "$CURL", "max": 1.15},
  {"description": "loopback: fetch-kaggle at least 2x faster than the official client's way", "kind": "time_ratio", "group": "loopback", "tool": "$OURS", "reference": "$OFFICIAL", "max": 0.5}
 ]}
EOF

curl -sfL -o /dev/null "$BASE/api/v1/datasets/download/bench/supermarkets" # build and cache the zip
run_group() { # group name, stand-in URL
  local group=$1 base=$2 url="$2/api/v1/datasets/download/bench/supermarkets"
  measure "$group" "$CURL" floor "$TMP/a.zip" -- curl -sfL -o "$TMP/a.zip" "$url"
  rm -f "$TMP/a.zip"
  measure "$group" "$STD" peer "$TMP/std" -- bash -c 'set -e; mkdir "$2"; curl -sfL -o "$2.zip" "$1"
    bsdtar -xf "$2.zip" -C "$2"; find "$2" -type f -exec openssl dgst -sha256 {} + >/dev/null' _ "$url" "$TMP/std"
  rm -rf "$TMP/std" "$TMP/std.zip"
  measure "$group" "$OFFICIAL" peer "$TMP/official" -- /usr/bin/python3 bench/official_client.py "$base" \
    bench/supermarkets "$TMP/official"
  rm -rf "$TMP/official"
  measure "$group" "$OURS" ours "$TMP/root/raw" -- "$FK" download bench/supermarkets --data-root "$TMP/root" \
    --api-endpoint "$base" --log-format text
  rm -rf "$TMP/root"
}
run_group loopback "$BASE"
start_server --throttle-bytes-per-sec 100000000
run_group "100 MB/s" "$URL"
start_server --throttle-bytes-per-sec 50000000
run_group "50 MB/s" "$URL"
bench_finish
