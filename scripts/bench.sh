#!/usr/bin/env bash
# Run every benchmark (bench/bench_*.sh) on the same generated dataset in the same run, print one
# table and write bench/results/<name>.json per benchmark (machine facts, every row, targets met or not).
#   scripts/bench.sh [--size 1.5G] [--build DIR] [--only NAME,...] [--smoke] [--results DIR] [--rss-sizes 1G,4G]
# Benchmarks: download, validate, load, archive, rss (peak memory at --rss-sizes). Without --build,
# build/release is configured (RelWithDebInfo) if needed and fetch-kaggle and fake-kaggle are built.
# --smoke: 20M of data, rss at 10M,40M, results under BUILD/bench-results; fails when a tool or
# fetch-kaggle fails or a result is missing or not JSON (no timing assertion). Exit 0 when every
# benchmark ran, 1 when one failed, 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL=(download validate load archive rss)
SIZE=1.5G
BUILD=""
ONLY=""
SMOKE=0
RESULTS=""
RSS_SIZES=1G,4G
usage() { echo "usage: scripts/bench.sh [--size 1.5G] [--build DIR] [--only $(IFS=,; echo "${ALL[*]}")] [--smoke] [--results DIR] [--rss-sizes 1G,4G]" >&2; exit 2; }
while (($#)); do
  case $1 in
    --size) SIZE=${2:?}; shift 2 ;;
    --build) BUILD=${2:?}; shift 2 ;;
    --only) ONLY=${2:?}; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    --results) RESULTS=${2:?}; shift 2 ;;
    --rss-sizes) RSS_SIZES=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done 2>/dev/null || usage
if ((SMOKE)); then
  SIZE=20M
  RSS_SIZES=10M,40M
fi
NAMES=("${ALL[@]}")
if [[ -n $ONLY ]]; then
  IFS=, read -r -a NAMES <<<"$ONLY"
  for name in "${NAMES[@]}"; do
    [[ " ${ALL[*]} " == *" $name "* ]] || { echo "bench: unknown benchmark '$name' (choose from ${ALL[*]})" >&2; exit 2; }
  done
fi

if [[ -z $BUILD ]]; then
  BUILD=build/release
  [[ -f $BUILD/build.ninja ]] || cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD" --target fetch-kaggle fake-kaggle
fi
[[ -n $RESULTS ]] || { ((SMOKE)) && RESULTS=$BUILD/bench-results || RESULTS=bench/results; }
# No shared dataset when only the peak-memory benchmark (which makes its own) runs.
[[ ${NAMES[*]} == rss ]] && export FK_BENCH_NO_DATA=1
source bench/lib.sh shared --size "$SIZE" --build "$BUILD" --rss-sizes "$RSS_SIZES" --results "$RESULTS"

echo "bench: ${NAMES[*]} on $SIZE of generated CSV (rss: $RSS_SIZES; seed $SEED), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
failed=()
for name in "${NAMES[@]}"; do
  echo "=== bench $name"
  rm -f "$ROWS/$name".*
  FK_BENCH_WORK=$WORK FK_BENCH_BASE=${BASE:-} FK_BENCH_ROWS=$ROWS bash "bench/bench_$name.sh" --size "$SIZE" \
    --build "$BUILD" --rss-sizes "$RSS_SIZES" || failed+=("$name")
done
stop_servers
mkdir -p "$RESULTS"
for name in "${NAMES[@]}"; do rm -f "$RESULTS/$name.json"; done
/usr/bin/python3 bench/report.py --rows "$ROWS" --results "$RESULTS" --size "$SIZE" --seed "$SEED" "${NAMES[@]}" ||
  true # a missing result is caught below
for name in "${NAMES[@]}"; do
  if ! /usr/bin/python3 -m json.tool "$RESULTS/$name.json" >/dev/null 2>&1; then
    echo "bench: $RESULTS/$name.json is missing or not valid JSON" >&2
    [[ " ${failed[*]} " == *" $name "* ]] || failed+=("$name")
  fi
done
if ((${#failed[@]})); then
  echo "bench: failed: ${failed[*]} (see above)" >&2
  exit 1
fi
echo "bench: ${#NAMES[@]} benchmarks ran; results in $RESULTS/"
